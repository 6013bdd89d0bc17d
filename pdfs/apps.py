from django.apps import AppConfig


class PdfsConfig(AppConfig):
    """The PDFs Nyaya writes (case dossier, compensation application, letters to the survivor):
    the top layer, since each reads cases, legal and compensation. No models of its own: a
    request's row is cases.GeneratedDocument."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "pdfs"
    verbose_name = "Generated PDFs"
