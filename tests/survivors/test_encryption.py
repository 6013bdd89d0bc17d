"""Survivor data at rest: encrypted columns, blind indexes for exact search, key rotation,
and the minor flag that drives the consent rules."""

import datetime
import hashlib
import io
import unicodedata

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError
from django.db import connection

from cases import services
from cases.factories import give_consent
from cases.models import Case, CaseDocument, CaseNote, CaseRole
from cases.selectors import case_list_for_page
from consortium.models import Role
from core.crypto import blind_index, decrypt_text, normalise_name, normalise_phone
from survivors.models import Consent, ConsentPurpose, Survivor, SurvivorSearchToken
from tests.cases.helpers import (
    DESTINATION_PLACE,
    FAMILY_CONTACT,
    FULL_NAME,
    GUARDIAN,
    NARRATIVE,
    OTHER_NAME,
    PHONE,
    PHONE_DIGITS,
    SECRETS,
    VILLAGE,
    WITNESS,
    days,
    make_pdf,
    open_survivor_case,
    upload,
)

NOTE_BODY = "NOTE-SECRET: the agent's name is Bablu and he calls from a Nepal number."
DOCUMENT_TITLE = "Statement of Mitali about the agent"
ADDRESS = "House 14, Lane behind the Kali temple, XR-ward"
GUARDIAN_PHONE = "94330 12121"
ALL_SECRETS = [*SECRETS, NOTE_BODY, DOCUMENT_TITLE, ADDRESS, GUARDIAN, WITNESS, GUARDIAN_PHONE, "Quorvash"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def case(lead):
    return open_survivor_case(lead)


def search(user, text):
    return list(case_list_for_page(user, search=text))


def dump_database() -> dict[str, list[tuple]]:
    """Every row of every table, as the database holds it."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from introspection
            rows[table] = cursor.fetchall()
    return rows


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


# --- nothing in clear in the database ---------------------------------------------------------


PDF_BYTES = make_pdf()


@pytest.fixture
def full_case(case, lead):
    """A case with every kind of sensitive value written, edited (history) and attached."""
    survivor = case.survivor
    survivor.origin_address = ADDRESS
    survivor.guardian_name = GUARDIAN
    survivor.guardian_phone = GUARDIAN_PHONE
    services.survivor_update(actor=lead.user, case=case, survivor=survivor, expected_version=survivor.version)
    case.refresh_from_db()
    case.narrative = NARRATIVE + " Edited once."
    services.case_update(actor=lead.user, case=case, expected_version=case.version)
    services.note_add(actor=lead.user, case=case, body=NOTE_BODY, visibility="team")
    services.document_upload(
        actor=lead.user,
        case=case,
        doc_type="statement",
        title=DOCUMENT_TITLE,
        uploaded=upload(FULL_NAME.replace(" ", "_") + ".pdf", PDF_BYTES),
    )
    give_consent(
        case,
        actor=lead.user,
        purpose=ConsentPurpose.CASE_MANAGEMENT,
        given_by=Consent.GivenBy.GUARDIAN,
        guardian_name=GUARDIAN,
        method=Consent.Method.ORAL_WITNESSED,
        witness_name=WITNESS,
    )
    return case


def test_no_plaintext_anywhere_in_the_database(full_case):
    dump = dump_database()
    assert dump["survivors_historicalsurvivor"], "history rows were written"
    assert dump["cases_casenote"] and dump["cases_casedocument"] and dump["survivors_consent"]
    normalised = [
        normalise_name(FULL_NAME),
        PHONE_DIGITS,
        hashlib.sha256(normalise_name(FULL_NAME).encode()).hexdigest(),
    ]
    problems = []
    for table, rows in dump.items():
        for row in rows:
            text = " ".join(str(value) for value in row).lower()
            for secret in [*ALL_SECRETS, *normalised]:
                if secret.lower() in text:
                    problems.append(f"{table}: {secret!r}")
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize(
    ("table", "column", "plaintext"),
    [
        ("survivors_survivor", "full_name", FULL_NAME),
        ("survivors_survivor", "phone_numbers", f'["{PHONE}"]'),
        ("survivors_survivor", "origin_village", VILLAGE),
        ("survivors_survivor", "family_contact", FAMILY_CONTACT),
        ("survivors_survivor", "other_names", f'["{OTHER_NAME}"]'),
        ("survivors_historicalsurvivor", "full_name", FULL_NAME),
        ("survivors_historicalsurvivor", "origin_village", VILLAGE),
        ("cases_case", "narrative", NARRATIVE + " Edited once."),
        ("cases_case", "destination_place", DESTINATION_PLACE),
        ("cases_historicalcase", "narrative", NARRATIVE),
        ("cases_casenote", "body", NOTE_BODY),
        ("cases_casedocument", "title", DOCUMENT_TITLE),
        ("cases_casedocument", "original_name", FULL_NAME.replace(" ", "_") + ".pdf"),
        ("survivors_consent", "guardian_name", GUARDIAN),
        ("survivors_consent", "witness_name", WITNESS),
    ],
)
def test_sensitive_column_holds_a_fernet_token(full_case, table, column, plaintext):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608 - fixed names from the parameters
        values = [row[0] for row in cursor.fetchall() if row[0]]
    assert values
    for value in values:
        assert value.startswith("gAAAAA"), value[:20]
        assert plaintext not in value
    assert plaintext in {decrypt_text(value) for value in values}


def test_every_encryption_is_fresh(lead):
    """Same plaintext, different tokens: equal values cannot be spotted in the table."""
    first = open_survivor_case(lead)
    second = open_survivor_case(lead)
    a = raw("SELECT full_name FROM survivors_survivor WHERE id = %s", first.survivor_id)[0]
    b = raw("SELECT full_name FROM survivors_survivor WHERE id = %s", second.survivor_id)[0]
    assert a != b
    assert decrypt_text(a) == decrypt_text(b) == FULL_NAME


# --- blind index ---------------------------------------------------------------------------------


def test_search_tokens_are_keyed_hashes_of_names_words_and_phones(case):
    survivor = case.survivor
    tokens = SurvivorSearchToken.objects.filter(survivor=survivor)
    names = set(tokens.filter(kind="name").values_list("digest", flat=True))
    phones = set(tokens.filter(kind="phone").values_list("digest", flat=True))
    expected_names = {
        blind_index("name", value)
        for value in ("mitali quorvash", "mitali", "quorvash", "tuktuki zenthali", "tuktuki", "zenthali")
    }
    assert names == expected_names
    assert phones == {blind_index("phone", PHONE_DIGITS)}
    # Keyed: not the plain hash a dictionary of names could reverse.
    assert hashlib.sha256(b"name:mitali quorvash").hexdigest() not in names
    assert hashlib.sha256(b"mitali quorvash").hexdigest() not in names
    assert blind_index("name", "9831055501") != blind_index("phone", "9831055501")


@pytest.mark.parametrize(
    ("raw_name", "normalised"),
    [
        ("Mitali Quorvash", "mitali quorvash"),
        ("  MITALI   quorvash  ", "mitali quorvash"),
        ("Mitali-Quorvash!", "mitali quorvash"),
        ("mitali.quorvash", "mitali quorvash"),
        ("Mitalí Quorvásh", "mitali quorvash"),
        ("Ｍｉｔａｌｉ", "mitali"),  # full-width letters
        ("", ""),
        ("!!!", ""),
    ],
)
def test_normalise_name(raw_name, normalised):
    assert normalise_name(raw_name) == normalised


@pytest.mark.parametrize("name", ["মিতালি সরদার", "मिताली सरदार", "ପ୍ରିୟା"])
def test_normalise_name_keeps_indic_vowel_signs(name):
    # NFC of the name: the Odia ୟ is a composition exclusion and legitimately stays decomposed.
    assert normalise_name(name) == unicodedata.normalize("NFC", name)


def test_different_bengali_names_do_not_collide():
    assert normalise_name("মিতালি সরদার") != normalise_name("মাতাল সরদার")


def test_search_by_bengali_given_name(lead):
    case = open_survivor_case(lead, survivor={"full_name": "মিতালি সরদার", "other_names": []})
    assert search(lead.user, "মিতালি সরদার") == [case]
    assert search(lead.user, "মিতালি") == [case]
    assert search(lead.user, "মাতাল সরদার") == []


@pytest.mark.parametrize(
    "raw_phone",
    [
        "9831055501",
        "98310 55501",
        "+91 98310 55501",
        "+91-98310-55501",
        "098310 55501",
        "91 9831055501",
        "(+91) 98310.55501",
    ],
)
def test_normalise_phone(raw_phone):
    assert normalise_phone(raw_phone) == "9831055501"


def test_short_and_foreign_numbers_keep_their_digits():
    assert normalise_phone("033 2465") == "0332465"
    assert normalise_phone("+977 980 1234567") == "9779801234567"


@pytest.mark.parametrize(
    "text",
    [
        FULL_NAME,
        FULL_NAME.upper(),
        "  mitali   QUORVASH ",
        "Mitali-Quorvash",
        "Quorvash",
        OTHER_NAME.lower(),
        PHONE,
        "+91 9831055501",
        "098310-55501",
    ],
)
def test_search_finds_her_through_the_blind_index(case, lead, text):
    assert search(lead.user, text) == [case]


@pytest.mark.parametrize("text", ["Mitali Q", "Quorv", "Mitali Quorvashi", "98310", "9831055502", "Zarkhali"])
def test_search_is_exact_not_partial(case, lead, text):
    assert search(lead.user, text) == []


def test_tokens_follow_edits(case, lead):
    survivor = case.survivor
    survivor.full_name = "Parvati Newname"
    survivor.phone_numbers = ["70030 12345"]
    services.survivor_update(actor=lead.user, case=case, survivor=survivor, expected_version=survivor.version)
    assert search(lead.user, FULL_NAME) == []
    assert search(lead.user, PHONE) == []
    assert search(lead.user, "parvati newname") == [case]
    assert search(lead.user, "7003012345") == [case]
    assert search(lead.user, OTHER_NAME) == [case]


# --- encrypted fields cannot be filtered ------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        (Survivor, {"full_name": FULL_NAME}),
        (Survivor, {"full_name__icontains": "mitali"}),
        (Survivor, {"full_name__startswith": "M"}),
        (Survivor, {"full_name__in": [FULL_NAME]}),
        (Survivor, {"phone_numbers__contains": PHONE}),
        (Survivor, {"origin_village__iexact": VILLAGE}),
        (Survivor, {"date_of_birth__gt": datetime.date(2000, 1, 1)}),
        (Case, {"narrative__contains": "job"}),
        (Case, {"destination_place": DESTINATION_PLACE}),
        (CaseNote, {"body__icontains": "agent"}),
        (CaseDocument, {"title": DOCUMENT_TITLE}),
        (Consent, {"guardian_name": GUARDIAN}),
    ],
)
def test_encrypted_fields_refuse_lookups(model, lookup):
    with pytest.raises(FieldError, match="Encrypted field"):
        list(model.objects.filter(**lookup))


def test_encrypted_fields_allow_isnull(case):
    assert list(Survivor.objects.filter(date_of_birth__isnull=True)) == [case.survivor]
    assert list(Survivor.objects.filter(full_name__isnull=False)) == [case.survivor]


def test_values_round_trip(case):
    survivor = Survivor.objects.get(pk=case.survivor_id)
    assert (survivor.full_name, survivor.other_names, survivor.phone_numbers) == (FULL_NAME, [OTHER_NAME], [PHONE])
    assert (survivor.origin_village, survivor.family_contact) == (VILLAGE, FAMILY_CONTACT)
    assert survivor.date_of_birth is None
    assert survivor.guardian_name == ""
    survivor.date_of_birth = datetime.date(2004, 2, 29)
    survivor.save()
    assert Survivor.objects.get(pk=survivor.pk).date_of_birth == datetime.date(2004, 2, 29)


# --- key rotation ----------------------------------------------------------------------------------


@pytest.fixture
def rotated(settings, full_case):
    """Rows written under the old key; the new key now first in the list."""
    old = settings.FIELD_ENCRYPTION_KEY
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    return old, new


def test_old_rows_still_decrypt_after_rotation(full_case, rotated):
    from cases.documents import read_decrypted

    survivor = Survivor.objects.get(pk=full_case.survivor_id)
    assert (survivor.full_name, survivor.phone_numbers, survivor.guardian_name) == (FULL_NAME, [PHONE], GUARDIAN)
    assert Case.objects.get(pk=full_case.pk).narrative == NARRATIVE + " Edited once."
    assert CaseNote.objects.get().body == NOTE_BODY
    assert Consent.objects.get().witness_name == WITNESS
    document = CaseDocument.objects.get()
    assert document.title == DOCUMENT_TITLE
    assert read_decrypted(document) == PDF_BYTES


def test_new_writes_use_the_new_key(full_case, rotated, settings):
    old, new = rotated
    survivor = Survivor.objects.get(pk=full_case.survivor_id)
    survivor.full_name = "Renamed After Rotation"
    survivor.save()
    token = raw("SELECT full_name FROM survivors_survivor WHERE id = %s", survivor.pk)[0].encode()
    assert Fernet(new.encode()).decrypt(token) == b"Renamed After Rotation"
    with pytest.raises(InvalidToken):
        Fernet(old.encode()).decrypt(token)
    settings.FIELD_ENCRYPTION_KEY = new  # old key retired: old rows are unreadable, new ones fine
    with pytest.raises(InvalidToken):
        Case.objects.get(pk=full_case.pk)
    assert Survivor.objects.only("full_name").get(pk=survivor.pk).full_name == "Renamed After Rotation"


def test_rotation_command_re_encrypts_everything_and_rebuilds_search(full_case, lead, rotated, settings):
    """README: set NEW,OLD, run encryption_rotate, drop OLD. Search follows the first key, so it
    needs the command; afterwards nothing depends on the old key."""
    from django.core.management import call_command

    from cases.documents import read_decrypted

    old, new = rotated
    # A generated PDF, stored under the old key like the uploaded document.
    from cases.documents import encrypted_content, sha256
    from cases.models import GeneratedDocument

    settings.FIELD_ENCRYPTION_KEY = old
    generated = GeneratedDocument(
        case=full_case, kind=GeneratedDocument.Kind.DOSSIER, requested_by=lead.user, sha256=sha256(PDF_BYTES)
    )
    generated.file.save("dossier.pdf", encrypted_content(PDF_BYTES), save=True)
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    out = io.StringIO()
    call_command("encryption_rotate", stdout=out)
    assert "cases.CaseDocument.file: 1 files re-encrypted" in out.getvalue()
    assert "cases.GeneratedDocument.file: 1 files re-encrypted" in out.getvalue()
    token = raw("SELECT full_name FROM survivors_survivor WHERE id = %s", full_case.survivor_id)[0]
    assert Fernet(new.encode()).decrypt(token.encode()) == FULL_NAME.encode()
    assert search(lead.user, FULL_NAME) == [Case.objects.get(pk=full_case.pk)]
    assert search(lead.user, "+91" + PHONE_DIGITS) == [Case.objects.get(pk=full_case.pk)]

    settings.FIELD_ENCRYPTION_KEY = new
    survivor = Survivor.objects.get(pk=full_case.survivor_id)
    assert (survivor.full_name, survivor.guardian_phone) == (FULL_NAME, GUARDIAN_PHONE)
    assert survivor.history.count() >= 2
    assert {h.full_name for h in survivor.history.all()} == {FULL_NAME}
    assert Case.objects.get(pk=full_case.pk).narrative == NARRATIVE + " Edited once."
    assert {h.narrative for h in Case.history.all()} == {NARRATIVE, NARRATIVE + " Edited once."}
    assert CaseNote.objects.get().body == NOTE_BODY
    assert Consent.objects.get().guardian_name == GUARDIAN
    assert read_decrypted(CaseDocument.objects.get()) == PDF_BYTES
    assert read_decrypted(GeneratedDocument.objects.get()) == PDF_BYTES  # the old key is gone
    assert search(lead.user, FULL_NAME) == [Case.objects.get(pk=full_case.pk)]
    dump = " ".join(str(v) for rows in dump_database().values() for row in rows for v in row)
    assert FULL_NAME not in dump


# --- minor flag ------------------------------------------------------------------------------------------


def test_sixteen_at_the_offence_is_a_minor(lead):
    case = open_survivor_case(lead, survivor={"estimated_age": 16}, trafficked_on=days(-30))
    assert case.survivor.minor_at_offence
    assert Survivor.objects.get(pk=case.survivor_id).minor_at_offence
    assert case.survivor.is_minor_now
    assert search(lead.user, "") == [case]
    assert list(case_list_for_page(lead.user, filters={"minor": "yes"})) == [case]
    assert list(case_list_for_page(lead.user, filters={"minor": "no"})) == []


def test_adult_is_not_a_minor(lead):
    case = open_survivor_case(lead, survivor={"estimated_age": 30}, trafficked_on=days(-200))
    assert not case.survivor.minor_at_offence
    assert not case.survivor.is_minor_now
    assert list(case_list_for_page(lead.user, filters={"minor": "yes"})) == []


def test_adult_now_who_was_a_minor_when_trafficked(lead):
    case = open_survivor_case(
        lead, survivor={"estimated_age": None, "date_of_birth": days(-20 * 365)}, trafficked_on=days(-4 * 365)
    )
    survivor = case.survivor
    assert survivor.age_now in (19, 20)
    assert survivor.minor_at_offence
    assert not survivor.is_minor_now
    assert survivor.is_minor


def test_flag_follows_the_case_dates(lead):
    case = open_survivor_case(lead, survivor={"estimated_age": 19}, trafficked_on=days(-30))
    assert not case.survivor.minor_at_offence
    case.trafficked_on = days(-3 * 365)
    services.case_update(actor=lead.user, case=case, expected_version=case.version)
    assert Survivor.objects.get(pk=case.survivor_id).minor_at_offence


def test_minor_flag_drives_the_consent_rule(lead, make_member, org_wb):
    from django.core.exceptions import ValidationError

    minor = open_survivor_case(lead, survivor={"estimated_age": 15})
    with pytest.raises(ValidationError):
        give_consent(minor, actor=lead.user, purpose=ConsentPurpose.CASE_MANAGEMENT)
    teammate = make_member(Role.CASEWORKER, org_wb)
    services.team_add(actor=lead.user, case=minor, membership=teammate, role=CaseRole.CASEWORKER)
    assert minor.survivor.is_minor_now
