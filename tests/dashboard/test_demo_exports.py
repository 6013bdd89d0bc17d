"""On the demo consortium: the dashboard shows real numbers, and no export file carries any
demo survivor's name or phone. The demo is built once for this module (it takes a while)."""

import io

import pytest
from django.urls import reverse

from consortium.models import Membership, Role
from core.crypto import normalise_phone
from survivors.models import Survivor


def _as_text(content: bytes, fmt: str) -> str:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            ",".join("" if v is None else str(v) for v in row)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8-sig")


def _identities():
    names, phones = set(), set()
    for survivor in Survivor.objects.all():
        names.update(n for n in [survivor.full_name, *survivor.other_names] if n)
        phones.update(normalise_phone(p)[-10:] for p in survivor.phone_numbers if p)
    return names, phones


@pytest.mark.parametrize("username", ["coordinator", "admin_wb"])
def test_no_demo_survivor_name_or_phone_in_any_export(demo_db, client, username):
    membership = Membership.objects.filter(user__username=username, role__in=[Role.COORDINATOR, Role.ORG_ADMIN]).first()
    client.force_login(membership.user)
    names, phones = _identities()
    assert names and phones
    files = []
    for kind in ("anonymised", "htcds"):
        for fmt in ("csv", "xlsx"):
            response = client.post(reverse("dashboard:dashboard_export_cases", args=[kind, fmt]))
            assert response.status_code == 200
            files.append(_as_text(response.content, fmt))
    for key in ("funnel", "stages", "failure_stations", "districts", "compensation"):
        files.append(
            _as_text(client.get(reverse("dashboard:dashboard_export_table", args=[key, "csv"])).content, "csv")
        )
    assert sum(text.count("\n") for text in files[:4]) > 8  # the case-level exports have rows
    digits_only = ["".join(ch for ch in text if ch.isdigit()) for text in files]
    for text, digits in zip(files, digits_only, strict=True):
        for name in names:
            assert name not in text
        for phone in phones:
            assert phone not in digits


def test_demo_dashboard_shows_non_trivial_numbers(demo_db, client):
    client.force_login(Membership.objects.get(user__username="coordinator", role=Role.COORDINATOR).user)
    response = client.get(reverse("dashboard:dashboard"))
    counts = response.context["metrics"].counts
    assert counts["cases"] >= 50
    assert counts["fir"] > counts["chargesheet"] > 0
    assert counts["trial"] > 0 and counts["conviction"] > 0
    assert counts["stalled"] >= 4
    assert response.context["consented_count"] > 20
    assert response.context["metrics"].durations


def test_demo_dashboard_figures_add_up_and_are_defined(demo_db, client):
    """The demo consortium (claims at every stage, payments, court cases): funnels never rise,
    table and funnel count the same claims, paid <= awarded, every figure defined with its unit."""
    from .test_definitions import assert_every_figure_defined, assert_figures_add_up

    client.force_login(Membership.objects.get(user__username="coordinator", role=Role.COORDINATOR).user)
    response = client.get(reverse("dashboard:dashboard"))
    metrics = response.context["metrics"]
    assert metrics.compensation["claim_awarded"] > 0 and metrics.compensation["paid"] > 0
    assert_figures_add_up(metrics, response.context["tables"])
    assert assert_every_figure_defined(response.content.decode()) > 100
