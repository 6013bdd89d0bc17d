"""The demo records every rescue once, in the care record (at intake, cases.demo): the case's
"rescued on" is its copy, and the paper files with no hour show "time not recorded"."""

from django.urls import reverse

from care.models import Rescue
from cases.models import Case
from consortium.models import User


def test_every_demo_rescue_is_recorded_once_and_copied_on_the_case(demo_db, client):
    rescues = {r.case_id: r for r in Rescue.objects.all()}
    assert Rescue.objects.count() == len(rescues)
    with_date = Case.objects.filter(rescued_on__isnull=False)
    assert with_date.exists()
    for case in with_date:
        rescue = rescues.get(case.pk)
        assert rescue is not None, f"{case.reference}: a rescue date and no rescue record"
        assert (case.rescued_on, case.escaped) == (rescue.rescued_on, rescue.agency == Rescue.Agency.SELF)
    assert not Case.objects.filter(pk__in=rescues, rescued_on__isnull=True).exists()

    untimed = Rescue.objects.filter(time_known=False).select_related("case").first()
    assert untimed is not None, "no demo rescue shows a paper file without the hour"
    lead = untimed.case.assignments.filter(role="lead_caseworker").first()
    client.force_login(User.objects.get(pk=lead.user_id))
    overview = client.get(reverse("cases:case_detail", args=[untimed.case_id])).content.decode()
    assert "(time not recorded)" in overview
