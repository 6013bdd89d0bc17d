"""Reads for the law reference pages: every act, section, deadline rule and compensation
scheme with its source and in-force dates, and the edit history of sections and rules.

The page spans three apps' reference data (legal, cases, compensation); compensation sits
beside legal, so its model is looked up by name rather than imported (read only)."""

import datetime
import re
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadline_rules import TRIGGERS
from cases.history import HistoryEntry, history_entries
from cases.models import DeadlineRule
from cases.work_forms import WORKFLOWS
from core.versions import latest_started
from legal.models import Act, Section

SCHEME_FIELDS = (
    "code",
    "name",
    "short_name",
    "state",
    "effective_from",
    "legal_source",
    "minor_uplift_percent",
    "minor_age_limit",
)


@dataclass
class LawFilters:
    q: str = ""
    act: str = ""
    workflow: str = ""
    practice_only: bool = False

    @property
    def any(self) -> bool:
        return bool(self.q or self.act or self.workflow or self.practice_only)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _natural_key(number: str):
    """143 before 143(4) before 144; 3(5) before 61(2); 366 before 366A."""
    match = re.match(r"(\d+)(.*)", number or "")
    return (int(match.group(1)), match.group(2)) if match else (10**6, number or "")


def _in_force_label(start, until, today) -> tuple[str, str]:
    """(status, words) of an in-force window on a day: 'now', 'upcoming' or 'ended'. The dates
    themselves are shown beside the words."""
    if start and start > today:
        return "upcoming", _("not yet in force")
    if until and until < today:
        return "ended", _("no longer in force")
    return "now", _("in force")


def rule_versions_with_status(rules, today):
    """Each version of each rule tagged: in force today, superseded, upcoming, ended or off."""
    by_code = {}
    for rule in rules:
        by_code.setdefault(rule.code, []).append(rule)
    for versions in by_code.values():
        versions.sort(key=lambda r: r.effective_from, reverse=True)
        current = latest_started(versions, today)
        for v in versions:
            v.ref_status, v.ref_status_label = _in_force_label(v.effective_from, v.effective_until, today)
            if v.ref_status == "now" and v is not current:
                v.ref_status, v.ref_status_label = "superseded", _("replaced by a later version")
            elif v.ref_status == "now" and not v.is_active:
                v.ref_status, v.ref_status_label = "off", _("switched off")
    return by_code


def law_reference(filters: LawFilters, today: datetime.date | None = None) -> dict:
    """Everything the law reference page lists, filtered; a constant number of queries."""
    today = today or timezone.localdate()
    Scheme = apps.get_model("compensation", "Scheme")
    q = filters.q.strip()
    law_tables = not (filters.practice_only or (filters.workflow and not filters.act))
    show = {
        "acts": law_tables,
        "sections": law_tables,
        "rules": not filters.act or bool(filters.workflow or filters.practice_only),
        "schemes": not (filters.act or filters.practice_only) and filters.workflow in ("", "compensation"),
    }

    # Meta.ordering is not applied to a GROUP BY query: the acts' own order (IPC, BNS, CrPC, BNSS, ...).
    acts = Act.objects.annotate(section_count=Count("sections")).order_by("position", "short_name")
    sections = Section.objects.select_related("act", "counterpart__act")
    if filters.act:
        acts = acts.filter(code=filters.act)
        sections = sections.filter(act__code=filters.act)
    if q:
        acts = acts.filter(Q(short_name__icontains=q) | Q(name__icontains=q) | Q(source__icontains=q))
        sections = sections.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(punishment__icontains=q)
            | Q(source__icontains=q)
            | Q(default_bail_basis__icontains=q)
            | Q(act__short_name__iexact=q)
            | Q(counterpart__number__iexact=q)
        )
    acts = list(acts) if show["acts"] else []
    sections = sorted(sections, key=lambda s: (s.act.position, _natural_key(s.number))) if show["sections"] else []
    for s in sections:
        s.ref_status, s.ref_status_label = _in_force_label(s.in_force_from, s.in_force_until, today)
    for a in acts:
        a.ref_status, a.ref_status_label = _in_force_label(a.in_force_from, a.in_force_until, today)

    rules = DeadlineRule.objects.all()
    if filters.workflow:
        rules = rules.filter(workflow=filters.workflow)
    if filters.practice_only:
        rules = rules.filter(source_kind=DeadlineRule.SourceKind.PRACTICE)
    if q:
        rules = rules.filter(
            Q(name__icontains=q)
            | Q(code__icontains=q)
            | Q(legal_source__icontains=q)
            | Q(consequence__icontains=q)
            | Q(trigger__icontains=q)
        )
    rule_rows = []
    if show["rules"]:
        by_code = rule_versions_with_status(list(rules), today)
        workflows = dict(WORKFLOWS)
        for code in sorted(by_code, key=lambda c: (by_code[c][0].workflow, by_code[c][0].name.lower())):
            for rule in by_code[code]:
                rule.workflow_label = workflows.get(rule.workflow, rule.workflow)
                rule.trigger_label = _(TRIGGERS.get(rule.trigger, rule.trigger.replace("_", " ")))
                rule_rows.append(rule)

    # Only the fields the page shows: the compensation app owns the rest of the model.
    scheme_until = ("effective_until",) if _has_field(Scheme, "effective_until") else ()
    lines = Prefetch(
        "lines",
        queryset=apps.get_model("compensation", "SchemeLine").objects.only(
            "scheme_id", "category", "label", "min_amount", "max_amount"
        ),
    )
    schemes = (
        Scheme.objects.select_related("state")
        .only(*SCHEME_FIELDS, *scheme_until, "state__name")
        .prefetch_related(lines)
    )
    if q:
        schemes = schemes.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(legal_source__icontains=q) | Q(code__icontains=q)
        )
    scheme_rows = []
    if show["schemes"]:
        scheme_rows = sorted(schemes, key=lambda s: (s.short_name.lower(), -s.effective_from.toordinal()))
        current = {}
        for s in sorted(scheme_rows, key=lambda s: s.effective_from, reverse=True):
            if s.effective_from <= today:
                current.setdefault(s.code, s.pk)
        for s in scheme_rows:
            until = getattr(s, "effective_until", None) if scheme_until else None
            s.ref_status, s.ref_status_label = _in_force_label(s.effective_from, until, today)
            if s.ref_status == "now" and current.get(s.code) != s.pk:
                s.ref_status, s.ref_status_label = "superseded", _("replaced by a later version")

    return {
        "acts": acts,
        "sections": sections,
        "rules": rule_rows,
        "schemes": scheme_rows,
        "show": show,
    }


def law_filter_choices() -> tuple[list, list]:
    """(act code, short name) pairs and the workflows that have deadline rules."""
    acts = list(Act.objects.values_list("code", "short_name"))
    workflows = list(DeadlineRule.objects.order_by("workflow").values_list("workflow", flat=True).distinct())
    return acts, workflows


# --- history ----------------------------------------------------------------------------------


def section_history(section: Section) -> list[HistoryEntry]:
    records = list(section.history.select_related("history_user").order_by("history_date", "history_id"))
    ids = {r.counterpart_id for r in records if r.counterpart_id}
    labels = {s.pk: str(s) for s in Section.objects.filter(pk__in=ids).select_related("act")}
    return history_entries(records, Section, labels=labels)
