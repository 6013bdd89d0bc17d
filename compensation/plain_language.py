"""Plain-language stage texts for the survivor's own view (groundwork for issue 23).

For every stage of every workflow her case can be in (the FIR's investigation, the court case,
the compensation claim, her repatriation and a referral to another organisation), two short
sentences addressed to her: `now` (where it stands) and `next` (what happens next). They state
only what the law or the stage itself guarantees; a deadline appears only where the law sets one.
The texts cite nothing themselves; the comment beside each legal statement names its source
(the project's "law is cited" rule). Where a child's path differs (the Child Welfare Committee,
a deposit kept until she is 18), `MINOR` holds the variant.

Reading level: short sentences (about 20 words at most), everyday words, a legal term only with
its meaning in brackets. Nothing names the subject matter of the case: the page may be read over
her shoulder.

Why here: the texts need the workflow specs of legal (investigation, court), care (repatriation),
referrals and compensation. Compensation is the lowest layer that may import all of them
(.importlinter); survivors sits below cases and may import none.

`WORKFLOWS` reads each workflow's stages from its model's stage field (the real choices, never
a copied list), so a stage added without a text fails tests/survivors/test_plain_language.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from care.workflow import SPEC as REPATRIATION
from core.workflow import WorkflowSpec
from legal.court.workflow import COURT
from legal.investigation.workflow import INVESTIGATION
from referrals.models import Referral

from .workflow import SPEC as COMPENSATION


@dataclass(frozen=True)
class PlainText:
    """What her page says about one stage: where it stands, and what happens next."""

    now: Promise
    next: Promise


@dataclass(frozen=True)
class Workflow:
    """A workflow her case can be in: its key and its model, whose stage field lists the states."""

    key: str
    model: type[models.Model]

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(str(value) for value, _label in self.model._meta.get_field("stage").flatchoices)


def _from_spec(spec: WorkflowSpec) -> Workflow:
    return Workflow(key=spec.name, model=spec.model)


# Every WorkflowSpec a survivor's case can be in, and the referral (a django-fsm stage without a
# spec: the request for a service from another organisation, or the handover of her case).
WORKFLOWS: tuple[Workflow, ...] = (
    _from_spec(INVESTIGATION),
    _from_spec(COURT),
    _from_spec(COMPENSATION),
    _from_spec(REPATRIATION),
    Workflow(key="referral", model=Referral),
)

T = PlainText

TEXTS: dict[str, dict[str, PlainText]] = {
    INVESTIGATION.name: {
        "reported": T(
            _("The police have been told what happened to you."),
            # BNSS s.173(1) (CrPC s.154(1)): information of a cognizable offence is reduced to writing.
            _("The police must write it down as an FIR (First Information Report, the police's written record)."),
        ),
        "rescued": T(
            _("You are now with people from a support organisation. They are helping you."),
            # BNSS s.173(1) (CrPC s.154(1)).
            _("The police must write down what happened as an FIR (First Information Report, their written record)."),
        ),
        "fir_registered": T(
            _("The police have registered your complaint (the FIR)."),
            # BNSS s.175-176 (investigation of a cognizable offence); s.173(2) (CrPC s.154(2)):
            # a copy of the FIR free of cost to the informant or the victim.
            _("The police will now investigate. You have the right to a free copy of the FIR."),
        ),
        "zero_fir": T(
            # BNSS s.173(1): the FIR is registered irrespective of the area where the offence happened.
            _("A police station from another area registered your complaint. This is called a Zero FIR."),
            # Transfer to the station with jurisdiction: consortium practice (BNSS s.173(1) sets no
            # procedure for it).
            _("It will send the FIR to the police station of the right area. That station will investigate."),
        ),
        "transferred": T(
            _("Your FIR has been sent to the police station of the right area."),
            # BNSS s.175-176 (investigation by the station with jurisdiction).
            _("The police there will now investigate your complaint."),
        ),
        "under_investigation": T(
            _("The police are investigating your complaint."),
            # BNSS s.193(3)(ii): the police inform the victim of the progress within 90 days.
            # BNSS s.193(3)(i) (CrPC s.173(2)): the police report (chargesheet) goes to the magistrate.
            _("They must tell you how it is going within 90 days. Then they send their report to the court."),
        ),
        "chargesheet_filed": T(
            _("The police have finished investigating. They filed their report in court (the chargesheet)."),
            # BNSS s.210 (CrPC s.190): a magistrate takes cognizance upon a police report.
            _("The court will now decide whether to take up your case (this is called cognizance)."),
        ),
        "closure_report_filed": T(
            _("The police told the court they want to close your case. This is called a closure report."),
            # Bhagwant Singh v. Commissioner of Police (1985) 2 SCC 537: before accepting a closure
            # report the magistrate gives the informant notice and a hearing; a protest petition
            # is how the objection is made.
            _("The magistrate decides whether to accept it. You may object in writing (a protest petition)."),
        ),
        "closure_accepted": T(
            _("The court has accepted the police's report to close your case."),
            # BNSS s.193(9) (CrPC s.173(8)): further investigation remains possible after a report.
            _("The police may still investigate again if new facts come to light."),
        ),
        "protest_petition": T(
            _("A written objection to closing your case was filed (a protest petition)."),
            # Bhagwant Singh v. Commissioner of Police (1985) 2 SCC 537; BNSS s.193(9) (further
            # investigation); BNSS s.210(1)(a) (CrPC s.190(1)(a)): cognizance upon a complaint.
            _("The magistrate will hear it. The magistrate may order more investigation or treat it as a complaint."),
        ),
        "complaint_case": T(
            _("The magistrate has taken the objection as a complaint. The court will hear it directly."),
            # BNSS s.223 (CrPC s.200): the complainant and witnesses are examined; BNSS s.226-227
            # (CrPC s.203-204): the complaint is dismissed or the accused is summoned.
            _("The magistrate will hear you and your witnesses. Then the magistrate decides whether to go ahead."),
        ),
        "further_investigation": T(
            _("The police have been asked to investigate your complaint further."),
            # BNSS s.193(9) (CrPC s.173(8)): a further report after further investigation.
            _("They will gather more facts. Then they send another report to the court."),
        ),
    },
    COURT.name: {
        "cognizance": T(
            _("The court has taken up your case (this is called cognizance)."),
            # BNSS s.227 (CrPC s.204): issue of process to the accused.
            _("The court will order the accused (the person charged) to come to court."),
        ),
        "appearance": T(
            _("The accused has come before the court."),
            # BNSS s.230: copies of the police report and documents to the accused, and to the
            # victim represented by an advocate, within 14 days of the accused's appearance.
            _("The accused gets copies of the police papers within 14 days. If you have a lawyer, you get them too."),
        ),
        "copies_supplied": T(
            _("The accused has received copies of the police papers."),
            # BNSS s.232 (committal to the Court of Session); s.250-251 and s.262-263 (charge).
            _("Next, the judge hears both sides on the charges, or sends your case to a higher court."),
        ),
        "committed": T(
            _("Your case has been sent to a higher court, the Sessions Court."),
            # BNSS s.250-251 (CrPC s.227-228): discharge or framing of charge in a Court of Session.
            _("That court will hear both sides. Then it decides what the accused must answer for."),
        ),
        "discharge_hearing": T(
            _("In your case, the judge is hearing both sides on the charges."),
            # BNSS s.250-251, s.262-263 (CrPC s.227-228, s.239-240): discharge or charge.
            _("The judge will state the charges, or let the accused go (this is called discharge)."),
        ),
        "charges_framed": T(
            _("The judge has stated the charges the accused must answer."),
            # BNSS s.254 and s.265 (CrPC s.231 and s.242): evidence for the prosecution.
            _("The trial now starts. The government's lawyer will call witnesses. You may be one of them."),
        ),
        "prosecution_evidence": T(
            _("The court is hearing the witnesses of the government's lawyer. You may be one of them."),
            # BNSS s.63-64 (CrPC s.61-62): a witness is called by summons; BNSS s.351 (CrPC s.313):
            # the accused is examined after the prosecution's evidence.
            _("If you must come, you get a summons (an order to attend). Then the judge questions the accused."),
        ),
        "accused_statement": T(
            _("The judge is asking the accused about the evidence in your case."),
            # BNSS s.256 and s.266 (CrPC s.233 and s.243): evidence for the defence.
            _("Next, the accused may bring their own witnesses."),
        ),
        "defence_evidence": T(
            _("In your case, the accused is now bringing their own witnesses."),
            # BNSS s.256-257 (CrPC s.233-234): arguments after the defence evidence.
            _("After this, the lawyers on both sides make their last arguments."),
        ),
        "final_arguments": T(
            _("In your case, the lawyers on both sides are making their last arguments."),
            # BNSS s.258(1): judgment within 30 days of the end of arguments, extendable to 45.
            _("Then the judge decides. The law says within 30 days, or at most 45 days."),
        ),
        "judgment_reserved": T(
            _("The arguments in your case are over. The judge is writing the decision (the judgment)."),
            # BNSS s.258(1): judgment within 30 days of the end of arguments, extendable to 45.
            _("The judge will give it in court. The law says within 30 days, or at most 45 days."),
        ),
        "judgment": T(
            _("The judge has given the decision (the judgment)."),
            # BNSS s.258(2) (CrPC s.235(2)): hearing on sentence after a conviction; BNSS s.413
            # proviso (CrPC s.372 proviso): the victim's right to appeal an acquittal.
            _("If the accused is found guilty, the punishment is decided next. If not, you have the right to appeal."),
        ),
        "sentence_hearing": T(
            _("In your case, the accused was found guilty. The judge is hearing both sides on the punishment."),
            # BNSS s.258(2) (CrPC s.235(2)).
            _("Then the judge will decide the punishment (the sentence)."),
        ),
        "sentenced": T(
            _("The judge has decided the punishment (the sentence)."),
            # BNSS s.415 (CrPC s.374): appeal from a conviction; BNSS s.396(3) (CrPC s.357A(3)):
            # the trial court may recommend compensation.
            _("The accused may appeal to a higher court. The court may also recommend compensation for you."),
        ),
        "appeal": T(
            _("A higher court is looking at the decision in your case again (an appeal)."),
            # BNSS s.427 (CrPC s.386): the appellate court may confirm, alter or reverse.
            _("That court will hear both sides. It may keep, change or cancel the decision."),
        ),
        "stayed": T(
            _("A higher court has paused your case for now (a stay)."),
            # BNSS s.528 (CrPC s.482) and Constitution Art. 226-227: the High Court's order governs.
            _("The case waits until that court decides. Then it goes on or ends as that court orders."),
        ),
        "transferred": T(
            _("Your case has been moved to another court."),
            # BNSS s.446-448 (CrPC s.406-408): transfer of criminal cases.
            _("That court will now hear your case."),
        ),
        "withdrawn": T(
            _("The government's lawyer withdrew the case, with the court's permission."),
            # BNSS s.360 (CrPC s.321): withdrawal leads to discharge or acquittal of the accused.
            _("The accused is released from those charges. Your caseworker can explain what you can still do."),
        ),
    },
    COMPENSATION.name: {
        "screened": T(
            _("Your caseworker checked that you can ask for compensation (money the law gives victims of crime)."),
            # Documents for an application: NALSA Compensation Scheme 2018 (application form and
            # its enclosures) and consortium practice.
            _("Next, the papers for your claim are collected, such as the FIR and your bank account details."),
        ),
        "documents_ready": T(
            _("The papers for your compensation claim are ready."),
            # BNSS s.396(4) (CrPC s.357A(4)): the victim applies to the State or District Legal
            # Services Authority.
            _("The claim will go to the Legal Services Authority (the office that decides compensation)."),
        ),
        "applied": T(
            _("Your claim has been sent to the Legal Services Authority."),
            # BNSS s.396(5) (CrPC s.357A(5)): the inquiry is completed within two months.
            _("The Authority looks into it. The law gives it two months to decide."),
        ),
        "interim_relief": T(
            _("Some money has been asked for you now, before the full decision (interim relief)."),
            # Interim compensation: NALSA Compensation Scheme 2018 (interim compensation);
            # POCSO Rules 2020 r.9(1); first aid and medical help free at once: BNSS s.396(6).
            _("The Authority may give some money first. It then decides the full claim."),
        ),
        "under_inquiry": T(
            _("The Legal Services Authority is looking into your claim."),
            # BNSS s.396(5) (CrPC s.357A(5)): the inquiry is completed within two months.
            _("The law gives it two months to decide. It may ask for more papers."),
        ),
        "awarded": T(
            _("You have been given compensation (this is called an award)."),
            # Payment to her bank account and deposit of a share: NALSA Compensation Scheme 2018
            # (deposit of the award; compensation/reference.py fd_share_percent, per scheme).
            _("The money is paid into your bank account. Part of it may be kept in a bank deposit for some years."),
        ),
        "rejected": T(
            _("The Authority has said no to your claim."),
            # Appeal to the State Legal Services Authority: NALSA Compensation Scheme 2018 and the
            # state's victim compensation scheme (e.g. West Bengal Victim Compensation Scheme 2017).
            _("You may be able to appeal against this decision. Your caseworker or lawyer can explain how."),
        ),
        "appeal": T(
            _("Your appeal is with the State Legal Services Authority."),
            # NALSA Compensation Scheme 2018; the state's victim compensation scheme (appeal).
            _("It will look at your claim again and decide."),
        ),
        "high_court_writ": T(
            _("Your claim has been taken to the High Court (a writ petition)."),
            # Constitution of India, Art. 226.
            _("The High Court will hear it and decide."),
        ),
        "payment_pending": T(
            _("You have been given compensation, but the money has not been paid yet."),
            # BNSS s.396(1) (CrPC s.357A(1)): the State's fund for victim compensation.
            _("The state pays it from its victim compensation fund."),
        ),
        "partly_disbursed": T(
            _("Part of your compensation has been paid."),
            # NALSA Compensation Scheme 2018 (payment and deposit of the award).
            _("The rest is still due. It may be paid later or kept in a bank deposit."),
        ),
        "disbursed": T(
            _("All of your compensation has been paid."),
            # NALSA Compensation Scheme 2018 (deposit of the award: paid out when it matures).
            _("If part of it is in a bank deposit, you get it when the deposit ends."),
        ),
        "closed": T(
            _("Your compensation claim is closed."),
            # Consortium practice (the claim's closure reason is on the record).
            _("Nothing more will happen on this claim. Your caseworker can tell you why it was closed."),
        ),
        "lapsed": T(
            _("The time for you to ask for this compensation has passed."),
            # NALSA Compensation Scheme 2018 (limitation: delay may be condoned for good reason).
            _("The Authority may still accept a late claim if there was a good reason for the delay."),
        ),
    },
    REPATRIATION.name: {
        "requested": T(
            _("A request has been made for you to go back to your home state."),
            # Consortium practice (a handover between organisations, care/workflow.py).
            _("The organisation in your home area will answer the request."),
        ),
        "accepted": T(
            _("The organisation in your home area has agreed to help you there."),
            # Consortium practice.
            _("Your journey home will now be planned."),
        ),
        "travel_arranged": T(
            _("Your journey home has been arranged."),
            # Consortium practice.
            _("On the day, you will be handed over to the organisation in your home area."),
        ),
        "handed_over": T(
            _("You have been handed over to the organisation in your home area."),
            # Consortium practice (the receiving organisation acknowledges the arrival).
            _("They will confirm that you have arrived."),
        ),
        "arrival_acknowledged": T(
            _("Your arrival home has been confirmed."),
            # Consortium practice (the rehabilitation plan continues with the receiving organisation).
            _("The organisation there will keep helping you with your support plan."),
        ),
        "refused": T(
            _("The request for you to go home was not accepted."),
            # Consortium practice.
            _("Your caseworker will talk with you about other choices."),
        ),
        "cancelled": T(
            _("The plan for you to go home has been stopped."),
            # Consortium practice.
            _("You stay where you are for now. Your caseworker will talk with you about what comes next."),
        ),
    },
    "referral": {
        "sent": T(
            _("Your caseworker has asked another organisation to help you."),
            # Consortium practice (referrals app).
            _("That organisation will say whether it can help."),
        ),
        "accepted": T(
            _("The other organisation has agreed to help you."),
            # Consortium practice.
            _("They will get in touch with you or your caseworker about the help."),
        ),
        "closed": T(
            _("The other organisation has finished its help."),
            # Consortium practice (the referral closes with its outcome recorded).
            _("Your caseworker keeps a note of the help you received."),
        ),
        "acknowledged": T(
            _("Another organisation now leads the work on your case."),
            # Consortium practice (transfer of lead).
            _("A caseworker there now looks after your case."),
        ),
        "declined": T(
            _("The other organisation cannot help this time."),
            # Consortium practice.
            _("Your caseworker will look for other help."),
        ),
        "withdrawn": T(
            _("Your caseworker cancelled the request to the other organisation."),
            # Consortium practice.
            _("The help you get now does not change."),
        ),
        "expired": T(
            _("The other organisation did not answer the request in time."),
            # Consortium practice.
            _("Your caseworker will look for other help."),
        ),
    },
}

# A child's variants (she is under 18), where her path differs from an adult's.
MINOR: dict[str, dict[str, PlainText]] = {
    INVESTIGATION.name: {
        "rescued": T(
            _("You are now with people from a support organisation. They are helping you."),
            # JJ Act 2015 s.31(1): a child in need of care and protection is produced before the
            # Child Welfare Committee within 24 hours, excluding the journey.
            _("Within 24 hours you must be taken to the Child Welfare Committee (CWC). It decides on your care."),
        ),
    },
    COMPENSATION.name: {
        "awarded": T(
            _("You have been given compensation (this is called an award)."),
            # NALSA Compensation Scheme 2018 (deposit of a minor's award until majority;
            # compensation/reference.py fd_share_percent_minor, per scheme).
            _("The money is paid into a bank account. Much of it may be kept in a bank deposit until you are 18."),
        ),
    },
    REPATRIATION.name: {
        "requested": T(
            _("A request has been made for you to go back to your home state."),
            # JJ Act 2015 s.95: the Child Welfare Committee transfers the child to the Committee
            # of her home district.
            _("The Child Welfare Committee (CWC) decides on sending you to the CWC of your home district."),
        ),
        "handed_over": T(
            _("You have been handed over to the organisation in your home area."),
            # JJ Act 2015 s.95: the child is produced before the Committee of her home district.
            _("You will be taken to the Child Welfare Committee (CWC) of your home district."),
        ),
    },
}


def workflow(key: str) -> Workflow:
    """The workflow with this key; LookupError for an unknown one."""
    for flow in WORKFLOWS:
        if flow.key == key:
            return flow
    raise LookupError(f"no plain-language texts for workflow {key!r}")


def stage_text(workflow_key: str, state: str, *, minor: bool = False) -> PlainText:
    """The two sentences for her page at this stage (a child's variant where one exists).

    Raises LookupError for a workflow or a state that has no text (a programming error: the
    tests hold every state of every workflow to a text)."""
    if minor:
        variant = MINOR.get(workflow_key, {}).get(state)
        if variant is not None:
            return variant
    try:
        return TEXTS[workflow_key][state]
    except KeyError:
        raise LookupError(f"no plain-language text for {workflow_key!r} stage {state!r}") from None


def missing() -> list[tuple[str, str]]:
    """The (workflow, state) pairs of the real workflows that have no text."""
    return [(flow.key, state) for flow in WORKFLOWS for state in flow.states if state not in TEXTS.get(flow.key, {})]
