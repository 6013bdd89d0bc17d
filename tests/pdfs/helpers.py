"""Reading generated PDFs back in tests (pypdf)."""

import io

from pypdf import PdfReader


def reader(data: bytes, password: str | None = None) -> PdfReader:
    pdf = PdfReader(io.BytesIO(data))
    if pdf.is_encrypted:
        assert password is not None, "the PDF is encrypted"
        assert pdf.decrypt(password), "the password did not open the PDF"
    return pdf


def pdf_text(data: bytes, password: str | None = None) -> str:
    return "\n".join(page.extract_text() or "" for page in reader(data, password).pages)


def embedded_fonts(data: bytes, password: str | None = None) -> dict[str, bool]:
    """BaseFont name (subset prefix dropped) -> whether its glyphs are embedded (/FontFile2)."""
    fonts: dict[str, bool] = {}
    for page in reader(data, password).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            embedded = bool(descriptor and "/FontFile2" in descriptor.get_object())
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            fonts[name] = fonts.get(name, False) or embedded
    return fonts
