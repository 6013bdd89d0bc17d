"""One stepper for every workflow (templates/includes/stepper.html): the same markup, states and
words for screen readers on the investigation, court, claim and repatriation pages."""

from pathlib import Path

from django.template.loader import render_to_string

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_the_stepper_marks_each_state_for_eyes_and_screen_readers():
    html = render_to_string(
        "includes/stepper.html",
        {
            "label": "Trial stages",
            "extra_class": "court-stepper",
            "steps": [
                {"label": "Cognizance taken", "state": "done"},
                {"label": "Defence evidence", "state": "skipped"},
                {"label": "Judgment", "state": "current"},
                {"label": "Interim relief", "state": "todo", "optional": True},
            ],
        },
    )
    assert '<ol class="stepper court-stepper" aria-label="Trial stages">' in html
    assert '<li class="step step-done"><span class="visually-hidden">Done: </span>Cognizance taken</li>' in html
    assert '<span class="visually-hidden">Skipped: </span>Defence evidence' in html
    current = '<li class="step step-current" aria-current="step"><span class="visually-hidden">Now: </span>Judgment'
    assert current in html
    assert "To come: </span>Interim relief <small" in html and "(optional)" in html
    assert html.count('aria-current="step"') == 1


def test_no_page_draws_its_own_stepper():
    own = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if '<ol class="stepper' in path.read_text() and path.name != "stepper.html"
    ]
    assert own == []


def test_the_investigation_stepper_gives_states(db):
    from legal.investigation.selectors import stepper
    from legal.models import FIR

    fir = FIR(stage="under_investigation")
    states = [step["state"] for step in stepper(fir)]
    assert states.count("current") == 1 and set(states) <= {"done", "current", "todo"}
    assert states.index("current") == [s["stage"] for s in stepper(fir)].index("under_investigation")
    assert states[: states.index("current")] == ["done"] * states.index("current")
