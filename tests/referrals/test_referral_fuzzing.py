"""Generated input to the referral forms (send, answer, close): a redirect and a change, or the page
with its errors and nothing changed; never a 500."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals.models import Referral
from tests.examples import fingerprint, rolled_back, saved_or_refused
from tests.referrals.conftest import accept, days

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
DATES = st.sampled_from(
    ["", days(-1).isoformat(), days(0).isoformat(), days(9).isoformat(), days(400).isoformat(), "2026-02-31", "soon"]
)


def _state():
    return fingerprint(Referral.objects.all()), list(Referral.objects.order_by("pk").values_list("stage", flat=True))


@FUZZ
@given(data=st.data())
def test_the_send_form(client, case, lead, org_mh, share_consent, receiver, lawyers_network, data):
    values = data.draw(
        st.fixed_dictionaries(
            {
                "service": st.sampled_from(["", "shelter", "legal_aid", "whole_case", "teleport"]),
                "receiving_organisation": st.sampled_from(["", str(org_mh.pk), str(lawyers_network.pk), "x", "9" * 30]),
                "receiving_person": st.sampled_from(["", str(receiver.user.pk), str(lead.user.pk), "-1"]),
                "respond_by": DATES,
                "message": st.text(max_size=40),
            }
        )
    )
    transfer = data.draw(st.booleans())
    client.force_login(lead.user)
    url = reverse("referrals:transfer_new" if transfer else "referrals:referral_new", args=[case.pk])
    with rolled_back():
        before = _state()
        response = client.post(url, values)
        saved_or_refused(response, _state() != before)


@FUZZ
@given(data=st.data())
def test_the_answer_and_close_forms(client, case, sent, receiver, data):
    answer = data.draw(st.sampled_from(["accept", "decline", "close"]))
    values = data.draw(
        st.fixed_dictionaries(
            {
                "version": st.sampled_from(["", "1", "2", "3", "x", "-1"]),
                "reason": st.sampled_from(["", "no_capacity", "bogus"]),
                "note": st.text(max_size=30),
                "receiving_person": st.sampled_from(["", str(receiver.user.pk), "0"]),
                "outcome": st.sampled_from(["", "given", "maybe"]),
                "outcome_on": DATES,
                "follow_up_on": DATES,
            }
        )
    )
    client.force_login(receiver.user)
    with rolled_back():
        if answer == "close":
            referral = accept(sent, receiver)
            url = reverse("referrals:referral_close", args=[case.pk, referral.pk])
        else:
            url = reverse("referrals:incoming_answer", args=[sent.pk, answer])
        before = _state()
        response = client.post(url, values)
        saved_or_refused(response, _state() != before)
