"""What a msgid says in a language, for the tests of pages and records read in Hindi and Bengali."""

from django.utils import translation


def said(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def translated(language: str, msgid: str) -> bool:
    return said(language, msgid) != msgid
