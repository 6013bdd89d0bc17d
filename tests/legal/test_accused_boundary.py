"""An accused person on two cases of two organisations: each case keeps its own record, linked only
as "the same person". What one team records (and who recorded it) never reaches a reader who
cannot see that team's case: not on a page, not in a message, not in the record's history.

World: Lakshmi (West Bengal, org_wb) leads `case`; Meera (Maharashtra, org_mh) leads `other_case`.
Neither sees the other's case. Each records the same trafficker; the coordinator confirms the
possible match: one person, two records.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services as case_services
from cases.factories import give_consent
from cases.models import CaseAssignment, CaseRole
from consortium.models import Role
from core.concurrency import ConcurrentEditError
from legal.accused import services as accused_services
from legal.accused.selectors import other_cases_of_accused
from legal.investigation import services
from legal.models import Accused, AccusedMatchAlert, CaseAccused
from survivors.models import ConsentPurpose
from tests.cases.helpers import open_survivor_case

from .helpers import ACCUSED_NAME, ACCUSED_PHONE, accused_data, make_fir

A_ALIAS = "Kalu Sethji Zqv"
A_PHONE = "98765 43210"
A_ADDRESS = "House 7, Hidden Gali Zqv"
A_NOTE = "Seen with a red van at Howrah station Zqv"


@pytest.fixture
def other_lead(make_member, org_mh):
    return make_member(Role.CASEWORKER, org_mh, first_name="Meera", last_name="Mumbai")


@pytest.fixture
def other_case(other_lead):
    return open_survivor_case(other_lead, survivor={"full_name": "Other Survivor Pq", "phone_numbers": ["9000000001"]})


@pytest.fixture
def linked(case, lead, other_case, other_lead, coordinator):
    """(her record on `case`, Meera's record on `other_case`): one person, confirmed by the coordinator."""
    mine = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    theirs = accused_services.accused_record(
        actor=other_lead.user,
        case=other_case,
        **{"names": ["B. Trafikwala"], "phones": [ACCUSED_PHONE]},
        role="buyer",
    ).accused
    accused_services.match_alert_review(actor=coordinator.user, alert=AccusedMatchAlert.objects.get(), same_person=True)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.person_id == theirs.person_id and mine.pk != theirs.pk
    return mine, theirs


def _page(response, url: str) -> bytes:
    """The page without its CSRF token (masked afresh on every render) and its own address."""
    body = response.content.replace(url.encode(), b"")
    return re.sub(rb'(csrfmiddlewaretoken" value="|csrf-token" content=")[^"]+', rb"\1", body)


def _edit_on_a(lead, case, record):
    record.refresh_from_db()
    accused_services.accused_update(
        actor=lead.user,
        case=case,
        accused=record,
        expected_version=record.version,
        **accused_data(aliases=[A_ALIAS], phones=[ACCUSED_PHONE, A_PHONE], addresses=[A_ADDRESS], description=A_NOTE),
    )


def _pages_of_b(client, other_case, theirs):
    case_id = {"case_id": other_case.pk}
    urls = [
        reverse("legal:investigation", kwargs=case_id),
        reverse("legal:accused_edit", kwargs={**case_id, "accused_id": theirs.pk}),
        reverse("cases:case_detail", kwargs=case_id),
        reverse("cases:case_timeline", kwargs=case_id),
        reverse("cases:case_deadlines", kwargs=case_id),
        reverse("legal:court", kwargs=case_id),
        reverse("home"),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def test_an_edit_on_her_case_never_reaches_the_other_organisations_case(
    client, case, lead, other_case, other_lead, linked
):
    mine, theirs = linked
    _edit_on_a(lead, case, mine)

    theirs.refresh_from_db()
    assert theirs.names == ["B. Trafikwala"] and theirs.aliases == [] and theirs.addresses == []
    assert theirs.description == "" and theirs.version == 1
    client.force_login(other_lead.user)
    pages = _pages_of_b(client, other_case, theirs)
    assert "B. Trafikwala" in pages[reverse("legal:investigation", kwargs={"case_id": other_case.pk})]
    for url, body in pages.items():
        for secret in (A_ALIAS, "98765", A_ADDRESS, A_NOTE, ACCUSED_NAME, "Lakshmi", "Leadworker", case.reference):
            assert secret not in body, (url, secret)


def test_her_own_case_shows_her_edit_and_not_the_other_teams_record(client, case, lead, other_case, linked):
    mine, _theirs = linked
    _edit_on_a(lead, case, mine)
    client.force_login(lead.user)
    body = client.get(reverse("legal:investigation", kwargs={"case_id": case.pk})).content.decode()
    assert A_ALIAS in body and "9876543210" in body
    for secret in ("B. Trafikwala", "Meera", other_case.reference):
        assert secret not in body


def test_the_other_teams_stale_save_is_not_refused_by_her_edit_and_names_no_one(
    client, case, lead, other_case, other_lead, linked
):
    """Meera opened her edit form; Lakshmi then edits the same person on her own case. Meera's save
    is not stale (her case's record did not change) and no message names Lakshmi."""
    mine, theirs = linked
    client.force_login(other_lead.user)
    url = reverse("legal:accused_edit", kwargs={"case_id": other_case.pk, "accused_id": theirs.pk})
    form_page = client.get(url)
    version = form_page.context["form"].initial["version"]
    _edit_on_a(lead, case, mine)
    response = client.post(
        url, {"names": "B. Trafikwala\nBhola Seth", "phones": ACCUSED_PHONE, "version": version}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Accused person&#x27;s details saved." in body or "Accused person's details saved." in body
    for secret in ("Lakshmi", "Leadworker", A_ALIAS):
        assert secret not in body
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.names == ["B. Trafikwala", "Bhola Seth"]
    assert "Bhola Seth" not in mine.names and mine.aliases == [A_ALIAS]


def test_a_stale_save_names_an_editor_from_beyond_her_case_as_someone(
    client, case, lead, other_case, other_lead, org_wb, linked
):
    """Lakshmi was on Meera's case for a while (consent to share with West Bengal), edited its record
    and left the team. Meera's stale page is refused without naming her: 'Changed by someone'."""
    _mine, theirs = linked
    give_consent(other_case, actor=other_lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_wb)
    assignment = case_services.team_add(
        actor=other_lead.user, case=other_case, membership=lead, role=CaseRole.CASEWORKER
    )
    client.force_login(other_lead.user)
    url = reverse("legal:accused_edit", kwargs={"case_id": other_case.pk, "accused_id": theirs.pk})
    version = client.get(url).context["form"].initial["version"]
    accused_services.accused_update(
        actor=lead.user,
        case=other_case,
        accused=Accused.objects.get(pk=theirs.pk),
        expected_version=version,
        **{"names": ["B. Trafikwala"], "aliases": [A_ALIAS]},
    )
    case_services.team_remove(
        actor=other_lead.user, case=other_case, assignment=CaseAssignment.objects.get(pk=assignment.pk)
    )

    response = client.post(url, {"names": "B. Trafikwala", "aliases": "Mine Zqv", "version": version})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Changed by someone at" in body
    for secret in ("Lakshmi", "Leadworker"):
        assert secret not in body
    assert Accused.objects.get(pk=theirs.pk).aliases == [A_ALIAS]  # her stale page saved nothing


def test_a_stale_save_names_a_colleague_on_the_same_case(case, lead, make_member, org_wb):
    colleague = make_member(Role.CASEWORKER, org_wb, first_name="Kavya", last_name="Colleague")
    case_services.team_add(actor=lead.user, case=case, membership=colleague, role=CaseRole.CASEWORKER)
    record = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    accused_services.accused_update(
        actor=colleague.user, case=case, accused=record, expected_version=1, **accused_data(aliases=["K"])
    )
    with pytest.raises(ConcurrentEditError, match="Changed by Kavya"):
        accused_services.accused_update(
            actor=lead.user,
            case=case,
            accused=Accused.objects.get(pk=record.pk),
            expected_version=1,
            **accused_data(aliases=["L"]),
        )


def test_each_records_history_holds_only_its_own_cases_edits(case, lead, other_case, other_lead, linked):
    mine, theirs = linked
    _edit_on_a(lead, case, mine)
    theirs.refresh_from_db()
    accused_services.accused_update(
        actor=other_lead.user,
        case=other_case,
        accused=theirs,
        expected_version=theirs.version,
        **{"names": ["B. Trafikwala"], "description": "Meera's note Zqv"},
    )
    theirs_history = list(Accused.history.filter(id=theirs.pk))
    assert {row.history_user_id for row in theirs_history if row.history_type == "~" and row.version > 1} == {
        other_lead.user.pk
    }
    for row in theirs_history:
        assert A_ALIAS not in row.aliases and A_NOTE not in row.description
    for row in Accused.history.filter(id=mine.pk):
        assert "Meera's note Zqv" not in row.description and "B. Trafikwala" not in row.names


def test_denied_readers_get_404_on_the_other_cases_accused_urls(client, case, lead, other_case, other_lead, linked):
    mine, theirs = linked
    fir = make_fir(case, lead.user, stage="fir_registered")
    fir_link = services.fir_accused_add(actor=lead.user, fir=fir, accused=mine)
    client.force_login(other_lead.user)
    missing_url = reverse("legal:accused_edit", kwargs={"case_id": 999999, "accused_id": mine.pk})
    missing_response = client.get(missing_url)
    assert missing_response.status_code == 404
    missing = _page(missing_response, missing_url)
    denied = [
        ("get", reverse("legal:accused_edit", kwargs={"case_id": case.pk, "accused_id": mine.pk})),
        ("post", reverse("legal:accused_edit", kwargs={"case_id": case.pk, "accused_id": mine.pk})),
        # Her record through Meera's own case: not on that case, so not found either.
        ("get", reverse("legal:accused_edit", kwargs={"case_id": other_case.pk, "accused_id": mine.pk})),
        ("post", reverse("legal:accused_edit", kwargs={"case_id": other_case.pk, "accused_id": mine.pk})),
        ("get", reverse("legal:accused_new", kwargs={"case_id": case.pk})),
        ("get", reverse("legal:fir_accused_add", kwargs={"case_id": case.pk, "fir_id": fir.pk})),
        (
            "get",
            reverse("legal:fir_accused_edit", kwargs={"case_id": case.pk, "fir_id": fir.pk, "link_id": fir_link.pk}),
        ),
        ("get", reverse("legal:investigation", kwargs={"case_id": case.pk})),
    ]
    post = {"names": "Overwritten Zqv", "version": mine.version}
    for method, url in denied:
        response = client.post(url, post) if method == "post" else client.get(url)
        assert response.status_code == 404, url
        assert _page(response, url) == missing, url
    mine.refresh_from_db()
    assert mine.names == [ACCUSED_NAME]
    with pytest.raises(Exception):  # noqa: B017  (the service refuses her too: 404)
        accused_services.accused_update(
            actor=other_lead.user, case=case, accused=mine, expected_version=mine.version, **{"names": ["X"]}
        )
    with pytest.raises(Exception):  # noqa: B017
        accused_services.accused_update(
            actor=other_lead.user, case=other_case, accused=mine, expected_version=mine.version, **{"names": ["X"]}
        )
    mine.refresh_from_db()
    assert mine.names == [ACCUSED_NAME]


def test_the_match_across_cases_still_works(client, case, lead, other_case, other_lead, linked, make_member, org_wb):
    """A caseworker who sees both cases is offered the person, sees both cases in 'Also accused in',
    and each case's details only where she may see them; Meera still sees no trace of the other case."""
    mine, theirs = linked
    # Meera's record still matches a new entry of the same phone on a case she cannot see.
    visible, hidden = accused_services.accused_matches(actor=lead.user, phones=[ACCUSED_PHONE])
    assert visible == [mine] and hidden == [theirs]
    # A third case of Lakshmi's: the offer links her new record to the same person.
    third = open_survivor_case(lead, survivor={"full_name": "Third Survivor Wx"})
    client.force_login(lead.user)
    url = reverse("legal:accused_new", kwargs={"case_id": third.pk})
    offer = client.post(url, {"names": "", "aliases": "Bholu", "phones": "9900011122", "role": "transporter"})
    body = offer.content.decode()
    assert "may already be recorded" in body and case.reference in body
    assert other_case.reference not in body and "B. Trafikwala" not in body
    assert body.count('name="decision" value="') == 2
    linked_response = client.post(
        url, {"aliases": "Bholu", "phones": "9900011122", "role": "transporter", "decision": str(mine.pk)}
    )
    assert linked_response.status_code == 302
    new = CaseAccused.objects.get(case=third).accused
    assert new.person_id == mine.person_id and new.pk not in (mine.pk, theirs.pk)
    assert new.aliases == ["Bholu"] and new.addresses == [] and ACCUSED_NAME not in new.names
    # No alert for a record already known to be the same person.
    assert AccusedMatchAlert.objects.filter(accused=new).count() == 0
    investigation = client.get(reverse("legal:investigation", kwargs={"case_id": third.pk})).content.decode()
    assert case.reference in investigation and other_case.reference not in investigation
    assert set(other_cases_of_accused(lead.user, [new], exclude_case=third)) == {new.pk}
    assert [link.case_id for link in other_cases_of_accused(lead.user, [new], exclude_case=third)[new.pk]] == [case.pk]
    # Meera's "Also accused in" stays empty: she sees neither of Lakshmi's cases.
    assert other_cases_of_accused(other_lead.user, [theirs], exclude_case=other_case) == {}
    # Linking twice on one case is refused.
    with pytest.raises(ValidationError, match="already recorded"):
        accused_services.accused_record(actor=lead.user, case=third, **{"names": ["Again"]}, role="buyer", link_to=mine)


def test_every_record_is_on_one_case_only(case, lead, other_case, linked):
    mine, _theirs = linked
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CaseAccused.objects.create(case=other_case, accused=mine, role="buyer", added_by=lead.user)


def test_the_dashboard_counts_a_linked_person_once(case, lead, other_case, other_lead, linked):
    """Two cases' records of one person, each on its case's FIR: one accused person in the figures."""
    from cases.models import Case
    from dashboard.metrics import dashboard_metrics

    mine, theirs = linked
    services.fir_accused_add(actor=lead.user, fir=make_fir(case, lead.user, stage="fir_registered"), accused=mine)
    services.fir_accused_add(
        actor=other_lead.user, fir=make_fir(other_case, other_lead.user, stage="fir_registered"), accused=theirs
    )
    both = dashboard_metrics(Case.objects.filter(pk__in=[case.pk, other_case.pk]), stalled_days=30)
    assert both.accused["accused"] == 1
    one = dashboard_metrics(Case.objects.filter(pk=other_case.pk), stalled_days=30)
    assert one.accused["accused"] == 1
