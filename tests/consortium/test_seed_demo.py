from django.core.management import call_command

from consortium import demo
from consortium.models import District, State


def test_reference_data_has_every_state_and_demo_districts(db):
    assert State.objects.filter(kind=State.Kind.STATE).count() == 28
    assert State.objects.filter(kind=State.Kind.UNION_TERRITORY).count() == 8
    for code in ["WB", "JH", "OD", "MH", "DL", "KA"]:
        assert District.objects.filter(state__code=code).count() >= 10


def test_demo_logins_command_prints_the_table(capsys, db):
    call_command("demo_logins")
    out = capsys.readouterr().out
    for login in demo.DEMO_LOGINS:
        assert login.username in out
    assert "nyaya-demo-2026" in out
