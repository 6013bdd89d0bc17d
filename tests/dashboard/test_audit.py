"""The access audit: coordinators read everything, org admins their organisation's cases."""

from django.urls import reverse

from cases.models import AccessLogEntry


def _entry(case, user, action="view_case", target="case page"):
    return AccessLogEntry.objects.create(case=case, user=user, action=action, target=target)


def test_coordinator_sees_break_glass_highlighted_and_filters(world, people, login):
    coordinator = people["coordinator"].user
    _entry(world["a1"], coordinator, "break_glass", "identity")
    _entry(world["b1"], people["lead_b"].user)
    client = login(people["coordinator"])
    page = client.get(reverse("dashboard:dashboard_audit")).content.decode()
    assert 'class="row-alert"' in page and world["a1"].reference in page and world["b1"].reference in page
    page = client.get(reverse("dashboard:dashboard_audit"), {"action": "break_glass"}).content.decode()
    assert world["b1"].reference not in page.split("h-audit-log")[1]
    page = client.get(reverse("dashboard:dashboard_audit"), {"case": world["b1"].reference}).content.decode()
    assert world["a1"].reference not in page.split("h-audit-log")[1]


def test_org_admin_sees_only_entries_on_her_organisations_cases(world, people, login):
    _entry(world["a1"], people["lead_a"].user)
    _entry(world["b1"], people["lead_a"].user)  # her member on another organisation's case
    page = login(people["admin_a"]).get(reverse("dashboard:dashboard_audit")).content.decode()
    assert world["a1"].reference in page
    assert world["b1"].reference not in page


def test_bad_audit_filters_are_a_message(world, people, login):
    response = login(people["coordinator"]).get(
        reverse("dashboard:dashboard_audit"), {"date_from": "2026-02-01", "date_to": "2026-01-01", "action": "steal"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "ends before it starts" in page and "Select a valid choice" in page
