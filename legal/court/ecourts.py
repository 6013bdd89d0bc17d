"""eCourts "stage of case": free text as each court's staff type it ("For Charge", "EVIDENCE",
"Judgement", "Appearance of Accused"). Nyaya keeps the text as written and maps it to a
trial stage through a table of phrases (EcourtsStagePhrase, reference data administrators
extend in the Django admin). Text no phrase matches is kept and flagged, never refused.

Matching: the text is normalised (lower case, punctuation to spaces, "judgement" spelt
"judgment"); an exact phrase wins, else the longest phrase found in it as whole words.
"""

import re

# phrase -> stage. Loaded by a data migration; the admin may add more.
PHRASES = {
    "cognizance": "cognizance",
    "for cognizance": "cognizance",
    "taken on file": "cognizance",
    "registration": "cognizance",
    "fresh": "cognizance",
    "appearance": "appearance",
    "for appearance": "appearance",
    "appearance of accused": "appearance",
    "for appearance of accused": "appearance",
    "summons": "appearance",
    "warrant": "appearance",
    "nbw": "appearance",
    "process": "appearance",
    "for production of accused": "appearance",
    "copies": "copies_supplied",
    "supply of copies": "copies_supplied",
    "for supply of copies": "copies_supplied",
    "compliance of section 207": "copies_supplied",
    "207 crpc": "copies_supplied",
    "230 bnss": "copies_supplied",
    "hearing on sentence": "sentence_hearing",
    "for hearing on sentence": "sentence_hearing",
    "for sentence": "sentence_hearing",
    "question of sentence": "sentence_hearing",
    "sentence": "sentenced",
    "committal": "committed",
    "for committal": "committed",
    "committed": "committed",
    "charge": "discharge_hearing",
    "for charge": "discharge_hearing",
    "hearing on charge": "discharge_hearing",
    "consideration of charge": "discharge_hearing",
    "framing of charge": "discharge_hearing",
    "for framing of charge": "discharge_hearing",
    "discharge": "discharge_hearing",
    "discharge petition": "discharge_hearing",
    "charge framed": "charges_framed",
    "charges framed": "charges_framed",
    "after charge": "charges_framed",
    "plea": "charges_framed",
    "evidence": "prosecution_evidence",
    "for evidence": "prosecution_evidence",
    "prosecution evidence": "prosecution_evidence",
    "evidence of prosecution": "prosecution_evidence",
    "p w": "prosecution_evidence",
    "pw evidence": "prosecution_evidence",
    "313": "accused_statement",
    "313 crpc": "accused_statement",
    "351 bnss": "accused_statement",
    "statement of accused": "accused_statement",
    "examination of accused": "accused_statement",
    "defence evidence": "defence_evidence",
    "for defence evidence": "defence_evidence",
    "d w": "defence_evidence",
    "arguments": "final_arguments",
    "argument": "final_arguments",
    "final arguments": "final_arguments",
    "for arguments": "final_arguments",
    "final hearing": "final_arguments",
    "judgment": "judgment_reserved",
    "for judgment": "judgment_reserved",
    "reserved for judgment": "judgment_reserved",
    "orders": "judgment_reserved",
    "for orders": "judgment_reserved",
    "judgment delivered": "judgment",
    "judgment pronounced": "judgment",
    "disposed": "judgment",
    "disposed of": "judgment",
    "convicted": "judgment",
    "acquitted": "judgment",
    "stayed": "stayed",
    "stay": "stayed",
    "proceedings stayed": "stayed",
    "transferred": "transferred",
    "transfer": "transferred",
    "withdrawn": "withdrawn",
    "withdrawal": "withdrawn",
    "appeal": "appeal",
    "revision": "appeal",
}

_SPELLINGS = {"judgement": "judgment", "judgements": "judgment", "defense": "defence", "cognisance": "cognizance"}


def normalise(text: str) -> str:
    words = re.sub(r"[^0-9a-z]+", " ", (text or "").casefold()).split()
    return " ".join(_SPELLINGS.get(word, word) for word in words)


def map_stage(text: str, phrases: dict[str, str] | None = None) -> str | None:
    """The stage an eCourts phrase means, or None when no phrase matches (the text is flagged)."""
    if phrases is None:
        from legal.models import EcourtsStagePhrase

        phrases = dict(EcourtsStagePhrase.objects.values_list("phrase", "stage"))
    wanted = normalise(text)
    if not wanted:
        return None
    if wanted in phrases:
        return phrases[wanted]
    padded = f" {wanted} "
    found = [(len(phrase), phrase) for phrase in phrases if phrase and f" {phrase} " in padded]
    if not found:
        return None
    return phrases[max(found)[1]]


def load_phrases(phrase_model) -> int:
    """Add the shipped phrases that are missing (an administrator's edits are kept)."""
    created = 0
    for phrase, stage in PHRASES.items():
        _obj, was_created = phrase_model.objects.get_or_create(phrase=normalise(phrase), defaults={"stage": stage})
        created += was_created
    return created
