"""The timeline reads in the reader's language, whoever wrote it and in whatever language she
worked (core.phrases, cases.events.event_record, CaseEvent.summary_text). All data synthetic.

The Hindi and Bengali catalogues are being completed: each expected text is read from the
catalogue itself (gettext under the reader's language), and "it differs from the English" is
asserted only where the catalogue already holds the translation."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from cases import events
from cases.models import Case, CaseAssignment, CaseEvent, CaseRole
from cases.models.core import SUMMARY_PHRASE
from cases.permissions import case_access
from cases.selectors import case_get_visible
from cases.services import case_close, task_add
from cases.workflow import fsm_transition
from consortium.models import Role, User
from core.dates import day_text
from core.phrases import Phrase, PhraseError
from core.workflow import apply_step
from legal.investigation.workflow import INVESTIGATION
from legal.models import FIR
from tests.cases.helpers import open_survivor_case
from tests.languages import said, translated
from tests.legal.helpers import days, make_fir

pytestmark = pytest.mark.django_db

OFFICER = "Insp. Zorawar Qelvik"


def read(event: CaseEvent, language: str) -> str:
    with translation.override(language):
        return CaseEvent.objects.get(pk=event.pk).summary_text


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def case(lead):
    return open_survivor_case(lead)


def _latest(case, kind=None) -> CaseEvent:
    rows = CaseEvent.objects.filter(case=case)
    return (rows.filter(kind=kind) if kind else rows).latest("pk")


# --- an event recorded in Hindi --------------------------------------------------------------


def test_a_choice_label_recorded_by_a_hindi_actor_reads_in_english_and_in_bengali(case, lead):
    with translation.override("hi"):
        case_close(
            actor=lead.user,
            case=case,
            expected_version=case.version,
            reason=Case.ClosureReason.LOST_CONTACT,
            closed_on=days(0),
        )
    event = _latest(case, CaseEvent.Kind.CASE_CLOSED)
    # The plain column is English, whoever wrote it: exports, search and older readers use it.
    assert event.summary == "Contact lost"
    assert read(event, "en") == "Contact lost"
    assert read(event, "bn") == said("bn", "Contact lost")
    assert read(event, "hi") == said("hi", "Contact lost")
    if translated("bn", "Contact lost"):
        assert read(event, "bn") != "Contact lost"


def test_a_sentence_with_values_reads_in_each_readers_language(case, lead):
    assignment = CaseAssignment.objects.get(case=case, user=lead.user, role=CaseRole.LEAD_CASEWORKER)
    with translation.override("hi"):
        event = events.team_removed_event(case=case, actor=lead.user, assignment=assignment)
    msgid = "%(name)s left the team (%(role)s)"
    name = lead.user.display_name
    assert event.summary == f"{name} left the team (lead caseworker)"
    assert read(event, "en") == event.summary
    # The role's label, stored in English, is translated for the reader and kept in lower case.
    expected = said("bn", msgid) % {"name": name, "role": said("bn", "Lead caseworker").lower()}
    assert read(event, "bn") == expected
    if translated("bn", msgid):
        assert read(event, "bn") != event.summary
    # The phrase is kept in the event's data as plain JSON, the values in English.
    stored = event.data[SUMMARY_PHRASE]
    assert stored["template"] == msgid
    assert ["name", name] in stored["params"]


def test_a_task_due_date_reads_in_the_readers_script(case, lead):
    due = datetime.date(2030, 3, 4)
    with translation.override("hi"):
        task_add(actor=lead.user, case=case, title="Call the DLSA", assignee=lead.user, due_on=due)
    event = _latest(case, CaseEvent.Kind.TASK)
    name = lead.user.display_name
    assert event.summary == f"Task for {name}, 4 Mar 2030"
    expected = said("bn", "Task for %(name)s%(due)s") % {"name": name, "due": f", {day_text(due, 'bn')}"}
    assert read(event, "bn") == expected


def test_the_timeline_page_shows_the_summary_in_the_language_kept_on_her_account(client, case, lead, make_member):
    with translation.override("hi"):
        case_close(
            actor=lead.user,
            case=case,
            expected_version=case.version,
            reason=Case.ClosureReason.LOST_CONTACT,
            closed_on=days(0),
        )
    User.objects.filter(pk=lead.user.pk).update(preferred_language="bn")
    client.force_login(User.objects.get(pk=lead.user.pk))
    page = client.get(reverse("cases:case_timeline", args=[case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'lang="bn"' in body
    assert said("bn", "Contact lost") in body
    if translated("bn", "Contact lost"):
        assert "Contact lost" not in body


# --- what is stored, and what is shown when it cannot be read back --------------------------------


def test_a_broken_stored_phrase_falls_back_to_the_english_summary(client, case, lead):
    broken = [
        {"template": "Case opened by %(org)s", "params": []},  # a value missing
        {"template": "Case opened by %(org)s", "params": [["org", {"date": "not a date"}]]},
        {"template": "%(org)s %(", "params": [["org", "TNW"]]},  # a bad format
        {"template": 42, "params": []},
        {"template": "", "params": [["org", ""]]},  # as an erasure leaves it
        {"template": "Case opened by %(org)s", "params": "org"},
        {"params": []},
        "Case opened by TNW",
    ]
    rows = [
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.CASE_OPENED, summary=f"English text {i}", data={SUMMARY_PHRASE: phrase}
        )
        for i, phrase in enumerate(broken)
    ]
    for i, row in enumerate(rows):
        for language in ("en", "hi", "bn"):
            assert read(row, language) == f"English text {i}"
    client.force_login(lead.user)
    page = client.get(reverse("cases:case_timeline", args=[case.pk]))
    assert page.status_code == 200
    assert "English text 0" in page.content.decode()


def test_a_plain_string_summary_is_kept_as_it_is(case, lead):
    event = events.deadline_event(case=case, actor=lead.user, summary="typed by hand", data={})
    assert event.summary == "typed by hand" and SUMMARY_PHRASE not in event.data
    assert read(event, "bn") == "typed by hand"


def test_a_phone_number_in_a_phrase_keeps_only_the_redacted_english_text(case, lead, make_member, org_wb):
    member = make_member(Role.CASEWORKER, org_wb)
    assignment = CaseAssignment.objects.create(
        case=case, user=member.user, organisation=org_wb, role=CaseRole.CASEWORKER, added_by=lead.user
    )
    event = events.team_added_event(
        case=case, actor=lead.user, membership=member, assignment=assignment, reason="call 98310 55501"
    )
    event.refresh_from_db()
    assert "98310" not in event.summary and "[phone]" in event.summary
    assert SUMMARY_PHRASE not in event.data
    assert "98310" not in read(event, "bn")


# --- stage moves ----------------------------------------------------------------------------------


def _access(user, fir):
    return case_access(user, case_get_visible(user, fir.case_id))


def test_a_stage_move_reads_its_stage_labels_in_the_readers_language(case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")
    started = days(-5)
    with translation.override("hi"):
        apply_step(
            spec=INVESTIGATION,
            obj=fir,
            step="start_investigation",
            actor=lead.user,
            access=_access(lead.user, fir),
            values={"investigation_started_on": started, "io_rank": "Inspector"},
            expected_version=fir.version,
        )
    event = _latest(case, CaseEvent.Kind.INVESTIGATION)
    with translation.override("en"):
        what = str(FIR.objects.get(pk=fir.pk))
    assert event.summary == f"{what}: FIR registered → Under investigation, {day_text(started)}"
    bengali = read(event, "bn")
    assert said("bn", "Under investigation") in bengali
    assert day_text(started, "bn") in bengali


def test_a_stage_move_that_would_repeat_a_sensitive_value_keeps_it_hidden(case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")

    def careless(moved, from_stage):
        return Phrase("%(what)s: IO %(officer)s", what=str(moved), officer=OFFICER)

    with translation.override("hi"):
        fsm_transition(
            obj=fir,
            transition="start_investigation",
            access=_access(lead.user, fir),
            actor=lead.user,
            workflow="investigation",
            effective_on=days(-5),
            expected_version=fir.version,
            data={"io_name": OFFICER, "investigation_started_on": days(-5)},
            summary=careless,
        )
    event = _latest(case, CaseEvent.Kind.STAGE_CHANGED)
    assert OFFICER not in event.summary and "(recorded)" in event.summary
    assert SUMMARY_PHRASE not in event.data
    for language in ("en", "hi", "bn"):
        assert OFFICER not in read(event, language)


def test_a_default_stage_move_is_a_phrase_and_reads_in_english_as_before(case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")
    with translation.override("bn"):
        fsm_transition(
            obj=fir,
            transition="start_investigation",
            access=_access(lead.user, fir),
            actor=lead.user,
            workflow="investigation",
            effective_on=days(-5),
            expected_version=fir.version,
            data={"investigation_started_on": days(-5)},
        )
    event = _latest(case, CaseEvent.Kind.STAGE_CHANGED)
    assert event.summary.endswith(": FIR registered → Under investigation")
    assert SUMMARY_PHRASE in event.data
    assert read(event, "hi").endswith(said("hi", "Under investigation"))


# --- the phrase itself ------------------------------------------------------------------------------


def test_a_phrase_keeps_lazy_text_in_english_and_round_trips_through_json():
    with translation.override("bn"):
        phrase = Phrase(
            "%(label)s, %(n)d, %(amount)s, %(day)s, %(items)s: %(inner)s",
            label=gettext_lazy("Lead caseworker"),
            n=3,
            amount=Decimal("12.50"),
            day=datetime.date(2030, 1, 2),
            items=["Lawyer", "TNW"],
            inner=Phrase(gettext_lazy("Caseworker")).lower(),
        )
    assert phrase.english() == "Lead caseworker, 3, 12.50, 2 Jan 2030, Lawyer, TNW: caseworker"
    again = Phrase.from_data(phrase.as_data())
    assert again == phrase and again.english() == phrase.english()
    with translation.override("bn"):
        assert again.render() == phrase.render()
        assert said("bn", "Lawyer") in phrase.render()
    with pytest.raises(AttributeError):
        phrase.template = "changed"  # type: ignore[misc]
    with pytest.raises(PhraseError):
        Phrase("%(x)s", x=object())  # type: ignore[arg-type]
