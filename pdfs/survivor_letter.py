"""A letter to the survivor in her language (English, Hindi or Bengali): what happened in her
case and what comes next, in the survivor-update sentences (cases.survivor_messages) read from
the record: her recent major events, how much of any award is paid and still due, the last hearing
and the next date. Plain words, large type, one or two pages. Dates as "30 Nov 2027" with the
month in her language.
"""

from django.utils import timezone
from django.utils.translation import gettext_noop

from core.dates import day_text

from .base import Built, Progress, build_pdf, no_progress, para, rich, spacer, styles

KIND_LABEL = "Letter"
LETTER_LANGUAGES = ("en", "hi", "bn")
RECENT_EVENTS = 4

TEXT = {
    "en": {
        "title": "About your case",
        "dear": "Dear {name},",
        "intro": "We are writing to tell you how your case stands today and what comes next.",
        "happened": "What has happened",
        "next": "What comes next",
        "closing": "We are with you at every step.",
        "signed": "On behalf of {org}",
        "reference": "Your case number",
        "date": "Date",
        "private": "This letter is only for you. Keep it in a safe place.",
    },
    "hi": {
        "title": "आपके केस के बारे में",
        "dear": "प्रिय {name},",
        "intro": "हम आपको बताना चाहते हैं कि आज आपका केस कहाँ पहुँचा है और आगे क्या होगा।",
        "happened": "अब तक क्या हुआ",
        "next": "आगे क्या होगा",
        "closing": "हर कदम पर हम आपके साथ हैं।",
        "signed": "{org} की ओर से",
        "reference": "आपका केस नंबर",
        "date": "तारीख़",
        "private": "यह पत्र केवल आपके लिए है। इसे किसी सुरक्षित जगह पर रखें।",
    },
    "bn": {
        "title": "আপনার মামলা সম্পর্কে",
        "dear": "প্রিয় {name},",
        "intro": "আজ আপনার মামলা কোথায় দাঁড়িয়ে আছে এবং এরপর কী হবে, তা আপনাকে জানাতে এই চিঠি।",
        "happened": "এ পর্যন্ত কী হয়েছে",
        "next": "এরপর কী হবে",
        "closing": "প্রতিটি পদক্ষেপে আমরা আপনার পাশে আছি।",
        "signed": "{org} এর পক্ষ থেকে",  # a space: a word mixing scripts is shaped in one font
        "reference": "আপনার মামলার নম্বর",
        "date": "তারিখ",
        "private": "এই চিঠি শুধু আপনার জন্য। এটি নিরাপদ জায়গায় রাখুন।",
    },
}


def default_language(survivor) -> str:
    """Her preferred language if a letter can be written in it; else Hindi (as the drafts fall back)."""
    return survivor.preferred_language if survivor.preferred_language in LETTER_LANGUAGES else "hi"


def letter_context(case, language: str) -> dict:
    """Her recent major events (newest last) as the record states them now, the court dates and
    the next steps, as sentences.

    Each event is told once (its latest date). A payment's sentence already says what was awarded,
    so an award is not told again beside it; an award outside the recent events still has its
    payment state told, so the letter never leaves out how much is still due.
    """
    from cases.models import StageTransition
    from cases.survivor_messages import FACTS, event_sentences, hearing_sentences, major_event_code, money_sentences

    events: list[tuple[str, object]] = []
    seen = set()
    for transition in StageTransition.objects.filter(case=case).order_by("-effective_on", "-pk")[:200]:
        code = major_event_code(transition.workflow, transition.to_stage)
        if code and code not in seen:
            seen.add(code)
            events.append((code, transition.effective_on))
        if len(events) >= RECENT_EVENTS:
            break
    if "compensation_paid" in seen:
        events = [(code, on) for code, on in events if code != "compensation_awarded"]
    events.reverse()
    happened, last_happened = [], None
    for code, on in events:
        sentences, did_happen = event_sentences(code, language, case=case, on=on)
        happened.append(" ".join(sentences))
        if did_happen:
            last_happened = code
    if not seen & {"compensation_awarded", "compensation_paid"}:
        from compensation.selectors import claim_list_for_case

        for claim in claim_list_for_case(case):
            if claim.is_awarded:
                happened.append(" ".join(money_sentences(claim, language)))
    if not happened:
        happened.append(FACTS["following_up"].get(language) or FACTS["following_up"]["en"])
    coming = []
    court = hearing_sentences(case, language)
    if court:
        coming.append(" ".join(court))
    if last_happened and (step := _next_step(last_happened, language)):
        coming.append(step)
    coming.append(_next_step("general", language))
    return {"happened": happened, "coming": coming, "events": events}


def _next_step(event: str, language: str) -> str | None:
    from cases.survivor_messages import NEXT_STEPS

    steps = NEXT_STEPS.get(event)
    return steps.get(language, steps.get("en")) if steps else None


def build_survivor_letter(*, user, case, access, language: str, progress: Progress = no_progress) -> Built:
    if language not in LETTER_LANGUAGES:
        raise ValueError("Unsupported letter language.")
    st = styles()
    text = TEXT[language]
    progress(20, gettext_noop("Reading her recent events"))
    ctx = letter_context(case, language)
    survivor = case.survivor
    first_name = (survivor.full_name or "").split()[0] if survivor.full_name else survivor.pseudonym
    who = getattr(user, "display_name", "") or user.get_username()
    today = day_text(timezone.localdate(), language)

    progress(50, gettext_noop("Writing the letter"))
    head = st.letter.clone("letter_head", fontSize=11, leading=16, textColor="#52606d")
    heading = st.h2.clone("letter_h2", fontSize=14, leading=22, spaceBefore=12)
    story = [
        para(rich(case.lead_organisation.name, bold=True), head),
        para(rich(f"{text['date']}: {today}"), head),
        para(rich(f"{text['reference']}: {case.reference}"), head),
        spacer(6),
        para(rich(text["title"], bold=True), st.title.clone("letter_title", fontSize=20, leading=30)),
        spacer(2),
        para(rich(text["dear"].format(name=first_name)), st.letter),
        para(rich(text["intro"]), st.letter),
        para(rich(text["happened"], bold=True), heading),
    ]
    story += [para(rich(sentence), st.letter) for sentence in ctx["happened"]]
    story.append(para(rich(text["next"], bold=True), heading))
    story += [para(rich(sentence), st.letter) for sentence in ctx["coming"] if sentence]
    story += [
        spacer(4),
        para(rich(text["closing"]), st.letter),
        spacer(6),
        para(rich(who), st.letter),
        para(rich(text["signed"].format(org=case.lead_organisation.name)), st.letter),
        spacer(8),
        para(rich(text["private"]), st.notice.clone("letter_notice", fontSize=10, leading=15)),
    ]
    progress(75, gettext_noop("Laying out the page"))
    return build_pdf(
        story,
        title=f"Letter {case.reference}",
        reference=case.reference,
        kind_label=f"{KIND_LABEL} ({language})",
        footer="Nyaya",
    )
