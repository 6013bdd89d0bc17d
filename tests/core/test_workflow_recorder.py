"""The workflow engine lives in core and asks the case hub to record each move (core/workflow.py):
the recorder cases installs when Django starts, and a clear refusal if none is installed."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cases.transitions import CaseRecorder
from core import workflow


def test_the_case_hub_records_every_move():
    assert isinstance(workflow.recorder(), CaseRecorder)


def test_without_a_recorder_the_engine_says_so(monkeypatch):
    monkeypatch.setattr(workflow, "_recorder", None)
    with pytest.raises(ImproperlyConfigured, match="cases app installs it"):
        workflow.recorder()
