"""The law reference pages: every act, section, deadline rule and scheme with its source for
every member; coordinators keep sections and rules, each change in the history with its reason;
deadline pages say where a date comes from, why there is none, and when default bail accrues."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.deadlines import deadline_start
from cases.models import Deadline, DeadlineRule
from compensation.models import Scheme
from consortium.models import Role
from legal.models import Act, Section

D = datetime.date
LAW = reverse("legal:law_reference")


@pytest.fixture
def caseworker(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Kavya", last_name="Caseworker")


@pytest.fixture
def bns_143(db):
    """BNS 143 with values a test can recognise (the shipped row's text may be corrected meanwhile)."""
    section = Section.objects.select_related("act").get(act__code="bns", number="143")
    section.punishment = "RI 7 to 10 years and fine (test text)"
    section.default_bail_days = 90
    section.default_bail_basis = "Punishable with life (test basis)"
    section.source = "BNS s.143(2) (test source)"
    section.in_force_from, section.in_force_until = D(2024, 7, 1), None
    section._change_reason = "test setup"
    section.save()
    return Section.objects.select_related("act").get(pk=section.pk)


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def section_post(section, **changes):
    data = {
        "title": section.title,
        "is_offence": "on" if section.is_offence else "",
        "punishment": section.punishment,
        "min_punishment_years": section.min_punishment_years or "",
        "max_punishment_years": section.max_punishment_years or "",
        "punishable_with_life": "on" if section.punishable_with_life else "",
        "punishable_with_death": "on" if section.punishable_with_death else "",
        "default_bail_days": section.default_bail_days or "",
        "default_bail_basis": section.default_bail_basis,
        "triable_by": section.triable_by,
        "is_sexual_offence": "on" if section.is_sexual_offence else "",
        "two_month_investigation": "on" if section.two_month_investigation else "",
        "in_camera": "on" if section.in_camera else "",
        "child_victim": "on" if section.child_victim else "",
        "source": section.source,
        "in_force_from": section.in_force_from.isoformat() if section.in_force_from else "",
        "in_force_until": section.in_force_until.isoformat() if section.in_force_until else "",
        "counterpart": section.counterpart_id or "",
        "reason": "Corrected from the bare Act",
    }
    data.update(changes)
    return data


# --- the reference page ------------------------------------------------------------------------


def test_reference_page_lists_every_act_section_rule_and_scheme_with_its_source(client, caseworker, bns_143):
    client.force_login(caseworker.user)
    html = page(client, LAW)
    acts = list(Act.objects.order_by("position"))
    positions = [html.index(f'id="act-{act.code}"') for act in acts]
    assert positions == sorted(positions)  # in the acts' own order, old code before new
    for act in acts:
        assert escape(act.name) in html
        if act.source:
            assert escape(act.source) in html
    for section in Section.objects.select_related("act"):
        assert reverse("legal:law_section_detail", args=[section.pk]) in html
        if section.source:
            assert escape(section.source) in html
    for rule in DeadlineRule.objects.all():
        assert escape(rule.name) in html and escape(rule.legal_source) in html
        assert reverse("work:deadline_rule_detail", args=[rule.code]) in html
    for scheme in Scheme.objects.all():
        assert escape(scheme.short_name) in html and escape(scheme.legal_source) in html
    # A known row, as a lawyer reads it: BNS 143 with its punishment, bail class and basis, source.
    row = html[html.index(f'id="section-{bns_143.pk}"') :]
    row = row[: row.index("</tr>")]
    for text in ("BNS 143", "RI 7 to 10 years and fine (test text)", "90 days", "Punishable with life (test basis)"):
        assert text in row
    assert "BNS s.143(2) (test source)" in row and "1 Jul 2024" in row and "IPC 370" in row


def test_law_and_practice_are_told_apart(client, caseworker):
    client.force_login(caseworker.user)
    html = page(client, LAW)
    practice = DeadlineRule.objects.filter(source_kind="practice").first()
    law = DeadlineRule.objects.filter(source_kind="law").first()
    assert practice is not None and law is not None
    practice_row = html[html.index(f'id="rule-{practice.pk}"') :]
    assert 'class="tag tag-practice"' in practice_row[: practice_row.index("</tr>")]
    law_row = html[html.index(f'id="rule-{law.pk}"') :]
    assert 'class="tag tag-law"' in law_row[: law_row.index("</tr>")]
    # "Practice only" leaves out every law and judgment rule, and the (law) sections.
    html = page(client, LAW, practice="on")
    assert escape(practice.name) in html and escape(law.legal_source) not in html
    assert 'id="sections"' not in html


def test_a_bnss_only_rule_and_its_consequence_show(client, caseworker):
    client.force_login(caseworker.user)
    html = page(client, LAW, workflow="investigation")
    rule = DeadlineRule.objects.get(code="chargesheet_90")
    row = html[html.index(f'id="rule-{rule.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "the trigger day counts as day one" in row and "Default bail accrues" in row and "1 Apr 1974" in row
    bnss_only = DeadlineRule.objects.get(code="victim_informed_of_progress")
    row = html[html.index(f'id="rule-{bnss_only.pk}"') :]
    assert "BNSS only" in row[: row.index("</tr>")]
    assert 'id="schemes"' not in html  # investigation rules only


def test_filters_and_search(client, caseworker, bns_143):
    client.force_login(caseworker.user)
    html = page(client, LAW, act="ipc")
    ipc_370 = Section.objects.get(act__code="ipc", number="370")
    assert f'id="section-{ipc_370.pk}"' in html and f'id="section-{bns_143.pk}"' not in html
    assert 'id="rules"' not in html and 'id="schemes"' not in html
    html = page(client, LAW, q="Rakesh Kumar Paul")
    assert escape(DeadlineRule.objects.get(code="chargesheet_60").name) in html
    assert escape(DeadlineRule.objects.get(code="victim_informed_of_progress").name) not in html
    html = page(client, LAW, q="test source")
    assert f'id="section-{bns_143.pk}"' in html and f'id="section-{ipc_370.pk}"' not in html
    # A value that is no choice is ignored, never a 500.
    page(client, LAW, act="no-such-act", workflow="<script>")


def test_reference_page_queries_stay_constant(client, caseworker, django_assert_max_num_queries):
    client.force_login(caseworker.user)
    with django_assert_max_num_queries(20):
        page(client, LAW)


def test_every_member_reads_the_reference_and_finds_it_in_the_menu(client, make_member, org_wb, coordinator):
    for role in Role.values:
        member = make_member(role, org_wb)
        client.force_login(member.user)
        assert f'href="{LAW}"' in page(client, reverse("home"))
        page(client, LAW)


def test_the_reference_is_for_signed_in_members(client, bns_143):
    response = client.get(LAW)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = client.get(reverse("legal:law_section_detail", args=[bns_143.pk]))
    assert response.status_code == 302


# --- a section: read, edit with history, add ---------------------------------------------------


def test_caseworker_reads_a_section_but_cannot_edit_it(client, caseworker, bns_143):
    client.force_login(caseworker.user)
    html = page(client, reverse("legal:law_section_detail", args=[bns_143.pk]))
    assert "RI 7 to 10 years and fine (test text)" in html and "Punishable with life (test basis)" in html
    assert reverse("legal:law_section_edit", args=[bns_143.pk]) not in html
    edit = reverse("legal:law_section_edit", args=[bns_143.pk])
    assert client.get(edit).status_code == 404
    before = Section.history.count()
    response = client.post(edit, section_post(bns_143, punishment="Changed by a caseworker"))
    assert response.status_code == 404
    assert client.get(reverse("legal:law_section_new")).status_code == 404
    assert client.post(reverse("legal:law_section_new"), {"act": bns_143.act_id, "number": "999"}).status_code == 404
    assert Section.objects.get(pk=bns_143.pk).punishment == "RI 7 to 10 years and fine (test text)"
    assert Section.history.count() == before


@pytest.mark.parametrize("role", [Role.LAWYER, Role.ORG_ADMIN, Role.SURVIVOR_LEADER])
def test_only_coordinators_edit_sections(client, make_member, org_wb, bns_143, role):
    client.force_login(make_member(role, org_wb).user)
    assert client.get(reverse("legal:law_section_detail", args=[bns_143.pk])).status_code == 200
    assert client.get(reverse("legal:law_section_edit", args=[bns_143.pk])).status_code == 404


def test_unknown_section_is_404(client, coordinator):
    client.force_login(coordinator.user)
    assert client.get(reverse("legal:law_section_detail", args=[999999])).status_code == 404
    assert client.get(reverse("legal:law_section_edit", args=[999999])).status_code == 404


def test_coordinator_edits_a_section_and_the_history_shows_who_what_and_why(client, coordinator, bns_143):
    client.force_login(coordinator.user)
    detail = reverse("legal:law_section_detail", args=[bns_143.pk])
    assert reverse("legal:law_section_edit", args=[bns_143.pk]) in page(client, detail)
    edit = reverse("legal:law_section_edit", args=[bns_143.pk])
    form = client.get(edit)
    assert form.status_code == 200
    post = section_post(
        bns_143,
        punishment="RI 10 years to life and fine (test text)",
        reason="Read 143(4) from the 2023 bare Act",
        loaded_at=form.context["form"]["loaded_at"].value(),
    )
    response = client.post(edit, post, follow=True)
    html = response.content.decode()
    assert "saved; the change is in its history" in html
    saved = Section.objects.get(pk=bns_143.pk)
    assert saved.punishment == "RI 10 years to life and fine (test text)"
    record = saved.history.first()
    assert record.history_change_reason == "Read 143(4) from the 2023 bare Act"
    assert record.history_user_id == coordinator.user.pk
    history = html[html.index('id="history-head"') :]
    assert "Chitra Coordinator" in history and "Read 143(4) from the 2023 bare Act" in history
    assert "RI 7 to 10 years and fine (test text)" in history and "RI 10 years to life and fine (test text)" in history


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"source": ""}, "source", "A row without a source is not law"),
        ({"source": "   "}, "source", "A row without a source is not law"),
        ({"default_bail_days": "45"}, "default_bail_days", "45"),
        ({"default_bail_days": "60", "default_bail_basis": ""}, "default_bail_basis", "basis"),
        ({"in_force_from": "2025-01-01", "in_force_until": "2024-12-31"}, "in_force_until", "before the first"),
        ({"in_force_from": "2020-01-01"}, "in_force_from", "came into force on 1 Jul 2024"),
        ({"reason": ""}, "reason", ""),
        ({"reason": "ok"}, "reason", "at least 5"),
        ({"min_punishment_years": "10", "max_punishment_years": "7"}, "max_punishment_years", "below the minimum"),
        ({"punishable_with_death": "on", "punishable_with_life": ""}, "punishable_with_life", "tick both"),
        ({"in_force_from": "1 July"}, "in_force_from", ""),
    ],
)
def test_bad_section_edits_are_refused_and_nothing_is_saved(client, coordinator, bns_143, change, field, message):
    client.force_login(coordinator.user)
    before_history = Section.history.filter(id=bns_143.pk).count()
    response = client.post(
        reverse("legal:law_section_edit", args=[bns_143.pk]),
        section_post(bns_143, punishment="Should not stick", **change),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert Section.objects.get(pk=bns_143.pk).punishment == "RI 7 to 10 years and fine (test text)"
    assert Section.history.filter(id=bns_143.pk).count() == before_history


def test_a_counterpart_must_be_the_same_provision_in_the_other_code(client, coordinator, bns_143):
    client.force_login(coordinator.user)
    edit = reverse("legal:law_section_edit", args=[bns_143.pk])
    bns_144 = Section.objects.get(act__code="bns", number="144")
    crpc_154 = Section.objects.get(act__code="crpc", number="154")
    for other in (bns_144, crpc_154):
        response = client.post(edit, section_post(bns_143, counterpart=other.pk))
        assert "counterpart" in response.context["form"].errors
    assert Section.objects.get(pk=bns_143.pk).counterpart.number == "370"


def test_saving_nothing_changed_is_refused(client, coordinator, bns_143):
    client.force_login(coordinator.user)
    before = Section.history.count()
    response = client.post(reverse("legal:law_section_edit", args=[bns_143.pk]), section_post(bns_143))
    assert "Nothing was changed" in response.content.decode()
    assert Section.history.count() == before


def test_a_stale_form_does_not_overwrite_a_newer_change(client, coordinator, bns_143):
    client.force_login(coordinator.user)
    edit = reverse("legal:law_section_edit", args=[bns_143.pk])
    loaded_at = client.get(edit).context["form"]["loaded_at"].value()
    client.post(edit, section_post(bns_143, punishment="First change (test)", loaded_at=loaded_at))
    response = client.post(edit, section_post(bns_143, punishment="Second change (test)", loaded_at=loaded_at))
    page = response.content.decode()
    assert f"Changed by {coordinator.user.display_name} at" in page and "while you were editing" in page
    assert Section.objects.get(pk=bns_143.pk).punishment == "First change (test)"


def test_coordinator_adds_a_missing_sub_section_with_its_counterpart(client, coordinator, caseworker):
    Section.objects.filter(act__code="bns", number="143(4)").delete()
    Section.objects.filter(act__code="ipc", number="370(4)").delete()
    ipc = Act.objects.get(code="ipc")
    ipc_370_4 = Section.objects.create(act=ipc, number="370(4)", title="Trafficking of a minor (test)", source="IPC")
    client.force_login(coordinator.user)
    bns = Act.objects.get(code="bns")
    data = {
        "act": bns.pk,
        "number": "143 (4)",
        "title": "Trafficking of a child (test)",
        "is_offence": "on",
        "punishment": "RI 10 years to life and fine (test)",
        "punishable_with_life": "on",
        "default_bail_days": "90",
        "default_bail_basis": "Punishable with life (test)",
        "triable_by": "sessions",
        "child_victim": "on",
        "source": "BNS s.143(4) (test)",
        "counterpart": ipc_370_4.pk,
        "reason": "Sub-section missing from the list",
    }
    response = client.post(reverse("legal:law_section_new"), data, follow=True)
    assert "BNS 143(4) added" in response.content.decode()
    added = Section.objects.get(act=bns, number="143(4)")
    assert added.child_victim and added.default_bail_days == 90 and added.counterpart_id == ipc_370_4.pk
    assert added.history.get().history_change_reason == "Sub-section missing from the list"
    # The counterpart points back, and its history says why.
    ipc_370_4.refresh_from_db()
    assert ipc_370_4.counterpart_id == added.pk
    assert "Counterpart of BNS 143(4)" in ipc_370_4.history.first().history_change_reason
    # The same number again: refused, nothing added.
    response = client.post(reverse("legal:law_section_new"), data)
    assert "already on the list" in " ".join(response.context["form"].errors["number"])
    assert Section.objects.filter(act=bns, number="143(4)").count() == 1
    # Every member now finds it on the reference page.
    client.force_login(caseworker.user)
    assert "RI 10 years to life and fine (test)" in page(client, LAW, act="bns")


@pytest.mark.parametrize(
    ("change", "field"),
    [({"number": "one hundred"}, "number"), ({"source": ""}, "source"), ({"act": ""}, "act")],
)
def test_bad_new_sections_are_refused(client, coordinator, change, field):
    client.force_login(coordinator.user)
    data = {
        "act": Act.objects.get(code="bns").pk,
        "number": "400(9)",
        "title": "Test section",
        "is_offence": "on",
        "source": "BNS (test)",
        "reason": "Missing from the list",
        **change,
    }
    before = Section.objects.count()
    response = client.post(reverse("legal:law_section_new"), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert Section.objects.count() == before


# --- deadline rules --------------------------------------------------------------------------------


def rule_post(**changes):
    data = {
        "name": "Chargesheet: default bail after 90 days in custody",
        "trigger": "first_remand",
        "offset_amount": "90",
        "offset_unit": "days",
        "day_count": "calendar",
        "calendar_kind": "court",
        "responsible_role": "lead_caseworker",
        "reminder_days": "21, 7",
        "escalation_steps": "0:lead_caseworker, 7:coordinator",
        "source_kind": "judgment",
        "legal_source": "BNSS 187(3)(i) (test)",
        "procedure": "any",
        "count_trigger_day": "on",
        "consequence": "Default bail accrues",
        "effective_from": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
        "effective_until": "",
        "is_active": "on",
        "reason": "Test: source reworded",
    }
    data.update(changes)
    return data


def test_every_member_reads_a_rule_with_its_source_and_history_but_only_coordinators_add_versions(client, caseworker):
    client.force_login(caseworker.user)
    html = page(client, reverse("work:deadline_rules"))
    assert "Default bail accrues" in html and "BNSS only" in html
    url = reverse("work:deadline_rule_detail", args=["chargesheet_90"])
    html = page(client, url)
    rule = DeadlineRule.objects.get(code="chargesheet_90")
    assert escape(rule.legal_source) in html
    assert "Judgment (with citation)" in html and "Any proceeding" in html
    assert "counts as day one" in html and "Default bail accrues" in html
    assert 'id="history-head"' in html and 'id="new-version"' not in html
    before = DeadlineRule.objects.count()
    assert client.post(url, rule_post()).status_code == 403
    assert DeadlineRule.objects.count() == before


def test_coordinator_adds_a_rule_version_with_the_new_fields_and_a_reason(client, coordinator):
    client.force_login(coordinator.user)
    url = reverse("work:deadline_rule_detail", args=["victim_informed_of_progress"])
    form = client.get(url).context["form"]
    assert form["procedure"].value() == "bnss" and form["source_kind"].value() == "law"
    day = datetime.date.today() + datetime.timedelta(days=30)
    response = client.post(
        url,
        rule_post(
            name="Police inform the survivor of the investigation's progress",
            trigger="fir_registered",
            source_kind="law",
            legal_source="BNSS 193(3)(ii) (test)",
            procedure="bnss",
            count_trigger_day="",
            consequence="",
            effective_from=day.isoformat(),
            effective_until=(day + datetime.timedelta(days=365)).isoformat(),
            reason="Test: end date after a notified amendment",
        ),
        follow=True,
    )
    html = response.content.decode()
    assert "New version saved" in html
    new = DeadlineRule.objects.get(code="victim_informed_of_progress", effective_from=day)
    assert new.procedure == "bnss" and new.effective_until == day + datetime.timedelta(days=365)
    assert new.history.get().history_change_reason == "Test: end date after a notified amendment"
    history = html[html.index('id="history-head"') :]
    assert "Test: end date after a notified amendment" in history and "Chitra Coordinator" in history


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"effective_until": "2020-01-01"}, "effective_until"),
        ({"procedure": "ipc"}, "procedure"),
        ({"source_kind": "rumour"}, "source_kind"),
        ({"source_kind": "practice"}, "legal_source"),
        ({"reason": ""}, "reason"),
    ],
)
def test_bad_rule_versions_are_refused(client, coordinator, change, field):
    client.force_login(coordinator.user)
    before = DeadlineRule.objects.count()
    response = client.post(reverse("work:deadline_rule_detail", args=["chargesheet_90"]), rule_post(**change))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert DeadlineRule.objects.count() == before


# --- deadlines on a case ---------------------------------------------------------------------------


def test_a_not_applicable_deadline_says_no_date_and_why(client, case, lead):
    deadline = deadline_start(
        case=case,
        rule_code="victim_informed_of_progress",
        trigger_at=D(2024, 5, 10),
        subject="legal.fir:1",
        actor=lead.user,
        procedure="crpc",
        title="Survivor informed of progress (test)",
    )
    assert deadline.status == Deadline.Status.NOT_APPLICABLE
    client.force_login(lead.user)
    for url in (reverse("cases:case_deadlines", args=[case.pk]), reverse("cases:case_detail", args=[case.pk])):
        html = page(client, url)
        item = html[html.index("Survivor informed of progress (test)</strong>") :]
        item = item[: item.index("</li>")]
        assert "No date" in item
        assert "new in the BNSS" in item and "CrPC" in item
        assert "BNSS 193(3)(ii)" in item  # the rule's source
        assert deadline.due_on.strftime("%-d %b %Y") not in item  # no due date is shown


def test_a_default_bail_deadline_shows_the_last_day_and_the_day_bail_accrues(client, case, lead):
    deadline = deadline_start(
        case=case,
        rule_code="chargesheet_90",
        trigger_at=D(2026, 11, 1),
        subject="legal.firaccused:1",
        actor=lead.user,
        procedure="bnss",
        title="Chargesheet (test accused)",
    )
    # BNSS 187(3): 90 days counted from the first remand, the remand day included.
    assert deadline.due_on == D(2027, 1, 29) and deadline.consequence_on == D(2027, 1, 30)
    client.force_login(lead.user)
    for url in (reverse("cases:case_deadlines", args=[case.pk]), reverse("cases:case_detail", args=[case.pk])):
        html = page(client, url)
        item = html[html.index("Chargesheet (test accused)</strong>") :]
        item = item[: item.index("</li>")]
        assert "Last day to file" in item and "29 Jan 2027" in item
        assert "Default bail accrues" in item and "30 Jan 2027" in item
        assert "Kapil Wadhawan" in item  # the source


def test_the_first_edit_of_a_loaded_row_keeps_the_values_it_replaced(client, coordinator):
    """Rows loaded by a data migration have no history yet: the first edit records them first."""
    section = Section.objects.select_related("act").get(act__code="bns", number="144")
    Section.history.filter(id=section.pk).delete()
    Section.objects.filter(pk=section.pk).update(punishment="As loaded (test)", source="BNS s.144 (test)")
    section.refresh_from_db()
    client.force_login(coordinator.user)
    response = client.post(
        reverse("legal:law_section_edit", args=[section.pk]),
        section_post(section, punishment="As corrected (test)", reason="Corrected from the bare Act"),
        follow=True,
    )
    html = response.content.decode()
    history = html[html.index('id="history-head"') :]
    assert "As loaded (test)" in history and "As corrected (test)" in history
    assert "The values as loaded, before the first change" in history
    assert Section.history.filter(id=section.pk).earliest("history_date").history_user is None
    assert [r.history_type for r in Section.history.filter(id=section.pk).order_by("history_date")] == ["+", "~"]


def test_my_work_shows_the_last_day_and_the_day_default_bail_accrues(client, case, lead):
    remanded = datetime.date.today() - datetime.timedelta(days=87)
    deadline = deadline_start(
        case=case,
        rule_code="chargesheet_90",
        trigger_at=remanded,
        subject="legal.firaccused:2",
        actor=lead.user,
        procedure="bnss",
        title="Chargesheet (my work test)",
    )
    assert deadline.due_on == remanded + datetime.timedelta(days=89)
    client.force_login(lead.user)
    html = page(client, reverse("work:my_work"))
    item = html[html.index("Chargesheet (my work test)") :]
    item = item[: item.index("</li>")]
    assert "last day" in item and f"{deadline.due_on.day} {deadline.due_on:%b %Y}" in item
    bail_day = deadline.consequence_on
    assert "default bail accrues" in item and f"{bail_day.day} {bail_day:%b %Y}" in item
