"""Court pages: the Court tab, its forms, the printable case file and the hearing calendars
(lawyers' reviews, also on the tab, are legal/reviews/). Thin: the case comes from cases.web.case_or_404 (visibility,
404 and refusal logging), permission from CaseAccess, writes from legal.court.services.
Sub-objects are always fetched through the case (`CourtCase.objects.filter(case=case, pk=...)`)."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.models import AccessLogEntry
from cases.permissions import require
from cases.web import case_or_404, render_case_tab
from cases.workflow import stage_label
from consortium.models import Role
from core.arguments import versioned_edit
from core.dates import day_text
from core.web import refusal_messages, save_form
from core.workflow import CLEAR_REASON, StepForm, add_errors
from legal.court import forms, selectors, services
from legal.court.workflow import COURT
from legal.investigation.forms import ChargeDropForm
from legal.models import (
    Appeal,
    BailApplication,
    CourtCase,
    CourtCharge,
    Hearing,
    HearingStatus,
    JudgmentOutcome,
    Section,
    WitnessProtection,
)
from legal.web import court_done, court_form_page


def _court_case_or_404(case, court_case_id) -> CourtCase:
    return get_object_or_404(
        CourtCase.objects.select_related("court__state", "court__district", "case__survivor"),
        case=case,
        pk=court_case_id,
    )


def _recorder(request, case_id, court_case_id=None):
    case, access = case_or_404(request, case_id)
    require(access.can_record_court)
    court_case = _court_case_or_404(case, court_case_id) if court_case_id is not None else None
    return case, access, court_case


def _anchor(court_case) -> str:
    return f"#court-case-{court_case.pk}"


# --- the tab -------------------------------------------------------------------------------


@login_required
def court(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_see_court)
    access_log_record(request=request, action=AccessLogEntry.Action.VIEW_CASE, case=case, target="court")
    context = selectors.court_tab(request.user, case, access)
    return render_case_tab(request, "legal/court.html", case, access, "court", **context)


# --- court cases ---------------------------------------------------------------------------


@login_required
def court_case_new(request, case_id):
    case, access, _cc = _recorder(request, case_id)
    initial = {"court_state": case.destination_state_id, "court_kind": "sessions"}
    form = forms.CourtCaseForm(request.POST or None, case=case, initial=initial)
    saved, court_case = save_form(
        request, form, lambda data: services.court_case_create(actor=request.user, case=case, **form.service_data())
    )
    if saved:
        return court_done(request, case, _("%(cc)s recorded.") % {"cc": court_case}, _anchor(court_case))
    return court_form_page(
        request,
        case,
        access,
        title=_("Record a court case"),
        intro=_(
            "Start when the court takes cognizance. The CNR number and the stage of case are on eCourts "
            "(services.ecourts.gov.in)."
        ),
        form=form,
    )


@login_required
def court_case_edit(request, case_id, court_case_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    form = forms.CourtCaseEditForm(request.POST or None, court_case=court_case)
    if request.method == "POST" and form.is_valid():
        try:
            services.court_case_update(
                actor=request.user,
                court_case=court_case,
                expected_version=form.cleaned_data["version"],
                **form.service_data(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return court_done(request, case, _("Court case saved."), _anchor(court_case))
    return court_form_page(
        request,
        case,
        access,
        title=_("Edit %(cc)s") % {"cc": court_case},
        intro=_("Correcting a recorded date moves the deadlines it started."),
        form=form,
        court_case=court_case,
        template="legal/court_step_form.html",
    )


@login_required
def court_case_move(request, case_id, court_case_id, transition):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    step = COURT.step_or_404(transition)
    if step.own_form or not step.manual:
        raise Http404
    form = StepForm(request.POST or None, spec=COURT, step=step, obj=court_case, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.court_case_transition(
                actor=request.user,
                court_case=court_case,
                transition=step.name,
                expected_version=form.cleaned_data["version"],
                data={**form.values, **form.extra},
                note=form.cleaned_data["note"],
                clear=form.clear,
                clear_reason=form.cleaned_data.get(CLEAR_REASON) or "",
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return court_done(
                request, case, _("%(cc)s: now %(stage)s.") % {"cc": moved, "stage": stage_label(moved)}, _anchor(moved)
            )
    allowed = getattr(CourtCase, step.name)._django_fsm.has_transition(court_case.stage)
    intro = (
        _("Now: %(stage)s.") % {"stage": stage_label(court_case)}
        if allowed
        else _("This cannot be done at the stage “%(stage)s”.") % {"stage": stage_label(court_case)}
    )
    if step.name == "resume" and court_case.stage_before_side:
        intro += " " + _("The trial returns to “%(stage)s”.") % {
            "stage": stage_label(court_case, court_case.stage_before_side)
        }
    return court_form_page(
        request,
        case,
        access,
        title=f"{step.label}: {court_case}",
        intro=intro,
        form=form,
        court_case=court_case,
        submit=step.label,
        template="legal/court_step_form.html",
        step=step,
    )


@login_required
def court_case_ecourts(request, case_id, court_case_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    initial = {
        "version": court_case.version,
        "ecourts_stage": court_case.ecourts_stage,
        "ecourts_checked_on": timezone.localdate(),
    }
    form = forms.EcourtsForm(request.POST or None, initial=initial)
    if save_form(
        request,
        form,
        lambda data: services.court_case_ecourts_stage(
            actor=request.user,
            court_case=court_case,
            expected_version=data["version"],
            text=data["ecourts_stage"],
            checked_on=data["ecourts_checked_on"],
        ),
    ).saved:
        return court_done(request, case, _("Stage on eCourts recorded."), _anchor(court_case))
    return court_form_page(
        request,
        case,
        access,
        title=_("Stage on eCourts: %(cc)s") % {"cc": court_case},
        intro=_("Nyaya keeps the text as eCourts shows it and says which stage it means."),
        form=form,
        court_case=court_case,
    )


# --- charges -------------------------------------------------------------------------------


@login_required
def court_charges(request, case_id, court_case_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    form = forms.CourtChargeForm(
        request.POST or None, court_case=court_case, initial={"framed_on": court_case.charges_framed_on}
    )
    saved, added = save_form(
        request,
        form,
        lambda data: services.court_charge_add(
            actor=request.user,
            court_case=court_case,
            court_accused=data["court_accused"],
            act=data["act"],
            number=data["number"],
            framed_on=data["framed_on"],
        ),
    )
    if saved:
        messages.success(request, _("%(section)s added.") % {"section": added[0].section.label})
        return redirect("legal:court_charges", case_id=case.pk, court_case_id=court_case.pk)
    charges = CourtCharge.objects.filter(court_case=court_case).select_related(
        "section__act", "section__counterpart__act", "court_accused__accused", "added_by", "dropped_by"
    )
    firs_sections = (
        Section.objects.filter(charges__fir__in=court_case.firs.all(), charges__dropped_at__isnull=True)
        .select_related("act", "counterpart__act")
        .distinct()
    )
    return court_form_page(
        request,
        case,
        access,
        title=_("Charges: %(cc)s") % {"cc": court_case},
        intro=_(
            "One row per accused and section, with the code applied (IPC for offences before 1 July 2024, BNS "
            "after). To alter a charge, add the new one and drop the old with the reason."
        ),
        form=form,
        court_case=court_case,
        submit=_("Add charge"),
        template="legal/court_charges.html",
        charges=charges,
        fir_sections=firs_sections,
    )


@login_required
@require_POST
def court_charge_drop(request, case_id, court_case_id, charge_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    charge = get_object_or_404(CourtCharge, court_case=court_case, pk=charge_id)
    form = ChargeDropForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the charge is dropped."))
    else:
        try:
            services.court_charge_drop(
                actor=request.user, court_case=court_case, charge=charge, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            refusal_messages(request, exc)
        else:
            messages.success(request, _("%(section)s dropped.") % {"section": charge.section.label})
    return redirect("legal:court_charges", case_id=case.pk, court_case_id=court_case.pk)


# --- hearings ------------------------------------------------------------------------------


@login_required
def hearing_new(request, case_id, court_case_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    form = forms.HearingScheduleForm(request.POST or None, court_case=court_case, team=selectors.hearing_team(case))
    if save_form(
        request,
        form,
        lambda data: services.hearing_schedule(actor=request.user, court_case=court_case, **form.service_data()),
    ).saved:
        return court_done(request, case, _("Hearing scheduled."), _anchor(court_case))
    return court_form_page(
        request,
        case,
        access,
        title=_("Schedule a hearing: %(cc)s") % {"cc": court_case},
        intro=_("A date the court gave. If she must attend, her caseworker sees it on the case and on the calendar."),
        form=form,
        court_case=court_case,
        submit=_("Schedule"),
    )


@login_required
def hearing_record(request, case_id, court_case_id, hearing_id=None):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    hearing = None
    initial = {"status": HearingStatus.HELD}
    if hearing_id is not None:
        hearing = get_object_or_404(Hearing, court_case=court_case, pk=hearing_id)
        initial = {
            "version": hearing.version,
            "on": hearing.on,
            "purpose": hearing.purpose,
            "status": hearing.status if hearing.status != HearingStatus.SCHEDULED else HearingStatus.HELD,
            "proceedings": hearing.proceedings,
            "adjournment_reason": hearing.adjournment_reason,
            "adjournment_note": hearing.adjournment_note,
            "survivor_must_attend": hearing.survivor_must_attend,
            "survivor_attended": {True: "true", False: "false"}.get(hearing.survivor_attended, ""),
            "survivor_deposed": hearing.survivor_deposed,
            "deposition_mode": hearing.deposition_mode,
            "deposition_notes": hearing.deposition_notes,
            "attended_for_consortium": [str(u.pk) for u in hearing.attended_for_consortium.all()],
            "bail_application": hearing.bail_application_id,
            "next_date": hearing.next_date,
        }
        if hearing.next_date:  # who goes with her on the next date, as that scheduled hearing says
            upcoming = court_case.hearings.filter(on=hearing.next_date, status=HearingStatus.SCHEDULED)
            initial["next_escort"] = upcoming.values_list("escort_id", flat=True).first()
    form = forms.HearingRecordForm(
        request.POST or None, initial=initial, court_case=court_case, team=selectors.hearing_team(case)
    )
    if save_form(
        request,
        form,
        lambda data: services.hearing_record(
            actor=request.user,
            court_case=court_case,
            hearing=hearing,
            expected_version=data.get("version"),
            **form.service_data(),
        ),
    ).saved:
        return court_done(request, case, _("Hearing recorded."), _anchor(court_case))
    title = (
        _("What happened on %(date)s: %(cc)s") % {"date": day_text(hearing.on), "cc": court_case}
        if hearing
        else _("Record a hearing: %(cc)s") % {"cc": court_case}
    )
    return court_form_page(
        request,
        case,
        access,
        title=title,
        intro=_(
            "Give the next date if the court gave one: it is added to the calendars. Her deposition is recorded "
            "on a hearing during prosecution evidence."
        ),
        form=form,
        court_case=court_case,
        submit=_("Record"),
    )


# --- bail ----------------------------------------------------------------------------------


@login_required
def bail_new(request, case_id, court_case_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    form = forms.BailFileForm(request.POST or None, court_case=court_case)
    if save_form(
        request, form, lambda data: services.bail_application_file(actor=request.user, court_case=court_case, **data)
    ).saved:
        return court_done(request, case, _("Bail application recorded."), f"#bail-{court_case.pk}")
    return court_form_page(
        request,
        case,
        access,
        title=_("Bail application: %(cc)s") % {"cc": court_case},
        intro=_(
            "The survivor has a right to be heard on bail (Jagjeet Singh v. Ashish Mishra, (2022) 9 SCC 321). "
            "A bail application is decided within two weeks, an anticipatory bail application within six weeks "
            "(Satender Kumar Antil v. CBI, (2022) 10 SCC 51), and default bail at once (BNSS 187(3) / CrPC 167(2))."
        ),
        form=form,
        court_case=court_case,
        submit=_("Record"),
    )


@login_required
def bail_update(request, case_id, court_case_id, application_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    application = get_object_or_404(
        BailApplication.objects.select_related("court_accused__accused", "court", "court_case__case"),
        court_case=court_case,
        pk=application_id,
    )
    initial = {
        "version": application.version,
        "outcome": application.outcome,
        "decided_on": application.decided_on,
        "conditions": application.conditions,
        "victim_hearing": application.victim_hearing,
        "opposed_by": application.opposed_by,
        "cancellation_sought_on": application.cancellation_sought_on,
        "cancellation_outcome": application.cancellation_outcome,
        "cancellation_decided_on": application.cancellation_decided_on,
        "note": application.note,
    }
    form = forms.BailUpdateForm(request.POST or None, initial=initial)

    def update(data):
        return services.bail_application_update(actor=request.user, application=application, **versioned_edit(data))

    if save_form(request, form, update).saved:
        return court_done(request, case, _("Bail application updated."), f"#bail-{court_case.pk}")
    return court_form_page(
        request,
        case,
        access,
        title=_("%(kind)s for %(who)s (filed %(date)s)")
        % {
            "kind": application.get_kind_display(),
            "who": application.court_accused.accused.display_name,
            "date": day_text(application.filed_on),
        },
        intro=_("In %(court)s.") % {"court": application.court},
        form=form,
        court_case=court_case,
    )


# --- judgment, sentence, appeal ------------------------------------------------------------


def _outcome_forms(request, court_case, details):
    return [
        forms.OutcomeForm(
            request.POST or None,
            link=link,
            who=link.accused.display_name if details else str(link.accused),
            sections=sections,
        )
        for link, sections in selectors.judgment_rows(court_case)
    ]


def _put_outcome_errors(form, rows, exc: ValidationError) -> None:
    by_prefix = {row.prefix: row for row in rows}
    for key, errors in (exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}).items():
        if isinstance(key, str) and key.startswith("outcome-"):
            prefix, _sep, field = key.rpartition("-")
            row = by_prefix.get(prefix)
            if row is not None:
                row.add_error(field if field in row.fields else None, errors)
                continue
        form.add_error(key if key in form.fields else None, errors)


@login_required
def judgment_new(request, case_id, court_case_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    form = forms.JudgmentForm(
        request.POST or None,
        request.FILES or None,
        case=case,
        initial={"version": court_case.version, "on": court_case.arguments_concluded_on},
    )
    rows = _outcome_forms(request, court_case, access.can_see_court_details)
    if request.method == "POST" and all([form.is_valid(), *[row.is_valid() for row in rows]]):
        data = form.cleaned_data
        outcomes = [{"court_accused": row.link, **row.cleaned_data} for row in rows]
        try:
            services.judgment_record(
                actor=request.user,
                court_case=court_case,
                expected_version=data["version"],
                on=data["on"],
                outcomes=outcomes,
                summary=data["summary"],
                document=data["document"],
                upload=data["upload"],
                compensation_recommended=data["compensation_recommended"],
                note=data["note"],
            )
        except ValidationError as exc:
            _put_outcome_errors(form, rows, exc)
        else:
            return court_done(request, case, _("Judgment recorded."), _anchor(court_case))
    meta = CourtCase.pronounce_judgment._django_fsm.get_transition(court_case.stage)
    intro = _(
        "One outcome for every accused on trial. Compensation ordered or recommended is added to her claim. "
        "A convicted accused is heard on sentence before it is passed (BNSS 258(2) / CrPC 235(2)): give the "
        "sentence here only if the court did both the day of the judgment; otherwise record the hearing on "
        "sentence next, then the sentence."
    )
    if meta is None:
        intro = _("This cannot be done at the stage “%(stage)s”.") % {"stage": stage_label(court_case)}
    return court_form_page(
        request,
        case,
        access,
        title=_("Judgment: %(cc)s") % {"cc": court_case},
        intro=intro,
        form=form,
        court_case=court_case,
        submit=_("Record the judgment"),
        template="legal/judgment_form.html",
        rows=rows,
    )


@login_required
def sentence_record(request, case_id, court_case_id, outcome_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    outcome = get_object_or_404(
        JudgmentOutcome.objects.select_related("judgment", "court_accused__accused"),
        judgment__court_case=court_case,
        pk=outcome_id,
    )
    initial = {
        "version": outcome.version,
        "imprisonment_months": outcome.imprisonment_months,
        "life_imprisonment": outcome.life_imprisonment,
        "sentence": outcome.sentence,
        "fine": outcome.fine,
        "compensation_ordered": outcome.compensation_ordered,
        "sentenced_on": outcome.sentenced_on or court_case.sentence_hearing_on,
    }
    form = forms.SentenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.judgment_outcome_sentence(
                actor=request.user, outcome=outcome, expected_version=form.cleaned_data["version"], **data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return court_done(request, case, _("Sentence recorded."), _anchor(court_case))
    return court_form_page(
        request,
        case,
        access,
        title=_("Sentence of %(who)s: %(cc)s") % {"who": outcome.court_accused.accused.display_name, "cc": court_case},
        intro=_("The court hears the convicted accused on sentence before passing it (BNSS 258(2) / CrPC 235(2))."),
        form=form,
        court_case=court_case,
        template="legal/court_step_form.html",
    )


@login_required
def appeal_new(request, case_id, court_case_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    form = forms.AppealForm(request.POST or None, court_case=court_case)
    if save_form(
        request, form, lambda data: services.appeal_file(actor=request.user, court_case=court_case, **data)
    ).saved:
        return court_done(request, case, _("Appeal recorded."), _anchor(court_case))
    intro = _("An appeal against an acquittal is due within 90 days of the judgment (Limitation Act, Art. 114).")
    if not court_case.decided:
        intro = _("An appeal comes after the judgment; the trial is at “%(stage)s”.") % {
            "stage": stage_label(court_case)
        }
    return court_form_page(
        request,
        case,
        access,
        title=_("Appeal or revision: %(cc)s") % {"cc": court_case},
        intro=intro,
        form=form,
        court_case=court_case,
        submit=_("Record"),
    )


@login_required
def appeal_update(request, case_id, court_case_id, appeal_id):
    case, access, court_case = _recorder(request, case_id, court_case_id)
    appeal = get_object_or_404(Appeal.objects.select_related("court"), court_case=court_case, pk=appeal_id)
    initial = {
        "version": appeal.version,
        "number": appeal.number,
        "appeal_stage": appeal.appeal_stage,
        "outcome": appeal.outcome,
        "outcome_on": appeal.outcome_on,
        "note": appeal.note,
    }
    form = forms.AppealUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.appeal_update(
                actor=request.user, appeal=appeal, expected_version=form.cleaned_data["version"], **data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return court_done(request, case, _("Appeal updated."), _anchor(court_case))
    return court_form_page(
        request,
        case,
        access,
        title=str(appeal),
        form=form,
        court_case=court_case,
        template="legal/court_step_form.html",
    )


# --- witness protection --------------------------------------------------------------------


@login_required
def protection_new(request, case_id):
    case, access, _cc = _recorder(request, case_id)
    form = forms.WitnessProtectionForm(request.POST or None, case=case)
    if save_form(
        request, form, lambda data: services.witness_protection_apply(actor=request.user, case=case, **data)
    ).saved:
        return court_done(request, case, _("Witness protection application recorded."), "#protection")
    return court_form_page(
        request,
        case,
        access,
        title=_("Witness protection"),
        intro=_(
            "An application under the Witness Protection Scheme, 2018, to the Competent Authority of the district; "
            "the police report on the threat (category A, B or C)."
        ),
        form=form,
        submit=_("Record"),
    )


@login_required
def protection_update(request, case_id, protection_id):
    case, access, _cc = _recorder(request, case_id)
    application = get_object_or_404(WitnessProtection, case=case, pk=protection_id)
    initial = {
        "version": application.version,
        "threat_report_on": application.threat_report_on,
        "threat_category": application.threat_category,
        "status": application.status,
        "order_on": application.order_on,
        "measures": application.measures,
        "review_on": application.review_on,
        "note": application.note,
    }
    form = forms.WitnessProtectionUpdateForm(request.POST or None, initial=initial)

    def update(data):
        return services.witness_protection_update(actor=request.user, application=application, **versioned_edit(data))

    if save_form(request, form, update).saved:
        return court_done(request, case, _("Witness protection updated."), "#protection")
    return court_form_page(
        request,
        case,
        access,
        title=_("Witness protection (applied %(date)s)") % {"date": day_text(application.applied_on)},
        intro=_("To %(authority)s.") % {"authority": application.competent_authority},
        form=form,
    )


# --- the printable case file ---------------------------------------------------------------


@login_required
def case_file(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_see_case_file)
    # Made to be printed and carried to court: logged like an export.
    access_log_record(request=request, action=AccessLogEntry.Action.EXPORT, case=case, target="case file")
    context = selectors.case_file(request.user, case, access)
    return render_case_tab(request, "legal/case_file.html", case, access, "court", **context)


def _scopes(membership):
    scopes = [(selectors.CalendarScope.MINE, _("My cases"))]
    if membership.role in (Role.ORG_ADMIN, Role.CASEWORKER, Role.LAWYER):
        scopes.append(
            (selectors.CalendarScope.ORGANISATION, _("%(org)s") % {"org": membership.organisation.short_name})
        )
    if membership.role == Role.COORDINATOR:
        scopes.append((selectors.CalendarScope.ALL, _("All cases (identities masked)")))
    return scopes


def _default_scope(membership) -> str:
    return {
        Role.ORG_ADMIN: selectors.CalendarScope.ORGANISATION,
        Role.COORDINATOR: selectors.CalendarScope.ALL,
    }.get(membership.role, selectors.CalendarScope.MINE)


def _period(view: str, on: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
    """(start, end, previous start, next start) of the week (Monday to Sunday) or month of `on`."""
    if view == "month":
        start = on.replace(day=1)
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        previous = (start - datetime.timedelta(days=1)).replace(day=1)
        following = end + datetime.timedelta(days=1)
        return start, end, previous, following
    start = on - datetime.timedelta(days=on.weekday())
    return (
        start,
        start + datetime.timedelta(days=6),
        start - datetime.timedelta(days=7),
        start + datetime.timedelta(days=7),
    )


@login_required
def hearing_calendar(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    scopes = _scopes(membership)
    view, on, scope, must_attend = "week", timezone.localdate(), _default_scope(membership), False
    form = forms.CalendarForm(request.GET or None, scopes=scopes, initial={"view": view, "on": on, "scope": scope})
    if form.is_valid():
        view = form.cleaned_data["view"] or view
        on = form.cleaned_data["on"] or on
        scope = form.cleaned_data["scope"] or scope
        must_attend = form.cleaned_data["must_attend"]
    if scope not in dict(scopes):
        scope = selectors.CalendarScope.MINE
    start, end, previous, following = _period(view, on)
    hearings = list(
        selectors.hearing_calendar(
            request.user,
            start=start,
            end=end,
            scope=scope,
            organisation=membership.organisation,
            must_attend_only=must_attend,
        )
    )
    days: dict = {}
    for hearing in hearings:
        days.setdefault(hearing.on, []).append(hearing)
    base = {"view": view, "scope": scope, **({"must_attend": "on"} if must_attend else {})}
    from urllib.parse import urlencode

    return render(
        request,
        "legal/hearing_calendar.html",
        {
            "form": form,
            "days": sorted(days.items()),
            "count": len(hearings),
            "start": start,
            "end": end,
            "view": view,
            "previous_query": urlencode({**base, "on": previous.isoformat()}),
            "next_query": urlencode({**base, "on": following.isoformat()}),
            "today_query": urlencode(base),
            "today": timezone.localdate(),
        },
    )
