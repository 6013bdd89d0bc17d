"""The demo shows referrals in every state and one completed transfer of lead, each to the people
who work them: cw_wb (incoming referrals), cw_mh (his sent ones and a case he transferred to
JGVM, followed on her consent), lawyer_wb (legal aid), the coordinator (every case's Referrals tab)."""

from django.urls import reverse

from cases.models import AccessLogEntry
from consortium.models import User
from referrals.models import Referral


def _as(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_has_a_referral_in_every_state_and_a_completed_transfer(demo_db):
    referrals = Referral.objects.filter(kind=Referral.Kind.REFERRAL)
    assert set(referrals.values_list("stage", flat=True)) == {
        "sent",
        "accepted",
        "declined",
        "withdrawn",
        "expired",
        "closed",
    }
    transfer = Referral.objects.get(kind=Referral.Kind.TRANSFER)
    assert transfer.stage == Referral.Stage.ACKNOWLEDGED
    assert transfer.case.lead_organisation.short_name == "JGVM"
    assert AccessLogEntry.objects.filter(case=transfer.case, action=AccessLogEntry.Action.LEAD_TRANSFERRED).exists()


def test_the_demo_users_see_them(demo_db, client):
    waiting = Referral.objects.get(stage=Referral.Stage.SENT)
    inbox = _as(client, "cw_wb").get(reverse("referrals:referral_inbox")).content.decode()
    assert waiting.case.reference in inbox and "Livelihood" in inbox
    tab = reverse("referrals:case_referrals", args=[waiting.case_id])
    sent = _as(client, "cw_mh").get(tab).content.decode()
    assert "Livelihood" in sent and "Legal aid" in sent and "Closed with outcome" in sent
    legal = Referral.objects.get(service="legal_aid")
    assert "Legal aid" in _as(client, "lawyer_wb").get(tab).content.decode()
    assert legal.stage == Referral.Stage.ACCEPTED
    transfer = Referral.objects.get(kind=Referral.Kind.TRANSFER)
    for username in ("coordinator", "cw_mh"):
        page = _as(client, username).get(reverse("referrals:case_referrals", args=[transfer.case_id]))
        assert "Transfer of lead" in page.content.decode(), username
