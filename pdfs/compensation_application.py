"""A filled compensation application for one claim, in the order Legal Services Authorities
read it (victim compensation under s.396 BNSS / s.357A CrPC and the scheme named): the
authority, the applicant, the offence, the FIR, injuries and losses, the amount sought, bank
details, then the annexure checklist with every missing document marked, and the declaration.
"""

from django.utils import timezone
from django.utils.translation import gettext_noop

from core.money import rupees

from .base import (
    MUTED,
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

KIND_LABEL = "Compensation application"


def application_context(case, claim) -> dict:
    from compensation.selectors import documents_by_type, requirement_rows
    from legal.investigation.selectors import fir_list_for_case
    from legal.models import MedicalExamination

    firs = list(fir_list_for_case(case, details=False))
    for fir in firs:
        fir.live_charges = [c for c in fir.charges.all() if c.is_live]
    rows = requirement_rows(claim, documents_by_type(case))
    return {
        "firs": firs,
        "requirements": rows,
        "medical": list(MedicalExamination.objects.filter(case=case).order_by("examined_on", "pk")),
    }


def build_compensation_application(*, user, case, access, claim, progress: Progress = no_progress) -> Built:
    st = styles(base_size=10)
    progress(15, gettext_noop("Reading the claim and the case"))
    ctx = application_context(case, claim)
    survivor = case.survivor
    today = timezone.localdate()

    authority = f"{claim.get_authority_level_display()}, " + (
        f"{claim.authority_district.name}, " if claim.authority_district_id else ""
    )
    authority += claim.authority_state.name
    story = [
        para(rich("Application for victim compensation"), st.title),
        para(
            rich(
                f"Under {claim.scheme.name}, read with section 396 of the Bharatiya Nagarik Suraksha Sanhita, 2023 "
                "(section 357A of the Code of Criminal Procedure, 1973)"
            ),
            st.subtitle,
        ),
        para(rich("To"), st.body),
        para(rich(f"The Member Secretary / Secretary,\n{authority}"), st.body),
        spacer(2),
        facts_table(
            [
                ("Case reference", rich(case.reference)),
                ("Claim number", value_or_gap(claim.claim_number, "Not yet given by the authority")),
                ("Route", value_or_gap(claim.get_route_display() if claim.route else None, "Application")),
                ("Date", rich(date_text(today))),
            ],
            st,
        ),
    ]

    progress(30, gettext_noop("The applicant"))
    age = survivor.age_now
    address = ", ".join(
        p
        for p in (
            survivor.origin_village,
            survivor.origin_address,
            getattr(survivor.origin_district, "name", ""),
            getattr(survivor.origin_state, "name", ""),
        )
        if p
    )
    applicant = [
        ("Name", value_or_gap(survivor.full_name)),
        ("Other names", rich(", ".join(survivor.other_names or []) or "None")),
        ("Sex", rich(survivor.get_sex_display())),
        ("Age", value_or_gap(f"{age} years" if age is not None else None)),
        ("Minor at the offence", rich("Yes" if survivor.minor_at_offence else "No")),
        ("Address", value_or_gap(address)),
        ("Phone", value_or_gap(", ".join(survivor.phone_numbers or []))),
    ]
    if survivor.minor_at_offence or survivor.is_minor_now:
        guardian = " ".join(p for p in (survivor.guardian_name, f"({survivor.guardian_relation})") if p.strip("()"))
        applicant.append(("Guardian", value_or_gap(guardian.strip())))
    story += section("1. Applicant (the victim)", [facts_table(applicant, st)], st)

    progress(45, gettext_noop("The offence and the FIR"))
    sections = "; ".join(f"{c.section.label} ({c.section.title})" for fir in ctx["firs"] for c in fir.live_charges)
    offence = [
        ("Nature of the offence", rich(claim.line.get_category_display())),
        ("As the scheme words it", value_or_gap(claim.line.label, "—")),
        ("Forms of exploitation", value_or_gap(", ".join(f.name for f in case.exploitation_forms.all()))),
        ("Trafficked on", value_or_gap(date_text(case.trafficked_on))),
        ("Rescued / released on", value_or_gap(date_text(case.rescued_on))),
        (
            "Place of the offence",
            value_or_gap(
                ", ".join(
                    p
                    for p in (
                        case.destination_place,
                        getattr(case.destination_district, "name", ""),
                        getattr(case.destination_state, "name", ""),
                    )
                    if p
                )
            ),
        ),
        ("Sections invoked (both codes)", value_or_gap(sections, "No section recorded")),
    ]
    story += section("2. The offence", [facts_table(offence, st)], st)

    fir_rows = [
        [
            rich(fir.fir_number or "—"),
            rich(fir.police_station),
            rich(fir.state.name),
            value_or_gap(date_text(fir.fir_date)),
            rich(fir.get_stage_display()),
        ]
        for fir in ctx["firs"]
    ]
    fir_flow = (
        [data_table(["FIR no.", "Police station", "State", "Registered", "Stage"], fir_rows, st)]
        if fir_rows
        else [gap_paragraph("No FIR recorded. Attach the complaint or explain why no FIR was registered.", st)]
    )
    story += section("3. First Information Report", fir_flow, st)

    progress(60, gettext_noop("Injuries, losses and the amount"))
    medical = "; ".join(
        f"examined {date_text(m.examined_on)}"
        + (f" at {m.hospital}" if m.hospital else "")
        + (f", report {date_text(m.report_on)}" if m.report_on else ", report awaited")
        for m in ctx["medical"]
    )
    losses = [
        ("Injury or loss", rich(claim.line.get_category_display())),
        ("Medical examination", value_or_gap(medical)),
        ("Details", para_lines(3)),
    ]
    story += section("4. Injuries and losses suffered", [facts_table(losses, st)], st)

    low, high = claim.amount_range
    range_text = f"{rupees(low)} – {rupees(high)}" if high is not None else f"{rupees(low)} or more"
    if claim.minor_uplift:
        range_text += f" (includes the {claim.scheme.minor_uplift_percent}% uplift for a minor)"
    amount = [
        ("Amount sought", value_or_gap(rupees(claim.amount_claimed), "Not recorded: as the authority deems fit")),
        ("Scheme's range for this offence", rich(range_text)),
        ("Interim relief", rich(_interim_text(claim))),
    ]
    story += section("5. Amount of compensation sought", [facts_table(amount, st)], st)

    bank_rows = [r for r in ctx["requirements"] if r["code"] == "bank_account"]
    bank_doc = bank_rows[0]["link"].document if bank_rows and bank_rows[0]["link"] else None
    bank = [
        ("Account holder", value_or_gap(survivor.full_name)),
        (
            "Account details",
            rich(f"As in the annexed bank passbook: {bank_doc.title}")
            if bank_doc
            else value_or_gap(None, "Not recorded: attach her bank passbook (first page)"),
        ),
        ("Account number / IFSC", para_lines(1)),
    ]
    story += section("6. Bank details for payment", [facts_table(bank, st)], st)

    progress(75, gettext_noop("The annexure checklist"))
    rows, alert = [], []
    for i, row in enumerate(ctx["requirements"]):
        link = row["link"]
        if link:
            status = "<b>" + rich("Attached") + "</b>"
            what = rich(f"{link.document.title} ({date_text(link.document.uploaded_at)})")
        else:
            status = '<font color="#b42318"><b>' + rich("MISSING") + "</b></font>"
            what = rich(
                f"{len(row['candidates'])} case document(s) could stand for it: link one on the claim"
                if row["candidates"]
                else "Not in the case documents"
            )
            alert.append(i)
        rows.append([rich(f"Annexure {i + 1}"), rich(row["label"]), status, what])
    missing = len(alert)
    flow = [
        data_table(
            ["No.", "Document", "Status", "Document on file"], rows, st, widths=[62, 150, 62, None], alert_rows=alert
        )
        if rows
        else gap_paragraph("The scheme lists no required document.", st)
    ]
    if missing:
        flow.append(spacer(1))
        flow.append(
            para(
                rich(f"{missing} required document(s) missing: the authority may return the application."),
                st.notice,
            )
        )
    story += section("7. Annexures", flow, st)

    story += section(
        "8. Declaration",
        [
            para(
                rich(
                    "I declare that the facts stated above are true to the best of my knowledge and belief, that I "
                    "have not received compensation for this offence under any other scheme except as stated, and "
                    "that I will inform the authority of any compensation ordered by a court."
                ),
                st.body,
            ),
            spacer(10),
            signature_table(st, user, case),
        ],
        st,
    )
    progress(85, gettext_noop("Laying out the pages"))
    return build_pdf(
        story,
        title=f"Compensation application {case.reference}",
        reference=case.reference,
        kind_label=f"{KIND_LABEL} · {claim.scheme.short_name}",
        footer="Confidential: contains the applicant's identity",
    )


def _interim_text(claim) -> str:
    """Interim relief as recorded: sought when, granted how much when; else what is asked."""
    if claim.interim_amount is not None:
        decided = f" on {date_text(claim.interim_decided_on)}" if claim.interim_decided_on else ""
        return f"{rupees(claim.interim_amount)} granted{decided}" if claim.interim_amount else f"Refused{decided}"
    if claim.interim_sought_on:
        return f"Sought on {date_text(claim.interim_sought_on)}; not yet decided"
    return "Requested if the inquiry takes long"


def para_lines(count: int) -> str:
    """Ruled blank lines to fill by hand where Nyaya holds nothing."""
    return "<br/>".join(["_" * 70] * count)


def signature_table(st, user, case):
    """Two signature lines: the applicant (or her guardian) and the caseworker who assisted."""
    from reportlab.platypus import Table, TableStyle

    who = getattr(user, "display_name", "") or user.get_username()
    cells = [
        ["", "", ""],
        [
            para(rich("Signature or thumb impression of the applicant (or guardian)"), st.small),
            "",
            para(rich(f"Assisted by {who}, {case.lead_organisation.name}"), st.small),
        ],
        [para(rich("Place: ____________   Date: ____________"), st.small), "", ""],
    ]
    table = Table(cells, colWidths=[None, 24, None], rowHeights=[40, None, 22])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (0, 0), 0.7, MUTED),
                ("LINEBELOW", (2, 0), (2, 0), 0.7, MUTED),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
