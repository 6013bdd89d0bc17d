"""The kinds of rows an import reads (one sheet each), and how one row is recorded: through the same
services (and, for a case, the same forms) as the pages where a person types it.

A case row is read by the case-opening page's own forms (cases.forms SurvivorForm and CaseForm,
care.forms.IntakeRescueForm): the rules on her age, the dates of the case and the rescue live
there and are not written again here. FIR and accused rows call the investigation's services and
workflow steps (legal.investigation.services), which check the order of the dates (offence <=
complaint <= FIR <= investigation <= chargesheet) and the sections in force on the offence day.

Every row is recorded by the organisation admin who uploads the file: she may record on every
case her organisation leads (cases.permissions CaseAccess.is_lead_org_admin). The lead
caseworker named on a case row leads the case; the admin is not put on its team.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from care.forms import IntakeRescueForm
from care.models import Rescue
from cases import services as case_services
from cases.forms import CaseForm, SurvivorForm
from cases.models import Case, ExploitationForm, RecruitmentMeans, RiskLevel
from cases.permissions import visible_access
from consortium.models import Membership, Role
from legal.accused import services as accused_services
from legal.investigation import services as fir_services
from legal.models import FIR, AccusedRole, Act, BailStatus, ChainRole, Custody
from survivors.models import AgeBasis, Sex, Survivor
from survivors.services import SurvivorDetails

from .columns import (
    CellError,
    Column,
    Kind,
    as_date,
    as_district,
    as_list,
    as_number,
    as_state,
    as_yes_no,
    choice_of,
    codes_of,
    district_in,
)


def as_sections(value: str) -> list[tuple[Act, str]]:
    """ "BNS 143(4); ITPA 5": each entry an act's code and a section number."""
    entries = []
    for entry in as_list(value):
        code, _space, number = entry.partition(" ")
        act = Act.objects.filter(code__iexact=code.strip()).first()
        if act is None or not number.strip():
            raise CellError(
                _("Write each section as the act's code and the number (e.g. BNS 143(4); ITPA 5); acts: %(codes)s.")
                % {"codes": ", ".join(Act.objects.order_by("code").values_list("code", flat=True))}
            )
        entries.append((act, number.strip()))
    return entries


def _given(choices) -> SimpleNamespace:
    """A choice's codes without its empty one ("not in custody", "no bail application"): an empty cell says that."""
    kept = [(code, label) for code, label in choices.choices if code]
    return SimpleNamespace(choices=kept, values=[code for code, _label in kept])


@dataclass
class Context:
    """One import's run: who records, for which organisation, and the records earlier rows made."""

    actor: Any
    membership: Membership
    # (kind, external ref) -> (case, object id): imported before, or by an earlier row of this file.
    known: dict[tuple[str, str], tuple[Case, int]] = field(default_factory=dict)
    # The cases this run recorded something on.
    touched: set[int] = field(default_factory=set)
    # (kind, external ref) of this file's rows refused: a row linking to one is told why it cannot link.
    refused: set[tuple[str, str]] = field(default_factory=set)


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _form_data(form_class, values: dict) -> dict:
    """A form's data as the page would post it untouched (each field's initial value), with `values` typed in."""
    blank = form_class()
    data = {name: blank.get_initial_for_field(form_field, name) for name, form_field in blank.fields.items()}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def _form_errors(form, columns: dict[str, str]) -> dict[str, list[str]]:
    return {
        columns.get(name, name if name != "__all__" else ""): list(messages) for name, messages in form.errors.items()
    }


def _place(values: dict, state_column: str, district_column: str) -> tuple[Any, Any]:
    state = values.get(state_column)
    name = values.get(district_column)
    if not name:
        return state, None
    try:
        return state, district_in(state, name)
    except CellError as exc:
        raise ValidationError({district_column: str(exc)}) from None


PSEUDONYM_LENGTH = Survivor._meta.get_field("pseudonym").max_length

RESCUE_COLUMNS = {
    "rescued_on": "rescued_on",
    "rescued_at": "rescued_on",
    "state": "rescue_state",
    "district": "rescue_district",
    "place": "rescue_place",
    "agency": "rescue_agency",
    "agency_detail": "rescue_agency_detail",
}


def record_case(ctx: Context, values: dict) -> tuple[Case, int]:
    errors: dict[str, list[str]] = {}
    places = {}
    for state_column, district_column in (
        ("origin_state", "origin_district"),
        ("source_state", "source_district"),
        ("destination_state", "destination_district"),
        ("rescue_state", "rescue_district"),
    ):
        try:
            places[state_column], places[district_column] = _place(values, state_column, district_column)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            places[state_column], places[district_column] = values.get(state_column), None
    pk = {name: (place.pk if place is not None else "") for name, place in places.items()}
    full_name = values.get("full_name") or values.get("pseudonym") or ""
    survivor_form = SurvivorForm(
        _form_data(
            SurvivorForm,
            {
                "full_name": full_name,
                "sex": values.get("sex") or Sex.FEMALE,
                "date_of_birth": _iso(values.get("date_of_birth")) or "",
                "estimated_age": values.get("estimated_age", ""),
                "age_basis": values.get("age_basis", ""),
                "phone_numbers": "\n".join(values.get("phone_numbers", [])),
                "origin_state": pk["origin_state"],
                "origin_district": pk["origin_district"],
                "origin_village": values.get("origin_village", ""),
            },
        )
    )
    case_form = CaseForm(
        _form_data(
            CaseForm,
            {
                "source_state": pk["source_state"],
                "source_district": pk["source_district"],
                "destination_state": pk["destination_state"],
                "destination_district": pk["destination_district"],
                "destination_place": values.get("destination_place", ""),
                "left_home_on": _iso(values.get("left_home_on")) or "",
                "trafficked_on": _iso(values.get("trafficked_on")) or "",
                "exploitation_forms": [f.pk for f in values.get("exploitation_forms", [])],
                "recruitment_means": [m.pk for m in values.get("recruitment_means", [])],
                "risk_level": values.get("risk_level") or RiskLevel.MEDIUM,
                "narrative": values.get("narrative", ""),
            },
        )
    )
    rescue_form = IntakeRescueForm(
        {
            "rescued_on": _iso(values.get("rescued_on")) or "",
            "state": pk["rescue_state"],
            "district": pk["rescue_district"],
            "place": values.get("rescue_place", ""),
            "agency": values.get("rescue_agency", ""),
            "agency_detail": values.get("rescue_agency_detail", ""),
        }
    )
    survivor_columns = {
        "full_name": "full_name" if values.get("full_name") or not values.get("pseudonym") else "pseudonym"
    }
    for form, columns in ((survivor_form, survivor_columns), (case_form, {}), (rescue_form, RESCUE_COLUMNS)):
        if not form.is_valid():
            for column, messages in _form_errors(form, columns).items():
                errors.setdefault(column, []).extend(messages)
    pseudonym = values.get("pseudonym", "")
    if len(pseudonym) > PSEUDONYM_LENGTH:
        errors.setdefault("pseudonym", []).append(_("At most %(n)s characters.") % {"n": PSEUDONYM_LENGTH})
    elif pseudonym and Survivor.objects.filter(pseudonym=pseudonym).exists():
        errors.setdefault("pseudonym", []).append(_("This pseudonym is already used: choose another one."))
    lead = (
        Membership.objects.active()
        .filter(
            organisation=ctx.membership.organisation,
            user__username=values.get("lead_caseworker", ""),
            role__in=[Role.CASEWORKER, Role.ORG_ADMIN],
        )
        .select_related("user")
        .first()
    )
    if lead is None:
        errors.setdefault("lead_caseworker", []).append(
            _("No active caseworker of your organisation has this username.")
        )
    if errors:
        raise ValidationError(errors)
    try:
        case = _case_open(ctx, values, survivor_form, case_form, rescue_form, lead, pseudonym)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        # The rescue's refusals are keyed by its own fields ("rescued_at", "state"): its columns.
        raise ValidationError(
            {(key if key in CASES.names else RESCUE_COLUMNS.get(key, key)): m for key, m in exc.message_dict.items()}
        ) from None
    return case, case.pk


def _case_open(ctx: Context, values: dict, survivor_form, case_form, rescue_form, lead, pseudonym: str) -> Case:
    opened_on = values.get("opened_on")
    survivor_fields = {k: v for k, v in survivor_form.cleaned_data.items() if k != "version"}
    case_fields = {k: v for k, v in case_form.cleaned_data.items() if k != "version"}
    return case_services.case_open(
        actor_membership=ctx.membership,
        survivor=SurvivorDetails(
            **survivor_fields,
            **({"pseudonym": pseudonym} if pseudonym else {}),  # else one is drawn (Survivor.pseudonym)
            # Her age as she told it when the case was opened, not on the day of the import.
            age_recorded_on=opened_on or values.get("rescued_on") or timezone.localdate(),
        ),
        **case_fields,
        lead_caseworker=lead.user,
        intake={"rescue": rescue_form.intake_data()},
        opened_on=opened_on,
    )


def record_fir(ctx: Context, values: dict) -> tuple[Case, int]:
    case, _case_id = values["case_ref"]  # (case, id) of the linked row (imports.services)
    state, district = _place(values, "state", "district")
    role = values.get("chain_role") or (
        ChainRole.DESTINATION
        if state is not None and state.pk == case.destination_state_id
        else ChainRole.SOURCE
        if state is not None and state.pk == case.source_state_id
        else ""
    )
    _check_lengths(values, FIR, FIR_TEXT_COLUMNS)
    officer = {name: values[name] for name in ("io_name", "io_rank", "io_phone") if values.get(name)}
    if officer.keys() & {"io_name", "io_phone"} and not visible_access(ctx.actor, case).can_see_investigation_details:
        # The officer's name and phone are investigation details: the pages neither show nor take
        # them from someone who may not read them (FIRForm show_officer_contact, fir_update).
        raise ValidationError(
            {name: _("You may not record the officer's contact on this case.") for name in officer if name != "io_rank"}
        )
    # The officer as the page's "Add FIR" form records him (FIRForm: the officer's fields beside the
    # station's), so the timeline says once that the police case was recorded.
    fir = fir_services.fir_create(
        actor=ctx.actor,
        case=case,
        state=state,
        district=district,
        chain_role=role,
        police_station=values.get("police_station", ""),
        reported_on=values.get("reported_on"),
        offence_on=values.get("offence_on"),
        **officer,
    )
    if values.get("fir_number") or values.get("fir_date"):
        step = "register_zero_fir" if values.get("zero_fir") else "register_fir"
        fir = _step(ctx, fir, step, fir_date=values.get("fir_date"), fir_number=values.get("fir_number", ""))
    acts: dict[Act, list[str]] = {}
    for act, number in values.get("sections", []):
        acts.setdefault(act, []).append(number)
    for act, numbers in acts.items():
        _keyed(
            lambda act=act, numbers=numbers: fir_services.charges_add(
                actor=ctx.actor, fir=fir, act=act, numbers=numbers
            ),
            "sections",
        )
    transfer = [values.get(name) for name in ("transferred_to_state", "transferred_to_station", "transferred_on")]
    if any(transfer):
        # A zero FIR goes to the station with jurisdiction, which investigates it (BNSS 173(1)).
        fir = _step(
            ctx,
            fir,
            "transfer",
            transferred_to_state=transfer[0],
            transferred_to_station=transfer[1] or "",
            transferred_on=transfer[2],
        )
    started = values.get("investigation_started_on")
    if started or values.get("chargesheet_on"):
        fir = _step(
            ctx, fir, "start_investigation", investigation_started_on=started or fir.transferred_on or fir.fir_date
        )
    if values.get("ahtu_unit") or values.get("ahtu_transferred_on"):
        fir = FIR.objects.get(pk=fir.pk)
        fir = fir_services.fir_ahtu_transfer(
            actor=ctx.actor,
            fir=fir,
            unit=values.get("ahtu_unit", ""),
            on=values.get("ahtu_transferred_on"),  # None: refused by the service ("Enter the date")
            expected_version=fir.version,
        )
    if values.get("chargesheet_on"):
        fir = _step(
            ctx,
            fir,
            "file_chargesheet",
            chargesheet_on=values["chargesheet_on"],
            chargesheet_number=values.get("chargesheet_number", ""),
        )
    return case, fir.pk


# The officer's, the transfer's and the AHTU's text columns, checked as their page's form checks them
# (an encrypted field's length is the form's to check: the model stores any length).
FIR_TEXT_COLUMNS = ("io_name", "io_rank", "io_phone", "transferred_to_station", "ahtu_unit")


def _check_lengths(values: dict, model, columns) -> None:
    errors = {}
    for name in columns:
        model_field = model._meta.get_field(name)
        limit = getattr(model_field, "plain_max_length", None) or model_field.max_length
        if len(values.get(name) or "") > limit:
            errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
    if errors:
        raise ValidationError(errors)


STEP_COLUMN = {
    "register_fir": "fir_date",
    "register_zero_fir": "fir_date",
    "transfer": "transferred_on",
    "start_investigation": "investigation_started_on",
    "file_chargesheet": "chargesheet_on",
}


def _step(ctx: Context, fir: FIR, name: str, **data) -> FIR:
    fir = FIR.objects.get(pk=fir.pk)
    return _keyed(
        lambda: fir_services.fir_transition(
            actor=ctx.actor,
            fir=fir,
            transition=name,
            expected_version=fir.version,
            data=data,
            note=_("Imported from a file."),
        ),
        STEP_COLUMN[name],
    )


def _keyed(call: Callable, column: str):
    """A refusal not tied to a field of the row (a step's condition, a section) is shown on `column`."""
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(
                {
                    ("" if key == "__all__" else {"number": column}.get(key, key)): msgs
                    for key, msgs in exc.message_dict.items()
                }
            ) from None
        raise ValidationError({column: exc.messages}) from None


def record_accused(ctx: Context, values: dict) -> tuple[Case, int]:
    _case, fir_id = values["fir_ref"]
    fir = FIR.objects.get(pk=fir_id)
    link = accused_services.accused_record(
        actor=ctx.actor,
        case=fir.case,
        names=values.get("names", []),
        aliases=values.get("aliases", []),
        phones=values.get("phones", []),
        role=values.get("role", ""),
    )
    named = values.get("named_in_fir")
    on_fir = fir_services.fir_accused_add(
        actor=ctx.actor, fir=fir, accused=link.accused, named_in_fir=True if named is None else named
    )
    # "no" and empty cells are what the record holds already: only what happened is passed.
    arrest = {name: values[name] for name in ARREST_COLUMNS if values.get(name)}
    if arrest:
        # The arrest and bail as the FIR page's arrest form records them: the service checks the order
        # of the days (not before the offence, a remand after the arrest, a decision after the
        # application) and the engine opens the arrest's clocks: production before a magistrate
        # (BNSS 58) until a remand is recorded, then the default-bail clock from the first remand
        # (BNSS 187(3) / CrPC 167(2)), none once the FIR's police report is in.
        fir_services.fir_accused_update(actor=ctx.actor, link=on_fir, expected_version=on_fir.version, **arrest)
    return fir.case, link.accused_id


# The columns of the accused's arrest and bail on the FIR, named as fir_accused_update's arguments
# (its refusals land on them as they are).
# named_in_fir has a column of its own; the arrest's time is not imported (docs/import.md).
ARREST_COLUMNS = tuple(f for f in fir_services.ARREST_FIELDS if f not in ("named_in_fir", "arrested_at_time"))


@dataclass(frozen=True)
class Recorder:
    kind: Kind
    record: Callable[[Context, dict], tuple[Case, int]]


CASES = Kind(
    key="cases",
    label=gettext_lazy("Cases"),
    ref="case_ref",
    links={},
    columns=(
        Column(
            "case_ref",
            gettext_lazy("Your own reference of the case (unique in your organisation)."),
            "KOL-2019-014",
            True,
        ),
        Column(
            "full_name",
            gettext_lazy(
                "Her name (required unless a pseudonym is given: then the pseudonym is recorded as her name)."
            ),
            "Asha Demo",
        ),
        Column("pseudonym", gettext_lazy("The name used for her in reports."), "A-14"),
        Column("sex", gettext_lazy("Sex or gender (female when empty)."), "female", parse=choice_of(Sex)),
        Column("date_of_birth", gettext_lazy("Her date of birth, if known."), "2004-06-01", parse=as_date),
        Column(
            "estimated_age",
            gettext_lazy("Her age in years when the case was opened, if the date of birth is not known."),
            "17",
            parse=as_number,
        ),
        Column(
            "age_basis",
            gettext_lazy("How her age is known (required with an age or a date of birth)."),
            "self_reported",
            parse=choice_of(AgeBasis),
        ),
        Column("phone_numbers", gettext_lazy("Her phone numbers."), "98300 00000", parse=as_list),
        Column("origin_state", gettext_lazy("State she comes from."), "WB", parse=as_state),
        Column(
            "origin_district",
            gettext_lazy("District she comes from (in the state of origin)."),
            "South 24 Parganas",
            parse=as_district,
        ),
        Column("origin_village", gettext_lazy("Village or town she comes from."), "Demo village"),
        Column("source_state", gettext_lazy("State she was trafficked from."), "WB", parse=as_state),
        Column(
            "source_district", gettext_lazy("District she was trafficked from."), "South 24 Parganas", parse=as_district
        ),
        Column("destination_state", gettext_lazy("State she was taken to."), "MH", parse=as_state),
        Column("destination_district", gettext_lazy("District she was taken to."), "Pune", parse=as_district),
        Column("destination_place", gettext_lazy("Place she was taken to."), "Demo locality"),
        Column("left_home_on", gettext_lazy("The day she left home."), "2019-02-01", parse=as_date),
        Column(
            "trafficked_on",
            gettext_lazy("The day she was trafficked (not before she left home)."),
            "2019-02-03",
            parse=as_date,
        ),
        Column(
            "exploitation_forms",
            gettext_lazy("Forms of exploitation, by code."),
            "sexual_exploitation",
            True,
            parse=codes_of(ExploitationForm),
            format=gettext_lazy("codes separated by ;"),
        ),
        Column(
            "recruitment_means",
            gettext_lazy("How she was recruited, by code."),
            "false_job_offer",
            parse=codes_of(RecruitmentMeans),
            format=gettext_lazy("codes separated by ;"),
        ),
        Column("risk_level", gettext_lazy("Risk level (medium when empty)."), "medium", parse=choice_of(RiskLevel)),
        Column("narrative", gettext_lazy("What happened, in a few lines."), ""),
        Column(
            "opened_on",
            gettext_lazy("The day the case was opened on paper (today when empty)."),
            "2019-03-10",
            parse=as_date,
        ),
        Column(
            "rescued_on",
            gettext_lazy("The day she was rescued or escaped (empty if not known yet)."),
            "2019-03-09",
            parse=as_date,
        ),
        Column(
            "rescue_state",
            gettext_lazy("State where she was rescued (required with a rescue date)."),
            "MH",
            parse=as_state,
        ),
        Column("rescue_district", gettext_lazy("District where she was rescued."), "Pune", parse=as_district),
        Column("rescue_place", gettext_lazy("Locality or establishment of the rescue."), ""),
        Column(
            "rescue_agency",
            gettext_lazy("Who rescued her (required with a rescue date)."),
            "ahtu",
            parse=choice_of(Rescue.Agency),
        ),
        Column("rescue_agency_detail", gettext_lazy("Unit or office that rescued her."), "AHTU Pune"),
        Column(
            "lead_caseworker",
            gettext_lazy("Username of the caseworker who leads the case: an active member of your organisation."),
            "cw_wb",
            True,
        ),
    ),
)

# The link of a FIR, a court case or a claim to its case: one column, declared once.
CASE_REF = Column(
    "case_ref",
    gettext_lazy("The case it belongs to: a case_ref of the Cases sheet, or of a case imported before."),
    "KOL-2019-014",
    True,
)

FIRS = Kind(
    key="firs",
    label=gettext_lazy("FIRs"),
    ref="fir_ref",
    links={"case_ref": "cases"},
    columns=(
        Column(
            "fir_ref",
            gettext_lazy("Your own reference of the police case (unique in your organisation)."),
            "KOL-2019-014-F1",
            True,
        ),
        CASE_REF,
        Column("state", gettext_lazy("State of the police station."), "MH", True, parse=as_state),
        Column("district", gettext_lazy("District of the police station."), "Pune", parse=as_district),
        Column("police_station", gettext_lazy("The police station."), "Faraskhana PS", True),
        Column(
            "chain_role",
            gettext_lazy(
                "Where the station is on her way: source, transit or destination "
                "(when empty: read from the case's states)."
            ),
            "destination",
            parse=choice_of(ChainRole),
        ),
        Column(
            "reported_on",
            gettext_lazy("The day the complaint was made (today when empty)."),
            "2019-03-09",
            parse=as_date,
        ),
        Column(
            "offence_on",
            gettext_lazy("The day of the offence (the case's trafficking date when empty)."),
            "2019-02-03",
            parse=as_date,
        ),
        Column("zero_fir", gettext_lazy("yes if registered as a zero FIR."), "no", parse=as_yes_no),
        Column("fir_number", gettext_lazy("FIR number (with fir_date: the FIR is registered)."), "123/2019"),
        Column("fir_date", gettext_lazy("The day the FIR was registered."), "2019-03-10", parse=as_date),
        Column(
            "transferred_to_state",
            gettext_lazy("A zero FIR: the state of the police station it was transferred to."),
            "",
            parse=as_state,
        ),
        Column(
            "transferred_to_station",
            gettext_lazy("A zero FIR: the police station it was transferred to, which investigates it."),
            "",
        ),
        Column(
            "transferred_on",
            gettext_lazy(
                "A zero FIR: the day it was transferred (with the two columns before: the transfer is recorded)."
            ),
            "",
            parse=as_date,
        ),
        Column(
            "sections",
            gettext_lazy("Sections charged, each as the act's code and the number."),
            "IPC 370; ITPA 5",
            parse=as_sections,
            format=gettext_lazy("act and section, separated by ;"),
        ),
        Column(
            "investigation_started_on",
            gettext_lazy(
                "The day the investigation began (when empty and a chargesheet is given: the FIR date, "
                "or the transfer date of a zero FIR)."
            ),
            "2019-03-11",
            parse=as_date,
        ),
        Column("io_name", gettext_lazy("The investigating officer's name."), "Demo Patil"),
        Column("io_rank", gettext_lazy("The investigating officer's rank."), "Sub-Inspector"),
        Column("io_phone", gettext_lazy("The investigating officer's phone number."), "90000 30001"),
        Column(
            "ahtu_unit",
            gettext_lazy("The Anti-Human Trafficking Unit the investigation was handed to, if it was."),
            "AHTU Pune",
        ),
        Column(
            "ahtu_transferred_on",
            gettext_lazy("The day the investigation was handed to that unit (not before the FIR)."),
            "2019-03-15",
            parse=as_date,
        ),
        Column("chargesheet_on", gettext_lazy("The day the chargesheet was filed."), "2019-05-20", parse=as_date),
        Column("chargesheet_number", gettext_lazy("Chargesheet number."), "45/2019"),
    ),
)

ACCUSED = Kind(
    key="accused",
    label=gettext_lazy("Accused"),
    ref="accused_ref",
    links={"fir_ref": "firs"},
    columns=(
        Column(
            "accused_ref",
            gettext_lazy("Your own reference of this accused person on this FIR."),
            "KOL-2019-014-A1",
            True,
        ),
        Column(
            "fir_ref",
            gettext_lazy("The FIR: a fir_ref of the FIRs sheet, or of a FIR imported before."),
            "KOL-2019-014-F1",
            True,
        ),
        Column(
            "names",
            gettext_lazy("Names of the person (a name or an alias is required)."),
            "Raju Demowala",
            parse=as_list,
        ),
        Column("aliases", gettext_lazy("Aliases."), "Raju Demo", parse=as_list),
        Column("phones", gettext_lazy("Phone numbers."), "90000 20001", parse=as_list),
        Column("role", gettext_lazy("The part the person played."), "recruiter", True, parse=choice_of(AccusedRole)),
        Column("named_in_fir", gettext_lazy("yes if named in the FIR (yes when empty)."), "yes", parse=as_yes_no),
        Column(
            "arrested_on",
            gettext_lazy("The day the person was arrested on this FIR (not before the offence)."),
            "2019-03-10",
            parse=as_date,
        ),
        Column(
            "remanded_on",
            gettext_lazy(
                "The day a magistrate first remanded the person (not before the arrest): "
                "the default-bail period runs from it."
            ),
            "2019-03-11",
            parse=as_date,
        ),
        Column(
            "custody",
            gettext_lazy("Custody now: police or judicial (empty: not in custody)."),
            "",
            parse=choice_of(_given(Custody)),
        ),
        Column(
            "released_without_charge",
            gettext_lazy("yes if released without charge."),
            "no",
            parse=as_yes_no,
        ),
        Column(
            "bail_status",
            gettext_lazy("Bail during the investigation: applied, granted, rejected or cancelled (with its date)."),
            "granted",
            parse=choice_of(_given(BailStatus)),
        ),
        Column("bail_applied_on", gettext_lazy("The day bail was applied for."), "2019-04-01", parse=as_date),
        Column(
            "bail_granted_on",
            gettext_lazy("The day bail was granted (not before the application)."),
            "2019-04-20",
            parse=as_date,
        ),
        Column(
            "bail_rejected_on",
            gettext_lazy("The day bail was rejected (not before the application)."),
            "",
            parse=as_date,
        ),
        Column(
            "bail_cancelled_on", gettext_lazy("The day bail was cancelled (not before the grant)."), "", parse=as_date
        ),
        Column(
            "default_bail",
            gettext_lazy("yes if bail was granted because no chargesheet was filed in time (bail_status granted)."),
            "no",
            parse=as_yes_no,
        ),
        Column(
            "absconding", gettext_lazy("yes if the person is absconding (not with custody)."), "no", parse=as_yes_no
        ),
    ),
)
