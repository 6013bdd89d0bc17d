"""Plain-language stage texts for her own view (issue 23): one text for every stage of every
workflow her case can be in, short, plain, with a child's variant where her path differs."""

import io
import re
import tokenize
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise
from django_fsm import FSMField

from compensation import plain_language
from compensation.plain_language import MINOR, TEXTS, WORKFLOWS, PlainText, stage_text
from core.workflow import REGISTRY

MAX_WORDS = 25
# Words that would tell someone reading over her shoulder what the case is about, or that
# leave legal jargon unexplained.
ALARMING = re.compile(r"traffick|rape|sexual|rescu|brothel|prostitut|POCSO|ITPA|BNSS|CrPC|section|s\.\d", re.I)
PLACEHOLDER = re.compile(r"%\(|%s|\{|\}|TODO|TBD|XXX|\.\.\.|…|lorem", re.I)

ALL_PAIRS = [(flow.key, state) for flow in WORKFLOWS for state in flow.states]
MINOR_PAIRS = [(key, state) for key, states in MINOR.items() for state in states]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def test_the_workflows_are_every_registered_spec_and_every_fsm_stage_in_the_project():
    keys = {flow.key for flow in WORKFLOWS}
    assert set(REGISTRY) <= keys, f"a workflow spec without plain-language texts: {set(REGISTRY) - keys}"
    for name, spec in REGISTRY.items():
        flow = plain_language.workflow(name)
        assert flow.model is spec.model
        assert list(flow.states) == [value for value, _label in spec.model._meta.get_field("stage").choices]
    # Every django-fsm state in the project (not the audit history's copies of the models).
    fsm_models = {
        model
        for model in apps.get_models()
        if not hasattr(model, "instance_type")
        for f in model._meta.get_fields()
        if isinstance(f, FSMField)
    }
    assert fsm_models == {flow.model for flow in WORKFLOWS}
    assert {"investigation", "court", "compensation", "repatriation", "referral"} == keys


@pytest.mark.parametrize(("key", "state"), ALL_PAIRS)
def test_every_stage_has_both_sentences_and_they_differ(key, state):
    text = stage_text(key, state)
    assert isinstance(text, PlainText)
    assert isinstance(text.now, Promise)  # gettext_lazy: read in her language at render time
    assert isinstance(text.next, Promise)
    assert str(text.now).strip()
    assert str(text.next).strip()
    assert str(text.now) != str(text.next)


def test_nothing_is_missing_and_no_text_is_left_for_a_stage_that_no_longer_exists():
    assert plain_language.missing() == []
    real = {flow.key: set(flow.states) for flow in WORKFLOWS}
    for table in (TEXTS, MINOR):
        for key, states in table.items():
            assert set(states) <= real[key], f"{key}: texts for unknown stages {set(states) - real[key]}"


@pytest.mark.parametrize(("key", "state"), ALL_PAIRS + MINOR_PAIRS)
def test_sentences_are_short_plain_and_finished(key, state):
    for minor in (False, True):
        text = stage_text(key, state, minor=minor)
        for part in (str(text.now), str(text.next)):
            assert part.endswith("."), part
            assert part[0].isupper(), part
            assert not PLACEHOLDER.search(part), part
            assert not ALARMING.search(part), part
            for sentence in sentences(part):
                assert len(sentence.split()) <= MAX_WORDS, sentence


def test_the_texts_speak_to_her():
    for key, state in ALL_PAIRS:
        text = stage_text(key, state)
        both = f"{text.now} {text.next}".lower()
        assert re.search(r"\b(you|your)\b", both), (key, state, both)


@pytest.mark.parametrize(("key", "state"), MINOR_PAIRS)
def test_a_minor_gets_her_variant_and_an_adult_does_not(key, state):
    adult = stage_text(key, state)
    child = stage_text(key, state, minor=True)
    assert child is MINOR[key][state]
    assert adult is TEXTS[key][state]
    assert (str(child.now), str(child.next)) != (str(adult.now), str(adult.next))
    assert str(child.now) != str(child.next)


def test_the_declared_minor_variants():
    assert stage_text("investigation", "rescued", minor=True).next != stage_text("investigation", "rescued").next
    assert "Child Welfare Committee (CWC)" in str(stage_text("investigation", "rescued", minor=True).next)
    assert "Child Welfare Committee" not in str(stage_text("investigation", "rescued").next)
    assert "until you are 18" in str(stage_text("compensation", "awarded", minor=True).next)
    assert "CWC of your home district" in str(stage_text("repatriation", "requested", minor=True).next)


def test_a_minor_without_a_variant_reads_the_common_text():
    assert stage_text("court", "cognizance", minor=True) is TEXTS["court"]["cognizance"]


def test_the_examples_of_the_brief():
    assert (
        str(stage_text("investigation", "fir_registered").now) == "The police have registered your complaint (the FIR)."
    )
    assert "within 90 days" in str(stage_text("investigation", "under_investigation").next)
    assert "two months" in str(stage_text("compensation", "applied").next)


@pytest.mark.parametrize(("key", "state"), [("nope", "reported"), ("investigation", "nope"), ("court", "")])
def test_an_unknown_workflow_or_stage_is_refused(key, state):
    with pytest.raises(LookupError):
        stage_text(key, state)
    with pytest.raises(LookupError):
        stage_text(key, state, minor=True)


def test_the_texts_are_read_in_the_active_language():
    with translation.override("bn"):
        assert str(stage_text("court", "judgment").now)  # a missing translation falls back to English


def test_every_text_names_its_source_in_a_comment():
    """The 'law is cited' rule: each entry carries a comment naming the act and section, a
    judgment, or consortium practice."""
    source = Path(plain_language.__file__).read_text()
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    entries = 0
    for i, tok in enumerate(tokens):
        if not (tok.type == tokenize.NAME and tok.string == "T" and tokens[i + 1].string == "("):
            continue
        entries += 1
        depth, comments = 0, []
        for inner in tokens[i + 1 :]:
            depth += {"(": 1, ")": -1}.get(inner.string, 0) if inner.type == tokenize.OP else 0
            if inner.type == tokenize.COMMENT:
                comments.append(inner.string)
            if depth == 0:
                break
        cited = " ".join(comments)
        assert re.search(r"\bs\.\s?\d|r\.\d|Art\. \d|v\. |practice|Scheme", cited), f"line {tok.start[0]}: {cited!r}"
    assert entries == len(ALL_PAIRS) + len(MINOR_PAIRS)
