"""Every step of every workflow, walked on a fully filled record: the step changes only what
it asks for (and what its spec says it derives), and blanks nothing that was recorded.

Each workflow's spec module registers its WorkflowSpec (core.workflow.REGISTRY); each
has a walker module in tests that builds, for a step, a record at one of the step's source
stages with every field that can be filled at that stage filled:

    build(step, request) -> (obj, actor, access)   # `request` is pytest's, for fixtures
    fill(step, obj) -> dict                         # values for inputs still blank (dates, numbers)
"""

import datetime
from importlib import import_module

import pytest

from core.workflow import REGISTRY, StepForm, apply_step

# workflow name -> (module declaring its spec, walker module)
WORKFLOWS = {
    "compensation": ("compensation.workflow", "tests.compensation.spec_walk"),
    "court": ("legal.court.workflow", "tests.legal.spec_walk_court"),
    "investigation": ("legal.investigation.workflow", "tests.legal.spec_walk_investigation"),
    "repatriation": ("care.workflow", "tests.care.spec_walk"),
}

for spec_module, _walker in WORKFLOWS.values():
    import_module(spec_module)

pytestmark = pytest.mark.django_db

CASES = [
    pytest.param(name, step.name, id=f"{name}.{step.name}")
    for name in WORKFLOWS
    for step in REGISTRY[name].steps
    if step.manual and not step.own_form
]


def _snapshot(obj) -> dict:
    values = {}
    for f in obj._meta.concrete_fields:
        if f.name in ("updated_at",):
            continue
        values[f.name] = getattr(obj, f.attname)
    return values


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@pytest.mark.parametrize("workflow,step_name", CASES)
def test_a_step_keeps_what_is_recorded(workflow, step_name, request):
    spec = REGISTRY[workflow]
    step = spec.step(step_name)
    walker = import_module(WORKFLOWS[workflow][1])
    obj, actor, access = walker.build(step, request)
    obj = spec.model.objects.get(pk=obj.pk)
    before = _snapshot(obj)
    form = StepForm(spec=spec, step=step, obj=obj, access=access)
    values = {name: form.initial.get(name) for name in step.fields if name in form.fields}
    values.update({k: v for k, v in walker.fill(step, obj).items() if _blank(values.get(k))})
    moved = apply_step(
        spec=spec,
        obj=obj,
        step=step,
        actor=actor,
        access=access,
        values=values,
        expected_version=obj.version,
        extra=getattr(walker, "extra", lambda s, o: {})(step, obj),
    )
    after = _snapshot(spec.model.objects.get(pk=moved.pk))
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= step.may_change, f"{step.name} changed fields it does not ask for: {changed - step.may_change}"
    blanked = [n for n in step.fields if n in before and not _blank(before[n]) and _blank(after[n])]
    assert not blanked, f"{step.name} blanked recorded values: {blanked}"
    assert after["stage"] != before["stage"] or step.name in getattr(walker, "SAME_STAGE", ())
    if step.date_field and step.date_field in after:
        assert isinstance(after[step.date_field], datetime.date)


def test_every_step_has_a_label_and_known_deadline_rules():
    from cases.deadline_rules import RULES

    codes = {r["code"] for r in RULES}
    for name in WORKFLOWS:
        for step in REGISTRY[name].steps:
            assert str(step.label).strip(), f"{name}.{step.name} has no label"
            for code in (*step.starts, *step.fulfils, *step.cancels):
                assert code in codes, f"{name}.{step.name} names an unknown deadline rule {code}"
            meta = getattr(REGISTRY[name].model, step.name)._django_fsm
            assert meta.transitions, f"{name}.{step.name} is not a transition of {REGISTRY[name].model.__name__}"
