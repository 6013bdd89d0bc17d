"""Stage transitions of every workflow on a case, in one insert-only table.

Investigation (per FIR), court (per court case), compensation (per claim) and
repatriation are each a state machine on their own model. Every move is written
here by cases.workflow.fsm_transition(): who, when it was recorded, the date it
really happened (`effective_on`, which may be earlier), from and to. Stage
durations in the dashboard are computed from this table in SQL.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField

from .core import Case, InsertOnlyModel


class StageTransition(InsertOnlyModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_transitions")
    workflow = models.CharField(_("workflow"), max_length=30, db_index=True)
    # "<app_label>.<model>:<pk>" of the object that moved (a FIR, a court case, a claim...).
    subject_key = models.CharField(max_length=80, db_index=True)
    transition = models.CharField(max_length=60)
    from_stage = models.CharField(_("from"), max_length=40)
    to_stage = models.CharField(_("to"), max_length=40)
    effective_on = models.DateField(_("happened on"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # The person's note may name people: encrypted like every other free text about a case.
    note = EncryptedTextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["effective_on", "recorded_at", "pk"]
        indexes = [
            models.Index(fields=["workflow", "to_stage", "effective_on"], name="transition_stage_day"),
            models.Index(fields=["case", "workflow"], name="transition_case_workflow"),
        ]
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
