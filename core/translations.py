"""The interface in Hindi and Bengali: where the catalogues are, what is extracted, and compiling them.

`locale/<lang>/LC_MESSAGES/django.po` holds every interface string with its translation (the
terms in docs/glossary.md). `python manage.py translations update` extracts the marked strings
again (Django's makemessages, which needs GNU gettext: `make system-deps`) into both catalogues;
new strings arrive empty and `tests/test_translations.py` fails until they are translated.
`python manage.py translations compile` (run by `make run` and `make test`) writes the `.mo` files
with polib, so a fresh machine needs no gettext to show the translations. Fuzzy entries are not
compiled (an unreviewed guess is never shown) and the test refuses them.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

LANGUAGES = ("hi", "bn")
DOMAIN = "django"
# Not interface text: the tests and benchmarks, the virtualenv, vendored code, the docs.
IGNORE = (".venv/*", "tests/*", "bench/*", "static/vendor/*", "node_modules/*", "docs/*", "media/*", "var/*")


def locale_root() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalogue(language: str, root: Path | None = None) -> Path:
    return (root or locale_root()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_all(root: Path | None = None, *, force: bool = False) -> list[Path]:
    """Each catalogue's .mo, rewritten when the .po is newer (or `force`); the files written."""
    import polib

    written = []
    for language in LANGUAGES:
        po_path = catalogue(language, root)
        if not po_path.exists():
            continue
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


class TranslatedName:
    """A reference row shipped with Nyaya (a state, a form of exploitation, a failure point, a
    deadline rule, a scheme) keeps its English `name` in the database; where the rows are defined
    the names are marked with gettext_noop, so `label` is the name in the reader's language. A row
    a coordinator added, which no catalogue holds, reads as she typed it."""

    name: str

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.name) if self.name else ""

    def __str__(self) -> str:
        return self.label
