"""A deadline's title reads in the reader's language, whoever started it and in whatever language
she worked (cases.deadlines.deadline_start, Deadline.title_phrase and title_text, the reminders,
the case list, the timeline). All data synthetic.

As in tests/test_timeline_language.py, each expected text is read from the catalogue itself
(gettext under the reader's language), and "it differs from the English" is asserted only where
the catalogue holds the translation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from cases.deadlines import deadline_fulfil, deadline_start
from cases.models import CaseEvent, Deadline, DeadlineRule, Notification
from cases.models.core import SUMMARY_PHRASE
from cases.reminders import deadline_scan
from cases.services import survivor_update_due_after_event
from consortium.models import Role, User
from core.dates import day_text
from core.phrases import Phrase
from tests.cases.helpers import open_survivor_case
from tests.languages import said, translated
from tests.legal.helpers import make_fir

pytestmark = pytest.mark.django_db

FIR_TEXT = "FIR 123/2026, Pimpri PS"  # str(FIR) as make_fir registers it


def title_in(deadline: Deadline, language: str) -> str:
    with translation.override(language):
        return Deadline.objects.get(pk=deadline.pk).title_text


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def case(lead):
    with translation.override("hi"):
        return open_survivor_case(lead)


def _started_in_hindi(case, lead, rule_code="preliminary_enquiry", **kwargs) -> Deadline:
    with translation.override("hi"):
        return deadline_start(
            case=case, rule_code=rule_code, trigger_at=timezone.now(), subject="test:1", actor=lead.user, **kwargs
        )


# --- a title written by a Hindi actor --------------------------------------------------------------


def test_a_title_started_in_hindi_reads_in_english_and_in_bengali(case, lead):
    with translation.override("hi"):
        fir = make_fir(case, lead.user, stage="fir_registered")
    assert str(fir) == FIR_TEXT
    deadline = Deadline.objects.get(case=case, rule_code="victim_informed_of_progress")
    msgid = "Survivor told of progress: %(fir)s"
    # The plain column is English, whoever started it: reminders' fallback, exports, search.
    assert deadline.title == f"Survivor told of progress: {FIR_TEXT}"
    assert deadline.title_phrase == {"template": msgid, "params": [["fir", FIR_TEXT]]}
    assert title_in(deadline, "en") == deadline.title
    assert title_in(deadline, "bn") == said("bn", msgid) % {"fir": FIR_TEXT}
    assert title_in(deadline, "hi") == said("hi", msgid) % {"fir": FIR_TEXT}
    if translated("bn", msgid):
        assert title_in(deadline, "bn") != deadline.title


def test_a_label_inside_a_title_is_kept_in_english_and_shown_in_the_readers_language(case, lead):
    with translation.override("hi"):
        survivor_update_due_after_event(case=case, actor=lead.user, event="arrest", happened_on=timezone.localdate())
    deadline = Deadline.objects.get(case=case, rule_code="survivor_update_after_event")
    assert deadline.title == "Tell the survivor: An accused arrested"
    expected = said("bn", "Tell the survivor: %(event)s") % {"event": said("bn", "An accused arrested")}
    assert title_in(deadline, "bn") == expected
    if translated("bn", "An accused arrested"):
        assert "An accused arrested" not in expected


def test_a_date_in_a_title_is_shown_in_the_readers_script(case, lead):
    examined = datetime.date(2026, 3, 4)
    with translation.override("en"):
        title = Phrase(gettext_noop("Medical report (examination of %(date)s)"), date=examined)
    deadline = _started_in_hindi(case, lead, title=title)
    assert deadline.title == "Medical report (examination of 4 Mar 2026)"
    expected = said("bn", "Medical report (examination of %(date)s)") % {"date": day_text(examined, "bn")}
    assert title_in(deadline, "bn") == expected


def test_a_recomputed_deadline_keeps_its_new_title_and_phrase(case, lead):
    first = _started_in_hindi(case, lead, title=Phrase(gettext_noop("Preliminary enquiry: %(fir)s"), fir="FIR 1/2026"))
    with translation.override("hi"):
        again = deadline_start(
            case=case,
            rule_code="preliminary_enquiry",
            trigger_at=timezone.now() - datetime.timedelta(days=2),
            subject="test:1",
            actor=lead.user,
            title=Phrase(gettext_noop("Preliminary enquiry: %(fir)s"), fir="FIR 2/2026"),
        )
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.title == "Preliminary enquiry: FIR 2/2026"
    assert title_in(again, "bn") == said("bn", "Preliminary enquiry: %(fir)s") % {"fir": "FIR 2/2026"}


# --- a rule's name, a plain text, and a stored phrase that cannot be read back ----------------------


def test_a_deadline_named_by_its_rule_reads_in_the_readers_language(case, lead, django_assert_num_queries):
    deadline = _started_in_hindi(case, lead)
    rule_name = DeadlineRule.objects.get(pk=deadline.rule_id).name
    assert deadline.title == rule_name and deadline.title_phrase is None
    assert title_in(deadline, "en") == rule_name
    assert title_in(deadline, "bn") == said("bn", rule_name)
    if translated("bn", rule_name):
        assert title_in(deadline, "bn") != rule_name
    # A list's row (the rule not read with it) is not one query more for its title.
    row = Deadline.objects.get(pk=deadline.pk)
    with django_assert_num_queries(0), translation.override("bn"):
        assert row.title_text == said("bn", rule_name)


def test_a_plain_title_is_kept_as_it_is(case, lead):
    deadline = _started_in_hindi(case, lead, title="Typed by hand")
    assert deadline.title == "Typed by hand" and deadline.title_phrase is None
    assert title_in(deadline, "bn") == "Typed by hand"


BROKEN = [
    {"template": "Preliminary enquiry: %(fir)s", "params": []},  # a value missing
    {"template": "Preliminary enquiry: %(fir)s", "params": [["fir", {"date": "not a date"}]]},
    {"template": "%(fir)s %(", "params": [["fir", "FIR 1/2026"]]},  # a bad format
    {"template": 42, "params": []},
    {"template": "Preliminary enquiry: %(fir)s", "params": "fir"},
    {"params": []},
    "Preliminary enquiry",
    ["not", "a", "phrase"],
]


@pytest.mark.parametrize("broken", BROKEN)
def test_a_broken_stored_phrase_falls_back_to_the_english_title(client, case, lead, broken):
    deadline = _started_in_hindi(case, lead, title=Phrase(gettext_noop("Preliminary enquiry: %(fir)s"), fir="FIR 1"))
    Deadline.objects.filter(pk=deadline.pk).update(title="English title kept", title_phrase=broken)
    for language in ("en", "hi", "bn"):
        assert title_in(deadline, language) == "English title kept"
    # Its timeline sentences read it as the stored text too, and the pages still show.
    deadline_fulfil(case=case, rule_codes=["preliminary_enquiry"], subject="test:1", actor=lead.user)
    met = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DEADLINE).latest("pk")
    assert met.summary == "English title kept: met"
    client.force_login(lead.user)
    for name in ("cases:case_deadlines", "cases:case_timeline"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 200


# --- where titles are shown ------------------------------------------------------------------------


def test_the_timeline_names_the_deadline_in_the_readers_language(case, lead):
    title = Phrase(gettext_noop("Preliminary enquiry: %(fir)s"), fir="FIR 7/2026")
    deadline = _started_in_hindi(case, lead, title=title)
    opened = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DEADLINE, data__deadline=deadline.pk).latest("pk")
    assert opened.summary == f"Preliminary enquiry: FIR 7/2026: due {day_text(deadline.due_on, 'en')}"
    assert opened.data[SUMMARY_PHRASE]["params"][1] == ["title", title.as_data()]
    with translation.override("bn"):
        shown = CaseEvent.objects.get(pk=opened.pk).summary_text
    bn_title = said("bn", "Preliminary enquiry: %(fir)s") % {"fir": "FIR 7/2026"}
    assert shown == said("bn", "%(title)s: due %(due)s") % {"title": bn_title, "due": day_text(deadline.due_on, "bn")}
    # Met later by someone working in English: the sentence still names it in Bengali.
    deadline_fulfil(case=case, rule_codes=["preliminary_enquiry"], subject="test:1", actor=lead.user)
    met = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DEADLINE).latest("pk")
    with translation.override("bn"):
        assert bn_title in CaseEvent.objects.get(pk=met.pk).summary_text


def _remind_soon(deadline: Deadline) -> None:
    """Due in two days: inside the rule's three-day reminder."""
    due = timezone.now() + datetime.timedelta(days=2)
    Deadline.objects.filter(pk=deadline.pk).update(due_at=due, due_on=timezone.localtime(due).date())


def test_a_reminder_to_a_bengali_reader_names_the_deadline_in_bengali(case, lead):
    msgid = "Preliminary enquiry: %(fir)s"
    deadline = _started_in_hindi(case, lead, title=Phrase(gettext_noop(msgid), fir="FIR 9/2026"))
    _remind_soon(deadline)
    User.objects.filter(pk=lead.user.pk).update(preferred_language="bn")
    assert deadline_scan().reminders == 1
    note = Notification.objects.get(deadline=deadline, user=lead.user)
    bn_title = said("bn", msgid) % {"fir": "FIR 9/2026"}
    assert bn_title in note.title
    if translated("bn", msgid):
        assert "Preliminary enquiry" not in note.title


def test_a_reminder_of_a_rule_named_deadline_reads_the_rule_in_her_language(case, lead):
    deadline = _started_in_hindi(case, lead)
    _remind_soon(deadline)
    User.objects.filter(pk=lead.user.pk).update(preferred_language="bn")
    deadline_scan()
    note = Notification.objects.get(deadline=deadline, user=lead.user)
    assert said("bn", deadline.title) in note.title


def test_the_case_list_shows_the_next_deadline_in_the_readers_language(client, case, lead):
    # Opened in Hindi: the first "tell her how her case stands" deadline, due in 90 days.
    deadline = Deadline.objects.get(case=case, rule_code="survivor_update")
    msgid = "Tell the survivor how her case stands"
    assert deadline.title == msgid and deadline.title_phrase == {"template": msgid, "params": []}
    User.objects.filter(pk=lead.user.pk).update(preferred_language="bn")
    client.force_login(User.objects.get(pk=lead.user.pk))
    page = client.get(reverse("cases:case_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'lang="bn"' in body
    assert f'<small class="cell-note">{said("bn", msgid)}</small>' in body
    if translated("bn", msgid):
        assert msgid not in body
