"""Demo: her requests on a demo account (synthetic): one call back still open, and one consent
change her caseworker confirmed (the statistics consent stopped). Called by the demo of her page."""

import datetime

from django.utils import timezone

from cases.services import consent_record
from survivors.models import Consent, ConsentPurpose

from . import requests
from .models import SurvivorAccount, SurvivorRequest


def seed_requests(account: SurvivorAccount, lead_user) -> list[SurvivorRequest]:
    case = account.case
    call = requests.request_send(
        account=account,
        kind=SurvivorRequest.Kind.CALL_BACK,
        message="সন্ধ্যা ৬টার পরে ফোন করবেন।",  # her words, in Bengali as she would type them
    )
    statistics = Consent.objects.in_force().filter(
        case=case, purpose=ConsentPurpose.STATISTICS
    ).first() or consent_record(
        actor=lead_user,
        case=case,
        purpose=ConsentPurpose.STATISTICS,
        method=Consent.Method.WRITTEN,
        given_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    change = requests.request_send(
        account=account,
        kind=SurvivorRequest.Kind.CONSENT_CHANGE,
        consent=statistics,
        wants=requests.Wants.STOP,
        message="আমার কেস গোনায় রাখবেন না।",
    )
    change = requests.request_answer(
        actor=lead_user,
        case=case,
        request=change,
        outcome=requests.Outcome.STOP_NOW,
        answer="আপনার কথামতো বন্ধ করা হয়েছে। আপনার কেস আর গোনা হবে না।",  # in her language
        expected_version=change.version,
    )
    return [call, change]
