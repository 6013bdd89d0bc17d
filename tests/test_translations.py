"""Every interface string is in Hindi and Bengali, reviewed (never fuzzy), with its placeholders kept;
the catalogues hold every string the code marks; the interface shows them (issue 19)."""

import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from core import translations
from tests.conftest import TOOLS_REQUIRED, need_service

PLACEHOLDER = re.compile(r"%\([a-zA-Z_0-9]+\)[sdfi]|%[sdfi]|\{[a-zA-Z_0-9]*\}|</?[a-zA-Z][^>]*>|&[a-z]+;")


def _entries(language):
    path = translations.catalogue(language)
    assert path.exists(), f"{path} is missing"
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_no_string_is_untranslated_or_fuzzy(language):
    entries = _entries(language)
    assert len(entries) > 3000
    untranslated = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}, e.g. {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}, e.g. {fuzzy[:10]}"


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_translations_keep_their_placeholders_and_markup(language):
    wrong = []
    for e in _entries(language):
        pairs = (
            [(e.msgid, e.msgstr_plural[0]), (e.msgid_plural, e.msgstr_plural[1])]
            if e.msgid_plural
            else [(e.msgid, e.msgstr)]
        )
        if not e.translated():
            continue  # the test above names it
        for english, translated in pairs:
            expected, got = Counter(PLACEHOLDER.findall(english)), Counter(PLACEHOLDER.findall(translated))
            # A singular may say "one" instead of its count.
            if expected != got and not (e.msgid_plural and set(got) <= set(expected)):
                wrong.append((english, translated))
    assert not wrong, f"{len(wrong)} in {language}, e.g. {wrong[:5]}"


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_translations_use_latin_digits_and_the_languages_own_script(language):
    """docs/glossary.md: numbers stay 0-9 (they are copied from police and court papers)."""
    local_digits = re.compile("[०-९]" if language == "hi" else "[০-৯]")
    script = re.compile("[ऀ-ॿ]" if language == "hi" else "[ঀ-৿]")
    entries = _entries(language)
    assert not [e.msgstr for e in entries if local_digits.search(e.msgstr)]
    in_script = [e for e in entries if script.search(e.msgstr or (e.msgstr_plural or {}).get(0, ""))]
    assert len(in_script) > 0.9 * len(entries)


def test_the_catalogues_hold_every_string_the_code_marks(tmp_path, settings, monkeypatch):
    """A newly marked string fails here until `make messages` has added it and it is translated.

    Extracted from a copy of the code: run in the project, makemessages would write into locale/."""
    need_service(
        "GNU gettext (xgettext, from make system-deps)", bool(shutil.which("xgettext")), required=TOOLS_REQUIRED
    )
    root = Path(translations.__file__).resolve().parents[1]
    held_by_language = {
        language: {(e.msgctxt, e.msgid) for e in _entries(language)} for language in translations.LANGUAGES
    }
    source = tmp_path / "src"
    shutil.copytree(
        root,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "var", "locale", "tests", "bench", "docs", "media", "node_modules", "__pycache__", "*.pyc", "*.mo"
        ),
    )
    monkeypatch.chdir(source)
    settings.LOCALE_PATHS = [tmp_path / "extracted"]
    call_command(
        "makemessages", locale=["hi"], ignore_patterns=list(translations.IGNORE), add_location="never", verbosity=0
    )
    extracted_path = translations.catalogue("hi", tmp_path / "extracted")
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(extracted_path)) if e.msgid}
    assert len(extracted) > 3000
    for language, held in held_by_language.items():
        missing = sorted(extracted - held, key=str)
        assert not missing, f"{len(missing)} strings not in locale/{language} (run make messages), e.g. {missing[:10]}"


def test_compiled_catalogues_are_current():
    for language in translations.LANGUAGES:
        mo = translations.catalogue(language).with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= translations.catalogue(language).stat().st_mtime


def test_compile_writes_each_catalogue(tmp_path):
    for language in translations.LANGUAGES:
        target = translations.catalogue(language, tmp_path)
        target.parent.mkdir(parents=True)
        shutil.copy(translations.catalogue(language), target)
    written = translations.compile_all(tmp_path)
    assert sorted(p.parent.parent.name for p in written) == sorted(translations.LANGUAGES)
    hindi = polib.mofile(str(Path(tmp_path) / "hi" / "LC_MESSAGES" / "django.mo"))
    assert hindi.find("Cases") is not None and hindi.find("Cases").msgstr
    assert translations.compile_all(tmp_path) == []  # unchanged: nothing rewritten


def test_every_state_name_is_marked_for_translation():
    import json

    from consortium.reference import REGIONS_FILE
    from consortium.state_names import STATE_NAMES

    assert [s["name"] for s in json.loads(REGIONS_FILE.read_text())["states"]] == STATE_NAMES
