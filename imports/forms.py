from django import forms
from django.utils.translation import gettext_lazy as _

from .reading import MAX_BYTES
from .registry import KINDS


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An XLSX workbook made from the template, or one CSV file of one kind of rows (at most 5 MB)."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of rows in a CSV file"),
        required=False,
        help_text=_("Leave as it is to recognise it from the header row. A workbook names its kinds by its sheets."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Recognise from the header"))] + [(k.key, k.label) for k in KINDS]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it into several files."))
        return upload
