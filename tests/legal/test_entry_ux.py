"""FIR entry that respects people's time: several sections in one step (all saved or none, the
error naming the entry), the FIR card's frequent actions as visible buttons, accused phones shown
once and normalised, and the accused's name in deadline titles for the people who may see it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import CaseEvent, Deadline
from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation
from legal.accused import services as accused_services
from legal.investigation import services
from legal.models import Act, Charge, FIRAccused
from legal.reference.sections import find_section
from tests.access_matrix import cast_around, login_as
from tests.url_names import qualified

from .helpers import ACCUSED_NAME, accused_data, add_charge, days, make_fir


def url(name, case, **kwargs):
    return reverse(qualified(name), kwargs={"case_id": case.pk, **kwargs})


def live_numbers(fir) -> list[str]:
    return sorted(
        c.section.number for c in Charge.objects.filter(fir=fir, dropped_at__isnull=True).select_related("section")
    )


def bns():
    return Act.objects.get(code="bns")


def error_list(response) -> list[str]:
    return response.context["form"].errors.get("number", [])


# --- several sections in one step: the service ------------------------------------------------


def test_several_sections_are_charged_in_one_step(case, lead, fir):
    charges = services.charges_add(actor=lead.user, fir=fir, act=bns(), numbers="143(4), 144(1); 99\n 143(2)")
    assert [c.section.label for c in charges][0].startswith("BNS 143(4)")
    assert live_numbers(fir) == ["143(2)", "143(4)", "144(1)", "99"]
    summaries = list(CaseEvent.objects.filter(case=case, data__action="charge_added").values_list("summary", flat=True))
    assert len(summaries) == 4


def test_one_unknown_entry_saves_nothing_and_names_the_entry_with_the_closest_sections(case, lead, fir):
    events = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.charges_add(actor=lead.user, fir=fir, act=bns(), numbers="143(4), 144(1), 143(9)")
    messages = error.value.message_dict["number"]
    assert messages[0] == "Nothing was saved: 1 of 3 entries to correct."
    assert messages[1].startswith("Entry 3, “143(9)”: BNS has no section “143(9)” in Nyaya's list of sections.")
    assert any(m.startswith("BNS 143(4) — Trafficking of a child") for m in messages[2:])
    assert not Charge.objects.filter(fir=fir).exists()
    assert CaseEvent.objects.count() == events


def test_a_section_of_the_wrong_code_for_the_offence_date_is_refused_with_its_counterpart(case, lead):
    import datetime

    fir = make_fir(case, lead.user, stage="fir_registered", offence_on=datetime.date(2024, 3, 12))
    with pytest.raises(ValidationError) as error:
        services.charges_add(actor=lead.user, fir=fir, act=bns(), numbers="143(4), 144(1)")
    messages = error.value.message_dict["number"]
    assert messages == [
        "Nothing was saved: 2 of 2 entries to correct.",
        "Entry 1, “143(4)”: The offence was committed on 12 Mar 2024, before the BNS came into force on "
        "1 Jul 2024: charge IPC 370(4) instead.",
        "Entry 2, “144(1)”: The offence was committed on 12 Mar 2024, before the BNS came into force on "
        "1 Jul 2024: charge IPC 370A(1) instead.",
    ]
    assert not Charge.objects.filter(fir=fir).exists()
    # The IPC chosen, as the page offers it for this offence date: both saved, "IPC" after a number is read.
    services.charges_add(actor=lead.user, fir=fir, act=Act.objects.get(code="ipc"), numbers="370(4) and 370A(1) IPC")
    assert live_numbers(fir) == ["370(4)", "370A(1)"]


def test_a_section_already_charged_fails_the_whole_step(case, lead, fir):
    add_charge(fir, lead.user, number="143(4)")
    with pytest.raises(ValidationError) as error:
        services.charges_add(actor=lead.user, fir=fir, act=bns(), numbers="144(1), 143 (4)")
    assert "Entry 2, “143 (4)”: BNS 143(4) is already charged on this FIR." in error.value.message_dict["number"]
    assert live_numbers(fir) == ["143(4)"]


def test_the_same_section_typed_twice_is_charged_once(case, lead, fir):
    services.charges_add(actor=lead.user, fir=fir, act=bns(), numbers="143(4), u/s 143 (4), BNS 143(4)")
    assert live_numbers(fir) == ["143(4)"]


def test_empty_and_oversized_lists_are_refused(case, lead, fir):
    with pytest.raises(ValidationError) as error:
        services.charges_add(actor=lead.user, fir=fir, act=bns(), numbers=" , ;\n")
    assert error.value.message_dict["number"] == ["Enter a section number, or several separated by commas."]
    with pytest.raises(ValidationError) as error:
        services.charges_add(actor=lead.user, fir=fir, act=bns(), numbers=", ".join(["143(4)"] * 21))
    assert "At most 20 sections at a time (21 entered)" in error.value.message_dict["number"][0]
    assert not Charge.objects.filter(fir=fir).exists()


def test_section_entries_split_on_commas_semicolons_lines_and_and():
    assert services.section_entries("143(4), 144(1);370A\n\n u/s 372 and 373 & 99,") == [
        "143(4)",
        "144(1)",
        "370A",
        "u/s 372",
        "373",
        "99",
    ]
    assert services.section_entries("Bandra 370") == ["Bandra 370"]  # "and" only as a word


# --- several sections in one step: the page ---------------------------------------------------


def test_the_page_adds_several_sections_and_says_which(client, case, lead, fir):
    client.force_login(lead.user)
    response = client.post(
        url("fir_charges", case, fir_id=fir.pk), {"act": bns().pk, "number": "143(4), 144(1), 99"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith(f"#fir-{fir.pk}")
    body = response.content.decode()
    assert "Added: BNS 143(4)" in body and "BNS 144(1)" in body and "BNS 99" in body
    assert live_numbers(fir) == ["143(4)", "144(1)", "99"]


def test_the_page_shows_which_entry_failed_and_saves_nothing(client, case, lead, fir):
    client.force_login(lead.user)
    response = client.post(url("fir_charges", case, fir_id=fir.pk), {"act": bns().pk, "number": "143(4), 144(1), 370A"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was saved: 1 of 3 entries to correct." in body
    assert "Entry 3, “370A”: BNS has no section “370A”" in body
    assert "BNS 144(1)" in body  # among the closest: the BNS counterpart of IPC 370A
    assert 'value="143(4), 144(1), 370A"' in body  # what she typed is kept to correct
    assert not Charge.objects.filter(fir=fir).exists()


@pytest.fixture
def cast(make_member, org_wb, org_mh, secretariat, lead, case):
    collective = OrganisationFactory(
        name="Test Collective E", short_name="TCE", kind=Organisation.Kind.SURVIVOR_COLLECTIVE, home_state=state("WB")
    )
    network = OrganisationFactory(
        name="Test Lawyers E", short_name="TLE", kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB")
    )
    return cast_around(
        case,
        lead,
        make_member,
        org_wb=org_wb,
        org_mh=org_mh,
        secretariat=secretariat,
        collective=collective,
        lawyers_network=network,
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("lead", 302),
        ("lawyer", 302),
        ("other_org_caseworker", 404),
        ("outside_lawyer", 404),
        ("coordinator", 404),
        ("leader_on_team", 404),
    ],
)
def test_several_sections_by_who_may_record_them(client, cast, case, lead, persona, status):
    fir = make_fir(case, lead.user, stage="fir_registered")
    login_as(client, cast[persona])
    response = client.post(url("fir_charges", case, fir_id=fir.pk), {"act": bns().pk, "number": "143(4), 144(1)"})
    assert response.status_code == status
    assert live_numbers(fir) == (["143(4)", "144(1)"] if status == 302 else [])
    if status == 404:
        assert "Pimpri PS" not in response.content.decode()


ENTRY = st.one_of(
    st.sampled_from(["143(4)", "144(1)", "143", "99", "u/s 143(2)", "BNS 144(2)", "370A", "143(9)", "zzz", ""]),
    st.text(max_size=12),
)
SEPARATOR = st.sampled_from([",", ", ", ";", "\n", " and ", "&", ",,"])


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(entries=st.lists(ENTRY, max_size=6), separators=st.lists(SEPARATOR, min_size=6, max_size=6))
def test_any_list_typed_saves_all_of_it_or_none_never_a_500(client, case, lead, fir, entries, separators):
    client.force_login(lead.user)
    Charge.objects.filter(fir=fir).delete()  # each example starts from a FIR with no section
    text = "".join(entry + separator for entry, separator in zip(entries, separators, strict=False))
    response = client.post(url("fir_charges", case, fir_id=fir.pk), {"act": bns().pk, "number": text})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        wanted = {
            find_section(bns(), services.entry_without_act(entry, bns())).number
            for entry in services.section_entries(text)
        }
        assert set(live_numbers(fir)) == wanted and len(live_numbers(fir)) == len(wanted)
    else:
        assert error_list(response) or response.context["form"].errors
        assert not Charge.objects.filter(fir=fir).exists()


# --- the FIR card: frequent actions as buttons ----------------------------------------------


def _card(body: str, fir) -> str:
    start = body.index(f'id="fir-{fir.pk}"')
    return body[start : body.index("</section>", start)]


def test_the_fir_card_shows_its_frequent_actions_as_buttons(client, case, lead, fir):
    accused = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    link = services.fir_accused_add(actor=lead.user, fir=fir, accused=accused)
    client.force_login(lead.user)
    card = _card(client.get(url("investigation", case)).content.decode(), fir)
    # Arrest and bail sits under the person's name: on a phone the table's last column is off screen.
    person = re.search(r"<td>" + re.escape(ACCUSED_NAME) + r"(.*?)</td>", card, re.S).group(1)
    assert url("fir_accused_edit", case, fir_id=fir.pk, link_id=link.pk) in person
    for name in ("fir_charges", "fir_chain", "fir_accused_add"):
        link = re.search(rf'<a class="button button-secondary" href="{url(name, case, fir_id=fir.pk)}">([^<]+)<', card)
        assert link, name
    assert "Add sections" in card and "Link to the chain" in card and "Add an accused" in card
    assert "<details" not in card  # nothing folded away
    for name in ("fir_edit", "fir_tags", "statement_new", "fir_ahtu", "fir_survivor_informed"):
        assert f'href="{url(name, case, fir_id=fir.pk)}"' in card, name


def test_with_no_accused_on_the_case_the_card_offers_to_record_one(client, case, lead, fir):
    client.force_login(lead.user)
    card = _card(client.get(url("investigation", case)).content.decode(), fir)
    assert url("fir_accused_add", case, fir_id=fir.pk) not in card
    assert f'<a class="button button-secondary" href="{url("accused_new", case)}">Record a new accused person<' in card


def test_a_linked_fir_offers_to_link_another(client, case, lead, fir):
    other = make_fir(case, lead.user, stage="reported", state_code="WB", chain_role="source")
    services.chain_link(actor=lead.user, fir=fir, other=other)
    client.force_login(lead.user)
    card = _card(client.get(url("investigation", case)).content.decode(), fir)
    assert "Link another FIR to the chain" in card


@pytest.mark.parametrize("persona", ["coordinator", "leader_on_team"])
def test_people_who_may_not_record_see_no_action_buttons(client, cast, case, lead, fir, persona):
    login_as(client, cast[persona])
    response = client.get(url("investigation", case))
    assert response.status_code == 200
    card = _card(response.content.decode(), fir)
    for name in ("fir_charges", "fir_chain", "fir_edit", "fir_tags"):
        assert url(name, case, fir_id=fir.pk) not in card, name
    assert "Add sections" not in card


# --- accused phones: once each, normalised ----------------------------------------------------

PHONES = ["+91 99000 11122", "099000-11122", "9900011122", "98300 12345"]


def test_the_accused_table_shows_each_phone_once_normalised(client, case, lead):
    accused_services.accused_record(actor=lead.user, case=case, **accused_data(phones=PHONES), role="recruiter")
    client.force_login(lead.user)
    body = client.get(url("investigation", case)).content.decode()
    assert '<td data-label="Phones">9900011122, 9830012345</td>' in body
    assert body.count("9900011122") == 1
    assert "+91 99000 11122" not in body and "099000-11122" not in body


def test_a_record_linked_twice_shows_its_phone_once(client, case, lead):
    from tests.cases.helpers import open_survivor_case

    first = accused_services.accused_record(
        actor=lead.user, case=case, **accused_data(phones=["+91 99000 11122"]), role="recruiter"
    )
    second_case = open_survivor_case(lead, survivor={"full_name": "Second Survivor Qe", "phone_numbers": []})
    # The same person recorded again with the number typed another way, and linked to the record.
    accused_services.accused_record(
        actor=lead.user,
        case=second_case,
        **accused_data(phones=["099000 11122"]),
        role="recruiter",
        link_to=first.accused,
    )
    client.force_login(lead.user)
    body = client.get(url("investigation", second_case)).content.decode()
    assert body.count("9900011122") == 1 and "099000 11122" not in body


def test_the_match_offer_shows_the_phone_once_normalised(client, case, lead):
    from tests.cases.helpers import open_survivor_case

    accused_services.accused_record(actor=lead.user, case=case, **accused_data(phones=PHONES), role="recruiter")
    second_case = open_survivor_case(lead, survivor={"full_name": "Second Survivor Qo", "phone_numbers": []})
    client.force_login(lead.user)
    response = client.post(
        url("accused_new", second_case), {"names": "Somebody Qo", "phones": "+91-99000-11122", "role": "buyer"}
    )
    body = response.content.decode()
    assert "This person may already be recorded" in body
    assert "· 9900011122, 9830012345" in body
    assert "+91 99000 11122" not in body


def test_the_edit_form_offers_each_phone_once_normalised(client, case, lead):
    link = accused_services.accused_record(actor=lead.user, case=case, **accused_data(phones=PHONES), role="recruiter")
    client.force_login(lead.user)
    response = client.get(url("accused_edit", case, accused_id=link.accused_id))
    assert response.context["form"].initial["phones"] == ["9900011122", "9830012345"]


# --- deadline titles: the accused's name for those who may see it -----------------------------


@pytest.fixture
def arrest_deadline(case, lead, fir):
    add_charge(fir, lead.user, number="143(4)")
    accused = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    link = services.fir_accused_add(actor=lead.user, fir=fir, accused=accused)
    link.refresh_from_db()
    services.fir_accused_update(
        actor=lead.user,
        link=link,
        expected_version=link.version,
        **{"arrested_on": days(-5), "remanded_on": days(-4)},
    )
    deadline = Deadline.objects.get(case=case, subject_key=f"legal.firaccused:{link.pk}", status="open")
    assert f"(Accused #{accused.pk})" in deadline.title and ACCUSED_NAME not in deadline.title
    return deadline


@pytest.mark.parametrize("page", ["investigation", "case_detail", "case_deadlines"])
@pytest.mark.parametrize("persona", ["lawyer", "lead", "org_admin"])
def test_the_team_sees_the_accused_name_in_deadline_titles(client, cast, case, arrest_deadline, page, persona):
    login_as(client, cast[persona])
    body = client.get(url(page, case)).content.decode()
    shown = arrest_deadline.title.replace(re.search(r"Accused #\d+", arrest_deadline.title).group(), ACCUSED_NAME)
    assert shown in body
    # (The case overview's timeline names accused persons by number: the timeline is not a deadline list.)
    start = body.index('id="deadlines-head"') if page != "case_deadlines" else body.index("<h2>Deadlines</h2>")
    deadlines = body[start : body.index("</section>", start)] if page != "case_deadlines" else body[start:]
    assert re.search(r"Accused #\d+", deadlines) is None
    arrest_deadline.refresh_from_db()
    assert ACCUSED_NAME not in arrest_deadline.title  # shown, never stored


@pytest.mark.parametrize("page", ["investigation", "case_detail", "case_deadlines"])
@pytest.mark.parametrize("persona", ["coordinator", "leader_on_team"])
def test_masked_viewers_see_the_title_as_stored(client, cast, case, arrest_deadline, page, persona):
    login_as(client, cast[persona])
    response = client.get(url(page, case))
    assert response.status_code == 200
    body = response.content.decode()
    assert ACCUSED_NAME not in body
    if page == "investigation":  # the tab's deadlines are for everyone who sees the case
        assert arrest_deadline.title in body


@pytest.mark.parametrize("persona", ["other_org_caseworker", "outside_lawyer"])
def test_outsiders_get_404_and_no_name(client, cast, case, arrest_deadline, persona):
    login_as(client, cast[persona])
    for page in ("investigation", "case_detail", "case_deadlines"):
        response = client.get(url(page, case))
        assert response.status_code == 404
        assert ACCUSED_NAME not in response.content.decode()


def test_a_closed_deadline_on_the_tab_is_named_too(client, cast, case, lead, fir, arrest_deadline):
    link = FIRAccused.objects.get(fir=fir)
    services.fir_accused_update(
        actor=lead.user, link=link, expected_version=link.version, **{"released_without_charge": True}
    )
    arrest_deadline.refresh_from_db()
    assert arrest_deadline.status == "cancelled"
    login_as(client, cast["lawyer"])
    body = client.get(url("investigation", case)).content.decode()
    closed = body[body.index("Deadlines met or no longer applying") :]
    assert ACCUSED_NAME in closed
    login_as(client, cast["coordinator"])
    closed = client.get(url("investigation", case)).content.decode()
    assert ACCUSED_NAME not in closed


def test_the_tab_keeps_a_constant_number_of_queries_with_named_deadlines(
    client, cast, case, lead, fir, arrest_deadline, django_assert_max_num_queries
):
    login_as(client, cast["lawyer"])
    client.get(url("investigation", case))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url("investigation", case))
    for n in range(3):
        accused = accused_services.accused_record(
            actor=lead.user, case=case, **accused_data(names=[f"Extra Qz{n}"], phones=[]), role="buyer"
        ).accused
        link = services.fir_accused_add(actor=lead.user, fir=fir, accused=accused)
        link.refresh_from_db()
        services.fir_accused_update(
            actor=lead.user,
            link=link,
            expected_version=link.version,
            **{"arrested_on": days(-5), "remanded_on": days(-4)},
        )
    with django_assert_max_num_queries(len(one)):
        body = client.get(url("investigation", case)).content.decode()
    assert all(f"Extra Qz{n}" in body for n in range(3))


# --- lists across cases: My work and the home page ---------------------------------------------


@pytest.fixture
def overdue_arrest_deadline(case, lead):
    """A chargesheet clock (90-day class) from a remand 92 days ago: overdue by three days."""
    fir = make_fir(case, lead.user, stage="fir_registered", fir_day=-100)
    add_charge(fir, lead.user, number="143(4)")
    accused = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    link = services.fir_accused_add(actor=lead.user, fir=fir, accused=accused)
    link.refresh_from_db()
    services.fir_accused_update(
        actor=lead.user,
        link=link,
        expected_version=link.version,
        **{"arrested_on": days(-93), "remanded_on": days(-92)},
    )
    deadline = Deadline.objects.get(case=case, subject_key=f"legal.firaccused:{link.pk}", status="open")
    assert deadline.is_overdue and ACCUSED_NAME not in deadline.title
    return deadline


def _named(deadline) -> str:
    return re.sub(r"Accused #\d+", ACCUSED_NAME, deadline.title)


def test_my_work_names_the_accused_for_the_lawyer_and_the_lead(client, cast, case, overdue_arrest_deadline):
    for persona in ("lawyer", "lead"):
        login_as(client, cast[persona])
        body = client.get(reverse("work:my_work") + "?scope=all").content.decode()
        assert _named(overdue_arrest_deadline) in body, persona
        assert overdue_arrest_deadline.title not in body, persona


def test_my_work_keeps_the_number_for_a_survivor_leader(client, cast, case, overdue_arrest_deadline):
    login_as(client, cast["leader_on_team"])
    body = client.get(reverse("work:my_work") + "?scope=all").content.decode()
    assert ACCUSED_NAME not in body
    assert overdue_arrest_deadline.title in body  # she sees the clock, by number


def test_the_home_page_names_the_accused_for_the_lead(client, cast, case, overdue_arrest_deadline):
    login_as(client, cast["lead"])
    body = client.get(reverse("home")).content.decode()
    assert _named(overdue_arrest_deadline) in body


def test_my_work_queries_do_not_grow_with_named_deadlines(
    client, cast, case, lead, overdue_arrest_deadline, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_as(client, cast["lawyer"])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("work:my_work") + "?scope=all")
    fir = FIRAccused.objects.get(pk=int(overdue_arrest_deadline.subject_key.partition(":")[2])).fir
    for n in range(3):
        accused = accused_services.accused_record(
            actor=lead.user, case=case, **accused_data(names=[f"More Qz{n}"], phones=[]), role="buyer"
        ).accused
        link = services.fir_accused_add(actor=lead.user, fir=fir, accused=accused)
        link.refresh_from_db()
        services.fir_accused_update(
            actor=lead.user,
            link=link,
            expected_version=link.version,
            **{"arrested_on": days(-93), "remanded_on": days(-92)},
        )
    with django_assert_max_num_queries(len(one)):
        body = client.get(reverse("work:my_work") + "?scope=all").content.decode()
    assert all(f"More Qz{n}" in body for n in range(3))
