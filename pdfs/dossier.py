"""The case dossier: everything a lawyer carries to court, as one PDF.

For a reader who sees the case file (caseworkers and lawyers on the team, the lead
organisation's admin) it is built from legal.court.selectors.case_file, the same record
as the printable Case file page. Anyone else who may see the case (a coordinator without
identity access, a survivor leader) gets a dossier of stages, dates and outcomes: her
pseudonym instead of her name, accused by number, no narrative, statements, hearing notes
or document titles.
"""

from django.utils import timezone
from django.utils.translation import gettext_noop
from reportlab.platypus import KeepTogether

from core.money import rupees

from .base import (
    NOT_RECORDED,
    Built,
    Progress,
    build_pdf,
    data_table,
    date_text,
    facts_table,
    gap_paragraph,
    no_progress,
    para,
    rich,
    section,
    spacer,
    styles,
    value_or_gap,
)

KIND_LABEL = "Case dossier"


def dossier_context(user, case, access) -> dict:
    """What the dossier shows, read through the selectors with this reader's access."""
    from cases.deadlines import deadline_list_for_case
    from cases.models import StageTransition
    from cases.selectors import team_list, timeline_for
    from cases.workflow import transition_stage_labels
    from compensation.selectors import claim_list_for_case
    from legal.court.selectors import case_file, court_cases_for_case
    from legal.investigation.selectors import fir_list_for_case

    full = access.dossier_is_full
    if full:
        context = case_file(user, case, access)
    else:
        firs = list(fir_list_for_case(case, details=False))
        for fir in firs:
            fir.live_charges = [c for c in fir.charges.all() if c.is_live]
            fir.dropped_charges = [c for c in fir.charges.all() if not c.is_live]
        transitions = list(
            StageTransition.objects.filter(case=case).select_related("actor").order_by("effective_on", "pk")
        )
        transition_stage_labels(transitions)
        context = {
            "firs": firs,
            "court_cases": court_cases_for_case(case, access),
            "accused": [],
            "medical": [],
            "events": list(timeline_for(case, access).order_by("occurred_at", "pk")),
            "transitions": transitions,
            "documents": [],
            "team": team_list(case),
            "reviews": [],
            "protection": [],
            "generated_at": timezone.now(),
        }
    context["full"] = full
    context["claims"] = claim_list_for_case(case)
    context["deadlines"] = list(deadline_list_for_case(case, access=access))
    return context


def _survivor_rows(case, full: bool) -> list[tuple[str, str]]:
    survivor = case.survivor
    if not full:
        return [("Survivor", rich(f"{survivor.pseudonym} (identity masked for this reader)"))]
    age = survivor.age_now
    age_text = f"{age} years" if age is not None else None
    if age_text and survivor.minor_at_offence:
        age_text += " · minor at the offence"
    return [
        ("Survivor", value_or_gap(survivor.full_name) + rich(f"  ({survivor.pseudonym})")),
        ("Age", value_or_gap(age_text)),
        ("Preferred language", rich(survivor.get_preferred_language_display())),
    ]


def _place(district, state, extra="") -> str | None:
    parts = [p for p in (getattr(district, "name", ""), getattr(state, "name", "")) if p]
    text = ", ".join(parts)
    if extra:
        text = f"{text} ({extra})" if text else extra
    return text or None


def _case_section(ctx, case, st) -> list:
    full = ctx["full"]
    rows = _survivor_rows(case, full)
    rows += [
        ("Lead organisation", rich(case.lead_organisation.name)),
        ("From", value_or_gap(_place(case.source_district, case.source_state))),
        (
            "To",
            value_or_gap(
                _place(case.destination_district, case.destination_state, case.destination_place if full else "")
            ),
        ),
        ("Trafficked on", value_or_gap(date_text(case.trafficked_on))),
        ("Escaped on" if case.escaped else "Rescued on", value_or_gap(date_text(case.rescued_on))),
        ("Exploitation", value_or_gap(", ".join(f.name for f in case.exploitation_forms.all()))),
        ("Status", rich(case.stage)),
        (
            "Team",
            value_or_gap(
                "; ".join(
                    f"{a.user.display_name} ({a.get_role_display().lower()}, {a.organisation.short_name})"
                    for a in ctx["team"]
                )
            ),
        ),
    ]
    flow = [facts_table(rows, st)]
    if full:
        flow += [para(rich("Narrative"), st.h3), para(value_or_gap(case.narrative), st.body)]
    return section("1. The case", flow, st)


def _fir_section(ctx, st) -> list:
    full = ctx["full"]
    flow = []
    for fir in ctx["firs"]:
        heading = para(rich(f"{fir} · {fir.state.name} · {fir.get_stage_display()}", bold=True), st.h3)
        rows = [
            ("FIR number", value_or_gap(fir.fir_number)),
            ("Police station", value_or_gap(fir.police_station)),
            ("Complaint made", value_or_gap(date_text(fir.reported_on))),
            ("FIR registered", value_or_gap(date_text(fir.fir_date))),
            ("Chargesheet", value_or_gap(date_text(fir.chargesheet_on), "Not filed")),
        ]
        if fir.closure_report_on:
            rows.append(("Closure report", rich(date_text(fir.closure_report_on))))
        if full:
            officer = " ".join(p for p in (fir.io_name, fir.io_rank) if p)
            rows.append(("Investigating officer", value_or_gap(officer)))
        live = "; ".join(f"{c.section.label} ({c.section.title})" for c in fir.live_charges)
        rows.append(("Sections (both codes)", value_or_gap(live, "No section recorded")))
        if fir.dropped_charges:
            dropped = "; ".join(f"{c.section.label}: {c.reason}" for c in fir.dropped_charges)
            rows.append(("Dropped or altered", rich(dropped)))
        flow.append(KeepTogether([heading, facts_table(rows, st)]))
        if full:
            statements = list(fir.statements.all())
            if statements:
                table_rows = []
                for s in statements:
                    flags = []
                    if not s.recorded:
                        flags.append("due but not recorded")
                    if s.in_survivor_language is False:
                        flags.append("not in her language")
                    if s.by_female_officer is False:
                        flags.append("no woman officer")
                    if s.coercion_alleged:
                        flags.append("<b>she says she was pressured</b>")
                    table_rows.append(
                        [
                            rich(s.section_label),
                            rich(date_text(s.on)),
                            "; ".join(rich(f) if not f.startswith("<b>") else f for f in flags) or rich("recorded"),
                            rich(s.note) if s.note else "",
                        ]
                    )
                flow.append(spacer(1.5))
                flow.append(
                    data_table(["Statement", "Date", "How", "Note"], table_rows, st, widths=[90, 68, 150, None])
                )
            else:
                flow.append(gap_paragraph("No statement recorded.", st))
    if not ctx["firs"]:
        flow.append(gap_paragraph("No FIR recorded.", st))
    medical = list(ctx["medical"])
    if medical:
        flow.append(para(rich("Medical examination"), st.h3))
        for exam in medical:
            report = f"report {date_text(exam.report_on)}" if exam.report_on else "report awaited"
            hospital = f", {exam.hospital}" if exam.hospital else ""
            flow.append(para(rich(f"{date_text(exam.examined_on)}{hospital}: {report}"), st.body))
    return section("2. FIRs, sections and statements", flow, st)


def _accused_section(ctx, st) -> list:
    full = ctx["full"]
    if not full:
        rows = []
        seen = set()
        for cc in ctx["court_cases"]:
            for row in cc.accused_list:
                link = row["link"]
                if link.accused_id in seen:
                    continue
                seen.add(link.accused_id)
                outcomes = {o.court_accused_id: o for o in (cc.judgment_row.outcome_rows if cc.judgment_row else [])}
                bail = [a for a in cc.bail if a.court_accused_id == link.pk]
                bail_text = "; ".join(f"{b.get_kind_display().lower()} {b.get_outcome_display().lower()}" for b in bail)
                outcome = outcomes.get(link.pk)
                rows.append(
                    [
                        rich(row["who"]),
                        rich(bail_text or "no bail application"),
                        rich(outcome.get_outcome_display() if outcome else "on trial"),
                    ]
                )
        flow = [para(rich("Accused persons are shown by number only to this reader."), st.small)]
        if rows:
            flow.append(data_table(["Accused", "Bail in court", "Outcome"], rows, st, widths=[120, 200, None]))
        else:
            flow.append(gap_paragraph("No accused person on trial recorded.", st))
        return section("3. Accused and bail", flow, st)
    rows = []
    for link in ctx["accused"]:
        names = ", ".join(link.accused.names) or NOT_RECORDED
        who = f"<b>{rich(names)}</b>"
        if link.accused.aliases:
            who += "<br/>" + rich("alias " + ", ".join(link.accused.aliases))
        who += "<br/>" + rich(link.get_role_display())
        arrests = []
        for a in link.arrests:
            if a.arrested_on:
                state = f"arrested {date_text(a.arrested_on)}"
            elif a.absconding:
                state = "absconding"
            else:
                state = "not arrested"
            if a.bail_status:
                state += f"; {a.get_bail_status_display().lower()}"
            if a.default_bail:
                state += " (default bail)"
            arrests.append(rich(f"{a.fir}: {state}"))
        court = []
        for c in link.in_court:
            bail = "; ".join(
                f"{b.get_kind_display().lower()} {b.get_outcome_display().lower()}"
                + (f" {date_text(b.decided_on)}" if b.decided_on else "")
                + (" (undecided over the limit)" if b.overdue else "")
                for b in c["bail"]
            )
            outcome = c["outcome"].get_outcome_display() if c["outcome"] else "on trial"
            court.append(rich(f"{c['court_case']}: {bail or 'no bail application'}; {outcome}"))
        rows.append([who, "<br/>".join(arrests) or rich("—"), "<br/>".join(court) or rich("—")])
    if rows:
        flow = [
            data_table(
                ["Accused", "Investigation: arrest and bail", "In court: bail and outcome"],
                rows,
                st,
                widths=[130, 165, None],
            )
        ]
    else:
        flow = [gap_paragraph("No accused person recorded.", st)]
    return section("3. Accused, arrest and bail", flow, st)


def _hearing_row(h, full: bool) -> list[str]:
    happened = h.get_status_display()
    if h.adjournment_reason:
        happened += f" ({h.get_adjournment_reason_display()})"
    if full and h.proceedings:
        happened += f": {h.proceedings}"
    if h.to_record:
        happened = "What happened is not yet recorded"
    elif h.next_date:
        happened += f"; next {date_text(h.next_date)}"
    elif not h.is_scheduled:
        happened += "; no next date recorded"
    if h.survivor_deposed:
        her = f"deposed ({h.get_deposition_mode_display().lower()})"
        if full and h.deposition_notes:
            her += f": {h.deposition_notes}"
    elif h.survivor_must_attend:
        her = (
            "attended" if h.survivor_attended else "could not attend" if h.survivor_attended is False else "must attend"
        )
    else:
        her = "—"
    return [rich(date_text(h.on)), rich(h.get_purpose_display()), rich(happened), rich(her)]


def _court_section(ctx, st, progress: Progress) -> list:
    full = ctx["full"]
    flow = []
    for cc in ctx["court_cases"]:
        heading = para(rich(f"{cc} · {cc.get_stage_display()}", bold=True), st.h3)
        rows = [
            ("Court", rich(cc.court.get_kind_display() + (f", {cc.court.state.name}" if cc.court.state_id else ""))),
            ("CNR", value_or_gap(cc.cnr)),
            ("Judge", value_or_gap(cc.judge)),
            ("Public prosecutor", value_or_gap(cc.public_prosecutor)),
            ("Our lawyer", value_or_gap(cc.lawyer.display_name if cc.lawyer_id else None)),
            (
                "Stages",
                rich(
                    "; ".join(
                        f"{label} {date_text(day)}"
                        for label, day in (
                            ("cognizance", cc.cognizance_on),
                            ("appearance", cc.appearance_on),
                            ("committal", cc.committed_on),
                            ("charges", cc.charges_framed_on),
                            ("evidence", cc.evidence_started_on),
                            ("arguments concluded", cc.arguments_concluded_on),
                            ("judgment", cc.judgment_on),
                        )
                        if day
                    )
                    or "—"
                ),
            ),
        ]
        charges = "; ".join(
            f"{row['who']}: " + ", ".join(c.section.label for c in row["live"]) for row in cc.charge_rows if row["live"]
        )
        rows.append(("Charges (both codes)", value_or_gap(charges, "No charge framed")))
        flow.append(KeepTogether([heading, facts_table(rows, st)]))
        hearings = list(cc.hearings.all())
        if hearings:
            flow.append(spacer(1.5))
            flow.append(
                data_table(
                    ["Date", "Purpose", "What happened", "The survivor"],
                    [_hearing_row(h, full) for h in hearings],
                    st,
                    widths=[68, 95, None, 105],
                )
            )
            flow.append(spacer(1.5))
        else:
            flow.append(gap_paragraph("No hearing recorded.", st))
        if cc.bail:
            bail = "; ".join(
                f"{b.who}, {b.get_kind_display().lower()} {date_text(b.filed_on)}: {b.get_outcome_display().lower()}"
                + (" (she was not heard)" if b.victim_heard is False else "")
                + (f" — {b.conditions}" if full and b.conditions else "")
                for b in cc.bail
            )
            flow.append(para(f"<b>{rich('Bail in court')}:</b> {rich(bail)}", st.body))
        if cc.judgment_row:
            outcomes = []
            for o in cc.judgment_row.outcome_rows:
                text = f"{o.who}: {o.get_outcome_display().lower()}"
                sections = ", ".join(s.label for s in o.sections.all())
                if sections:
                    text += f" ({sections})"
                if o.life_imprisonment:
                    text += ", life"
                elif o.imprisonment_months:
                    text += f", {o.imprisonment_months} months"
                if o.fine:
                    text += f", fine {rupees(o.fine)}"
                if o.compensation_ordered:
                    text += f", compensation {rupees(o.compensation_ordered)}"
                outcomes.append(text)
            label = f"Judgment {date_text(cc.judgment_row.on)}"
            flow.append(para(f"<b>{rich(label)}:</b> {rich('; '.join(outcomes))}", st.body))
        for a in cc.appeals.all():
            flow.append(
                para(
                    rich(
                        f"{a} — {a.get_filed_by_display().lower()}, {date_text(a.filed_on)}: "
                        f"{a.get_appeal_stage_display().lower()}, {a.get_outcome_display().lower()}"
                    ),
                    st.body,
                )
            )
    if not ctx["court_cases"]:
        flow.append(gap_paragraph("No court case recorded.", st))
    for wp in ctx["protection"]:
        flow.append(
            para(
                rich(
                    f"Witness protection: {date_text(wp.applied_on)}, {wp.competent_authority}: "
                    f"{wp.get_status_display().lower()}"
                ),
                st.body,
            )
        )
    return section("4. Court stages and hearing history", flow, st)


def claim_amounts(claim) -> list[str]:
    """What the record holds about a claim's money, as facts: claimed, filed, awarded (when), paid so
    far and still due, or paid in full, and what went into fixed deposits."""
    from cases.survivor_messages import payment_state
    from compensation.models import Route

    facts = []
    if claim.amount_claimed is not None:
        facts.append(f"claimed {rupees(claim.amount_claimed)}")
    if claim.applied_on:
        recommended = claim.route in (Route.COURT_RECOMMENDATION, Route.ACQUITTAL_RECOMMENDATION)
        verb = (
            "recommended by the court"
            if recommended
            else "taken up suo motu"
            if claim.route == Route.SUO_MOTU
            else "filed"
        )
        facts.append(f"{verb} {date_text(claim.applied_on)}")
    if claim.interim_amount is not None:
        decided = date_text(claim.interim_decided_on) or "date not recorded"
        granted = rupees(claim.interim_amount) if claim.interim_amount else "refused"
        facts.append(f"interim relief {granted} ({decided})")
    state = payment_state(claim)
    if state == "rejected":
        facts.append(f"rejected {date_text(claim.rejected_on)}")
    if not claim.is_awarded:
        return facts
    facts.append(f"awarded {rupees(claim.awarded_amount)} on {date_text(claim.awarded_on)}")
    payments = sorted(claim.payments.all(), key=lambda p: (p.paid_on, p.pk))
    last = f", last payment {date_text(payments[-1].paid_on)}" if payments else ""
    if state == "unpaid":
        facts.append(f"nothing paid yet, {rupees(claim.awarded_amount)} due")
    elif state == "partly_paid":
        facts.append(f"paid {rupees(claim.amount_paid)} so far{last}; {rupees(claim.amount_unpaid)} still due")
    else:
        facts.append(f"paid in full: {rupees(claim.amount_paid)}{last}")
    for payment in payments:
        if payment.is_fixed_deposit:
            facts.append(f"{rupees(payment.amount)} in a fixed deposit maturing {date_text(payment.fd_maturity_on)}")
    return facts


def _claims_section(ctx, st) -> list:
    rows = []
    for claim in ctx["claims"]:
        rows.append(
            [
                rich(claim.scheme.short_name),
                rich(claim.authority_label),
                rich(claim.get_stage_display()),
                rich("; ".join(claim_amounts(claim)) or "—"),
            ]
        )
    if not rows:
        return section("5. Compensation", [gap_paragraph("No compensation claim recorded.", st)], st)
    return section(
        "5. Compensation",
        [data_table(["Scheme", "Authority", "Stage", "Amounts"], rows, st, widths=[85, 110, 100, None])],
        st,
    )


def _deadlines_section(ctx, st) -> list:
    now = timezone.now()
    rows, alert = [], []
    for i, d in enumerate(ctx["deadlines"]):
        state = f"overdue since {date_text(d.due_on)}" if d.due_at < now else f"due {date_text(d.due_on)}"
        rows.append([rich(d.title_text), rich(state), rich(d.get_responsible_role_display())])
        if d.due_at < now:
            alert.append(i)
    if not rows:
        return section("6. Open deadlines", [para(rich("No open deadline."), st.body)], st)
    return section(
        "6. Open deadlines",
        [data_table(["What is due", "When", "Who answers"], rows, st, widths=[None, 130, 100], alert_rows=alert)],
        st,
    )


def _documents_section(ctx, st) -> list:
    if not ctx["full"]:
        return section("7. Documents", [para(rich("Not shown to this reader."), st.small)], st)
    rows = [
        [
            rich(d.get_doc_type_display()),
            rich(d.title),
            rich(date_text(d.uploaded_at)),
            rich(d.uploaded_by.display_name),
        ]
        for d in ctx["documents"]
    ]
    if not rows:
        return section("7. Documents", [gap_paragraph("No document uploaded.", st)], st)
    return section(
        "7. Documents",
        [data_table(["Type", "Title", "Uploaded", "By"], rows, st, widths=[120, None, 70, 95])],
        st,
    )


def _chronology_section(ctx, st) -> list:
    flow = []
    transitions = ctx["transitions"]
    if transitions:
        rows = [
            [
                rich(date_text(t.effective_on)),
                rich(t.workflow.capitalize()),
                rich(f"{t.from_label} to ") + f"<b>{rich(t.to_label)}</b>",
            ]
            for t in transitions
        ]
        flow.append(para(rich("Stages reached"), st.h3))
        flow.append(data_table(["Date", "Workflow", "Stage"], rows, st, widths=[70, 90, None]))
    rows = []
    for e in ctx["events"]:
        what = f"<b>{rich(e.get_kind_display())}</b>"
        summary = e.summary_text  # in the dossier's language (cases.events: a phrase, rendered now)
        if summary:
            what += ": " + rich(summary)
        if ctx["full"] and e.note_id and e.note:
            what += "<br/>" + rich(e.note.body)
        rows.append([rich(date_text(e.occurred_at)), what, rich(e.actor.display_name if e.actor_id else "—")])
    flow.append(para(rich("Everything recorded, oldest first"), st.h3))
    if rows:
        flow.append(data_table(["When", "What", "By"], rows, st, widths=[70, None, 110]))
    else:
        flow.append(gap_paragraph("Nothing recorded yet.", st))
    return section("8. Chronology", flow, st)


def build_dossier(*, user, case, access, progress: Progress = no_progress) -> Built:
    st = styles()
    progress(10, gettext_noop("Collecting the case record"))
    ctx = dossier_context(user, case, access)
    at = timezone.localtime(ctx["generated_at"])
    generated = f"{date_text(at)}, {at:%H:%M}"
    who = getattr(user, "display_name", "") or user.get_username()
    story = [
        para(rich(f"Case dossier {case.reference}"), st.title),
        para(rich(f"{case.lead_organisation.name} · prepared for {who} on {generated}"), st.subtitle),
    ]
    if ctx["full"]:
        story.append(
            para(
                rich(
                    "Confidential: survivor data. Keep it with the case team; do not leave it in court or share it. "
                    "Gaps are marked “Not recorded”."
                ),
                st.notice,
            )
        )
    else:
        story.append(
            para(
                rich(
                    "Masked dossier: the survivor's identity, her statements, the accused persons' names, hearing "
                    "notes and documents are left out for this reader."
                ),
                st.notice,
            )
        )
    story += _case_section(ctx, case, st)
    progress(25, gettext_noop("FIRs and sections"))
    story += _fir_section(ctx, st)
    progress(40, gettext_noop("Accused and bail"))
    story += _accused_section(ctx, st)
    progress(55, gettext_noop("Court history"))
    story += _court_section(ctx, st, progress)
    story += _claims_section(ctx, st)
    story += _deadlines_section(ctx, st)
    story += _documents_section(ctx, st)
    progress(65, gettext_noop("Chronology"))
    story += _chronology_section(ctx, st)
    progress(75, gettext_noop("Laying out the pages"))
    return build_pdf(
        story,
        title=f"Case dossier {case.reference}",
        reference=case.reference,
        kind_label=KIND_LABEL + (" (masked)" if not ctx["full"] else ""),
        footer="Confidential · Nyaya" if ctx["full"] else "Masked · Nyaya",
    )
