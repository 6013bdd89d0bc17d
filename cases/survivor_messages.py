"""Drafts of what a caseworker tells the survivor after a major event, in her language.

The caseworker edits the draft before she records the update; these texts are a
starting point in plain words, never a script. Languages without a draft here fall
back to Hindi, then English.

Every sentence that states a fact about her case is built from the record as it
stands (`draft_message(..., case=case)`): a compensation payment says how much of the
award was paid and how much is still due, a hearing says whether it was adjourned and
to which date (or that no next date is fixed yet), a claim says with whom and when it
was filed. Where the record holds nothing, the draft says so rather than guessing. The
accused are never named. Dates read "30 Nov 2027" (the month in her language), amounts
"₹5,00,000" (Indian grouping).

Without a case (`case=None`, e.g. the demo's old updates) only the fixed texts in
DRAFTS are used, with the date given.

Event codes are the stages workflows reach (see MAJOR_EVENT_BY_STAGE) plus "general".
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from core.dates import day_text
from core.money import rupees

LANGUAGES = ("en", "hi", "bn")


@dataclass
class RecordReaders:
    """How the letters read the facts other apps own. legal (FIRs, arrests, court dates) and
    compensation (claims, payments) sit above the case hub: each fills these in when Django starts
    (its apps.py, from its `survivor_facts.py`), so the hub drafts her letter without importing
    them (issue 18). Unfilled, a letter says the record holds nothing of that kind."""

    # event code ("fir_registered", "arrest"...) -> case -> the latest day it happened, or None
    event_days: dict[str, Callable] = field(default_factory=dict)
    # (case, day) -> whether that app recorded something she must hear of on or after the day
    news_since: list[Callable] = field(default_factory=list)
    # case -> her compensation claims, with their scheme, authority and payments
    claims: Callable = lambda case: []
    # (case, language) -> the sentences about her last and next hearing; [] without a court case
    hearings: Callable = lambda case, language: []


READERS = RecordReaders()


def _pick(texts: dict, language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()))


def letter_language(language: str) -> str:
    return language if language in LANGUAGES else FALLBACK_LANGUAGES[0]


# Fixed texts, used as they are when no case is given (and for the events whose facts are
# only a date). {date}: when it happened; {next}: what comes next (NEXT_STEPS).
DRAFTS = {
    "general": {
        "en": "Here is where your case stands today. Nothing new has happened since we last spoke. "
        "We are following it up and will tell you as soon as something changes. {next}",
        "hi": "आज आपके केस की स्थिति यह है: पिछली बातचीत के बाद कुछ नया नहीं हुआ है। "
        "हम इस पर लगातार काम कर रहे हैं और कुछ भी बदलते ही आपको बताएँगे। {next}",
        "bn": "আজ আপনার মামলার অবস্থা এই: আমাদের শেষ কথার পর নতুন কিছু হয়নি। আমরা নিয়মিত খোঁজ রাখছি, কিছু বদলালেই আপনাকে জানাব। {next}",
    },
    "fir_registered": {
        "en": "The police registered your complaint (FIR) on {date}. An officer will investigate it. {next}",
        "hi": "पुलिस ने {date} को आपकी शिकायत (एफ़आईआर) दर्ज की। एक अधिकारी इसकी जाँच करेगा। {next}",
        "bn": "পুলিশ {date} তারিখে আপনার অভিযোগ (এফআইআর) নথিভুক্ত করেছে। একজন অফিসার তদন্ত করবেন। {next}",
    },
    "arrest": {
        "en": "The police arrested a person accused in your case on {date}. {next}",
        "hi": "पुलिस ने {date} को आपके केस के एक आरोपी को गिरफ़्तार किया। {next}",
        "bn": "পুলিশ {date} তারিখে আপনার মামলার একজন অভিযুক্তকে গ্রেপ্তার করেছে। {next}",
    },
    "chargesheet_filed": {
        "en": "The police finished the investigation and filed the chargesheet in court on {date}. {next}",
        "hi": "पुलिस ने जाँच पूरी करके {date} को अदालत में आरोप-पत्र (चार्जशीट) दाखिल किया। {next}",
        "bn": "পুলিশ তদন্ত শেষ করে {date} তারিখে আদালতে চার্জশিট জমা দিয়েছে। {next}",
    },
    "closure_report_filed": {
        "en": "The police told the court on {date} that they want to close the investigation. You have the "
        "right to object; our lawyer will explain how and can file a protest petition if you wish. {next}",
        "hi": "पुलिस ने {date} को अदालत से जाँच बंद करने की बात कही। आपको इस पर आपत्ति करने का अधिकार है; "
        "हमारे वकील आपको समझाएँगे और आप चाहें तो विरोध याचिका दाखिल कर सकते हैं। {next}",
        "bn": "পুলিশ {date} তারিখে আদালতে তদন্ত বন্ধ করার কথা জানিয়েছে। আপনার আপত্তি জানানোর অধিকার আছে; "
        "আমাদের আইনজীবী বুঝিয়ে বলবেন, আপনি চাইলে প্রতিবাদ আবেদন জমা দেওয়া যাবে। {next}",
    },
    "charges_framed": {
        "en": "On {date} the court framed the charges against the accused. The trial will now begin. {next}",
        "hi": "{date} को अदालत ने आरोपियों पर आरोप तय किए। अब मुकदमा शुरू होगा। {next}",
        "bn": "{date} তারিখে আদালত অভিযুক্তদের বিরুদ্ধে অভিযোগ গঠন করেছে। এবার বিচার শুরু হবে। {next}",
    },
    "hearing": {
        "en": "The next court hearing is on {date}. We will tell you in time if you need to attend, and "
        "arrange travel or a video link. {next}",
        "hi": "अदालत में अगली सुनवाई {date} को है। अगर आपको आना होगा तो हम समय पर बताएँगे और "
        "यात्रा या वीडियो लिंक का इंतज़ाम करेंगे। {next}",
        "bn": "আদালতে পরের শুনানি {date} তারিখে। আপনাকে যেতে হলে আমরা সময়মতো জানাব এবং যাতায়াত বা ভিডিও লিংকের ব্যবস্থা করব। {next}",
    },
    "judgment": {
        "en": "The court gave its judgment on {date}. We will come and explain what it means for you. {next}",
        "hi": "अदालत ने {date} को फ़ैसला सुनाया। हम आकर आपको समझाएँगे कि इसका आपके लिए क्या मतलब है। {next}",
        "bn": "আদালত {date} তারিখে রায় দিয়েছে। এর মানে আপনার জন্য কী, আমরা এসে বুঝিয়ে বলব। {next}",
    },
    # Without the record these three cannot say how much or with whom: they say only what the
    # event itself was, and the caseworker fills in the amounts.
    "claim_filed": {
        "en": "Your compensation claim was taken forward on {date}. {next}",
        "hi": "आपके मुआवज़े का मामला {date} को आगे बढ़ाया गया। {next}",
        "bn": "আপনার ক্ষতিপূরণের বিষয়টি {date} তারিখে এগিয়ে নেওয়া হয়েছে। {next}",
    },
    "compensation_awarded": {
        "en": "Compensation was awarded to you on {date}. We will follow up until all of it is paid. {next}",
        "hi": "{date} को आपको मुआवज़ा मंज़ूर हुआ। पूरा पैसा मिलने तक हम पीछा करते रहेंगे। {next}",
        "bn": "{date} তারিখে আপনার ক্ষতিপূরণ মঞ্জুর হয়েছে। পুরো টাকা না পাওয়া পর্যন্ত আমরা লেগে থাকব। {next}",
    },
    "compensation_paid": {
        "en": "A payment of your compensation was recorded on {date}. We will go through how much has been "
        "paid and how much is still due with you. {next}",
        "hi": "{date} को आपके मुआवज़े का एक भुगतान दर्ज हुआ। कितना मिला और कितना बाकी है, यह हम आपके साथ बैठकर देखेंगे। {next}",
        "bn": "{date} তারিখে আপনার ক্ষতিপূরণের একটি কিস্তি দেওয়ার তথ্য নথিভুক্ত হয়েছে। কত টাকা দেওয়া হয়েছে আর কত বাকি, "
        "আমরা আপনার সঙ্গে বসে দেখে নেব। {next}",
    },
}

NEXT_STEPS = {
    "general": {
        "en": "Call us any time if you have questions.",
        "hi": "कोई भी सवाल हो तो कभी भी हमें फ़ोन करें।",
        "bn": "কোনো প্রশ্ন থাকলে যে কোনো সময় আমাদের ফোন করুন।",
    },
    "fir_registered": {
        "en": "Next, the police may ask for your statement; we will be with you.",
        "hi": "आगे पुलिस आपका बयान ले सकती है; हम आपके साथ रहेंगे।",
        "bn": "এরপর পুলিশ আপনার বয়ান নিতে পারে; আমরা আপনার পাশে থাকব।",
    },
    "chargesheet_filed": {
        "en": "Next, the court will take up the case; our lawyer follows every date.",
        "hi": "आगे अदालत केस पर सुनवाई करेगी; हमारे वकील हर तारीख़ पर नज़र रखेंगे।",
        "bn": "এরপর আদালত মামলাটি শুনবে; আমাদের আইনজীবী প্রতিটি তারিখে নজর রাখবেন।",
    },
    "charges_framed": {
        "en": "You may be called to give evidence; you can ask to do it by video link or in a separate room.",
        "hi": "आपको गवाही के लिए बुलाया जा सकता है; आप वीडियो लिंक से या अलग कमरे में गवाही देने को कह सकती हैं।",
        "bn": "আপনাকে সাক্ষ্য দিতে ডাকা হতে পারে; আপনি ভিডিও লিংকে বা আলাদা ঘরে সাক্ষ্য দেওয়ার অনুরোধ করতে পারেন।",
    },
}

# Sentences built from the record. Placeholders are filled with day_text() dates, rupees()
# amounts and AUTHORITY names in the same language.
FACTS = {
    # -- how her case stands ("general")
    "status_intro": {
        "en": "Here is where your case stands today.",
        "hi": "आज आपके केस की स्थिति यह है।",
        "bn": "আজ আপনার মামলার অবস্থা এই।",
    },
    "nothing_new": {
        "en": "Nothing new has happened since we last spoke on {date}.",
        "hi": "{date} को हुई पिछली बातचीत के बाद कुछ नया नहीं हुआ है।",
        "bn": "{date} তারিখে আমাদের শেষ কথার পর নতুন কিছু হয়নি।",
    },
    "following_up": {
        "en": "We are following it up and will tell you as soon as something changes.",
        "hi": "हम इस पर लगातार काम कर रहे हैं और कुछ भी बदलते ही आपको बताएँगे।",
        "bn": "আমরা নিয়মিত খোঁজ রাখছি, কিছু বদলালেই আপনাকে জানাব।",
    },
    # -- events whose record holds nothing yet: said as "no record", never guessed
    "no_fir_registered": {
        "en": "We have no record yet that the police registered your complaint (FIR).",
        "hi": "पुलिस ने आपकी शिकायत (एफ़आईआर) दर्ज की हो, इसकी जानकारी अभी तक हमारे पास नहीं है।",
        "bn": "পুলিশ আপনার অভিযোগ (এফআইআর) নথিভুক্ত করেছে, এমন কোনো তথ্য এখনও আমাদের কাছে নেই।",
    },
    "no_arrest": {
        "en": "We have no record yet of an arrest in your case.",
        "hi": "आपके केस में किसी गिरफ़्तारी की जानकारी अभी तक हमारे पास नहीं है।",
        "bn": "আপনার মামলায় কোনো গ্রেপ্তারের তথ্য এখনও আমাদের কাছে নেই।",
    },
    "no_chargesheet_filed": {
        "en": "We have no record yet that the police filed a chargesheet.",
        "hi": "पुलिस ने आरोप-पत्र (चार्जशीट) दाखिल किया हो, इसकी जानकारी अभी तक हमारे पास नहीं है।",
        "bn": "পুলিশ চার্জশিট জমা দিয়েছে, এমন কোনো তথ্য এখনও আমাদের কাছে নেই।",
    },
    "no_closure_report_filed": {
        "en": "We have no record of a closure report in your case.",
        "hi": "आपके केस में जाँच बंद करने की रिपोर्ट की कोई जानकारी हमारे पास नहीं है।",
        "bn": "আপনার মামলায় তদন্ত বন্ধের রিপোর্টের কোনো তথ্য আমাদের কাছে নেই।",
    },
    "no_charges_framed": {
        "en": "We have no record yet that the court framed charges.",
        "hi": "अदालत ने आरोप तय किए हों, इसकी जानकारी अभी तक हमारे पास नहीं है।",
        "bn": "আদালত অভিযোগ গঠন করেছে, এমন কোনো তথ্য এখনও আমাদের কাছে নেই।",
    },
    "no_judgment": {
        "en": "We have no record yet of a judgment in your case.",
        "hi": "आपके केस में फ़ैसले की जानकारी अभी तक हमारे पास नहीं है।",
        "bn": "আপনার মামলায় রায়ের কোনো তথ্য এখনও আমাদের কাছে নেই।",
    },
    # -- court hearings
    "hearing_adjourned": {
        "en": "At the hearing on {date} the court adjourned your case.",
        "hi": "{date} की सुनवाई में अदालत ने आपके केस की सुनवाई टाल दी।",
        "bn": "{date} তারিখের শুনানিতে আদালত আপনার মামলা মুলতুবি করেছে।",
    },
    "hearing_held": {
        "en": "The court heard your case on {date}.",
        "hi": "अदालत ने {date} को आपके केस की सुनवाई की।",
        "bn": "আদালত {date} তারিখে আপনার মামলার শুনানি করেছে।",
    },
    "hearing_not_taken_up": {
        "en": "Your case was not taken up in court on {date}.",
        "hi": "{date} को अदालत में आपका केस नहीं लिया गया।",
        "bn": "{date} তারিখে আদালতে আপনার মামলা ওঠেনি।",
    },
    "hearing_unrecorded": {
        "en": "We are finding out what happened at the hearing on {date}.",
        "hi": "{date} की सुनवाई में क्या हुआ, हम इसकी जानकारी ले रहे हैं।",
        "bn": "{date} তারিখের শুনানিতে কী হয়েছে, আমরা তা জেনে নিচ্ছি।",
    },
    "hearing_next": {
        "en": "The next court hearing is on {date}.",
        "hi": "अदालत में अगली सुनवाई {date} को है।",
        "bn": "আদালতে পরের শুনানি {date} তারিখে।",
    },
    "hearing_must_attend": {
        "en": "You are asked to come to court that day; we will arrange travel or a video link.",
        "hi": "उस दिन आपको अदालत आना है; हम यात्रा या वीडियो लिंक का इंतज़ाम करेंगे।",
        "bn": "সেদিন আপনাকে আদালতে যেতে হবে; আমরা যাতায়াত বা ভিডিও লিংকের ব্যবস্থা করব।",
    },
    "hearing_may_attend": {
        "en": "We will tell you in time if you need to attend, and arrange travel or a video link.",
        "hi": "अगर आपको आना होगा तो हम समय पर बताएँगे और यात्रा या वीडियो लिंक का इंतज़ाम करेंगे।",
        "bn": "আপনাকে যেতে হলে আমরা সময়মতো জানাব এবং যাতায়াত বা ভিডিও লিংকের ব্যবস্থা করব।",
    },
    "hearing_no_next_date": {
        "en": "No next hearing date has been fixed yet; we will tell you as soon as it is.",
        "hi": "अगली सुनवाई की तारीख़ अभी तय नहीं हुई है; तय होते ही हम आपको बताएँगे।",
        "bn": "পরের শুনানির তারিখ এখনও ঠিক হয়নি; ঠিক হলেই আমরা আপনাকে জানাব।",
    },
    "hearing_next_unknown": {
        "en": "We will tell you the next date as soon as we know it.",
        "hi": "अगली तारीख़ पता चलते ही हम आपको बताएँगे।",
        "bn": "পরের তারিখ জানতে পারলেই আমরা আপনাকে জানাব।",
    },
    "hearing_none": {
        "en": "No court hearing date has been fixed yet; we will tell you as soon as it is.",
        "hi": "अदालत में सुनवाई की कोई तारीख़ अभी तय नहीं हुई है; तय होते ही हम आपको बताएँगे।",
        "bn": "আদালতে শুনানির কোনো তারিখ এখনও ঠিক হয়নি; ঠিক হলেই আমরা আপনাকে জানাব।",
    },
    # -- compensation: the claim
    "claim_filed": {
        "en": "Your compensation claim was filed with the {authority} on {date}.",
        "hi": "आपका मुआवज़े का आवेदन {date} को {authority} के पास दाखिल किया गया।",
        "bn": "আপনার ক্ষতিপূরণের আবেদন {date} তারিখে {authority_of} কাছে জমা দেওয়া হয়েছে।",
    },
    "claim_recommended": {
        "en": "On {date} the court recommended compensation for you to the {authority}.",
        "hi": "{date} को अदालत ने {authority} से आपके लिए मुआवज़े की सिफ़ारिश की।",
        "bn": "{date} তারিখে আদালত {authority_of} কাছে আপনার জন্য ক্ষতিপূরণের সুপারিশ করেছে।",
    },
    "claim_suo_motu": {
        "en": "On {date} the {authority} took up compensation for you on its own.",
        "hi": "{date} को {authority} ने ख़ुद आपके मुआवज़े का मामला उठाया।",
        "bn": "{date} তারিখে {authority} নিজে থেকেই আপনার ক্ষতিপূরণের বিষয়টি হাতে নিয়েছে।",
    },
    "claim_none": {
        "en": "No compensation claim has been filed for you yet.",
        "hi": "आपके लिए अभी तक मुआवज़े का कोई आवेदन दाखिल नहीं हुआ है।",
        "bn": "আপনার জন্য এখনও ক্ষতিপূরণের কোনো আবেদন জমা পড়েনি।",
    },
    "claim_under": {  # before a claim's sentences when she has more than one claim
        "en": "Under {scheme}:",
        "hi": "{scheme} के तहत:",
        "bn": "{scheme} অনুযায়ী:",
    },
    # -- compensation: the award and the money
    "award": {
        "en": "The {authority} awarded you {awarded} in compensation on {date}.",
        "hi": "{authority} ने {date} को आपको {awarded} का मुआवज़ा मंज़ूर किया।",
        "bn": "{authority} {date} তারিখে আপনাকে {awarded} ক্ষতিপূরণ মঞ্জুর করেছে।",
    },
    "not_awarded": {
        "en": "No compensation has been awarded to you yet.",
        "hi": "अभी तक आपको कोई मुआवज़ा मंज़ूर नहीं हुआ है।",
        "bn": "এখনও আপনার কোনো ক্ষতিপূরণ মঞ্জুর হয়নি।",
    },
    "rejected": {
        "en": "The {authority} rejected the compensation claim on {date}. Our lawyer will explain what can be "
        "done next.",
        "hi": "{authority} ने {date} को मुआवज़े का आवेदन नामंज़ूर कर दिया। आगे क्या किया जा सकता है, यह हमारे वकील आपको समझाएँगे।",
        "bn": "{authority} {date} তারিখে ক্ষতিপূরণের আবেদন নামঞ্জুর করেছে। এরপর কী করা যায়, আমাদের আইনজীবী বুঝিয়ে বলবেন।",
    },
    "unpaid": {
        "en": "None of the {awarded} awarded on {awarded_on} has been paid yet. We keep following up until it is paid.",
        "hi": "{awarded_on} को मंज़ूर हुए {awarded} में से अभी तक कोई भुगतान नहीं हुआ है। पैसा मिलने तक हम पीछा करते रहेंगे।",
        "bn": "{awarded_on} তারিখে মঞ্জুর হওয়া {awarded} থেকে এখনও কিছুই দেওয়া হয়নি। টাকা না পাওয়া পর্যন্ত আমরা লেগে থাকব।",
    },
    "partly_paid": {
        "en": "So far {paid} of the {awarded} awarded on {awarded_on} has been paid; the last payment, {last}, "
        "was made on {last_on}. {due} is still due, and we keep following up until it is paid.",
        "hi": "{awarded_on} को मंज़ूर हुए {awarded} में से अब तक {paid} का भुगतान हुआ है; आख़िरी भुगतान {last} का "
        "{last_on} को हुआ। {due} अभी बाकी है, और बाकी पैसा मिलने तक हम पीछा करते रहेंगे।",
        "bn": "{awarded_on} তারিখে মঞ্জুর হওয়া {awarded} থেকে এ পর্যন্ত {paid} দেওয়া হয়েছে; শেষ কিস্তি {last} দেওয়া "
        "হয়েছে {last_on} তারিখে। এখনও {due} বাকি আছে, বাকি টাকা না পাওয়া পর্যন্ত আমরা লেগে থাকব।",
    },
    "fully_paid": {
        "en": "Your compensation has been paid in full: {paid} in total, the last payment on {last_on}.",
        "hi": "आपके मुआवज़े का पूरा भुगतान हो गया है: कुल {paid}, आख़िरी भुगतान {last_on} को हुआ।",
        "bn": "আপনার ক্ষতিপূরণের পুরো টাকা দেওয়া হয়ে গেছে: মোট {paid}, শেষ কিস্তি {last_on} তারিখে।",
    },
    "fixed_deposit": {
        "en": "{amount} of it was put in a fixed deposit that matures on {date}.",
        "hi": "इसमें से {amount} एक सावधि जमा (एफ़डी) में रखा गया है, जो {date} को पूरी होगी।",
        "bn": "এর মধ্যে {amount} একটি স্থায়ী আমানতে (এফডি) রাখা হয়েছে, যার মেয়াদ পূর্ণ হবে {date} তারিখে।",
    },
    "check_passbook": {
        "en": "Please check your bank passbook with us.",
        "hi": "कृपया हमारे साथ अपनी बैंक पासबुक देख लें।",
        "bn": "অনুগ্রহ করে আমাদের সঙ্গে ব্যাংকের পাসবই দেখে নিন।",
    },
}

# Who decides a claim, in her language. Hindi: the form before a postposition (ने, के पास, से);
# Bengali: (as subject, before "কাছে").
AUTHORITY = {
    "dlsa": {
        "en": "District Legal Services Authority",
        "hi": "ज़िला विधिक सेवा प्राधिकरण",
        "bn": ("জেলা আইনি পরিষেবা কর্তৃপক্ষ", "জেলা আইনি পরিষেবা কর্তৃপক্ষের"),
    },
    "slsa": {
        "en": "State Legal Services Authority",
        "hi": "राज्य विधिक सेवा प्राधिकरण",
        "bn": ("রাজ্য আইনি পরিষেবা কর্তৃপক্ষ", "রাজ্য আইনি পরিষেবা কর্তৃপক্ষের"),
    },
    "district_magistrate": {
        "en": "District Magistrate",
        "hi": "ज़िलाधिकारी",
        "bn": ("জেলাশাসক", "জেলাশাসকের"),
    },
    "state_department": {
        "en": "state government department",
        "hi": "राज्य सरकार के विभाग",
        "bn": ("রাজ্য সরকারের দপ্তর", "রাজ্য সরকারের দপ্তরের"),
    },
}

# Where a workflow's stage is a major event for her: (workflow, stage) -> event code.
MAJOR_EVENT_BY_STAGE = {
    ("investigation", "fir_registered"): "fir_registered",
    ("investigation", "chargesheet_filed"): "chargesheet_filed",
    ("investigation", "closure_report_filed"): "closure_report_filed",
    ("court", "charges_framed"): "charges_framed",
    ("court", "judgment"): "judgment",
    ("court", "convicted"): "judgment",
    ("court", "acquitted"): "judgment",
    ("compensation", "applied"): "claim_filed",
    ("compensation", "awarded"): "compensation_awarded",
    ("compensation", "partly_disbursed"): "compensation_paid",
    ("compensation", "disbursed"): "compensation_paid",
}

# What a caseworker or coordinator reads (deadline titles, the "About" choice, the timeline): kept
# in English, marked for the catalogues, shown with gettext in the reader's language.
# "Compensation payment": a payment may be a part of the award, so the label does not say "paid".
EVENT_LABELS = {
    "general": gettext_noop("How her case stands"),
    "fir_registered": gettext_noop("FIR registered"),
    "arrest": gettext_noop("An accused arrested"),
    "chargesheet_filed": gettext_noop("Chargesheet filed"),
    "closure_report_filed": gettext_noop("Closure report filed"),
    "charges_framed": gettext_noop("Charges framed"),
    "hearing": gettext_noop("Court hearings"),
    "judgment": gettext_noop("Judgment"),
    "claim_filed": gettext_noop("Compensation claim filed"),
    "compensation_awarded": gettext_noop("Compensation awarded"),
    "compensation_paid": gettext_noop("Compensation payment"),
}

FALLBACK_LANGUAGES = ("hi", "en")
COMPENSATION_EVENTS = ("claim_filed", "compensation_awarded", "compensation_paid")


def fact(key: str, language: str, **values) -> str:
    return _pick(FACTS[key], language).format(**values)


def _static(event: str, language: str, on: datetime.date | None) -> str:
    """The fixed draft of an event with its date and without the next step."""
    texts = DRAFTS.get(event) or DRAFTS["general"]
    return _pick(texts, language).format(date=day_text(on, letter_language(language)), next="").strip()


def _next_step(event: str, language: str) -> str:
    steps = NEXT_STEPS.get(event) or NEXT_STEPS["general"]
    return _pick(steps, language)


def draft_message(event: str, language: str, *, on: datetime.date | None = None, case=None) -> str:
    """The draft of an update about `event` in `language`. With `case`, every fact is read from
    its record (see the module docstring); without, the fixed text with the date `on`."""
    if case is None:
        texts = DRAFTS.get(event) or DRAFTS["general"]
        return (
            _pick(texts, language)
            .format(date=day_text(on, letter_language(language)), next=_next_step(event, language))
            .strip()
        )
    sentences, happened = event_sentences(event, language, case=case, on=on)
    return " ".join([*sentences, _next_step(event if happened else "general", language)])


def major_event_code(workflow: str, stage: str) -> str | None:
    return MAJOR_EVENT_BY_STAGE.get((workflow, stage))


# --- reading the record -----------------------------------------------------------------------


def _event_day(event: str, case) -> datetime.date | None:
    reader = READERS.event_days.get(event)
    return reader(case) if reader else None


def authority_names(claim, language: str) -> dict:
    """{"authority": who decides the claim, "authority_of": the same before "কাছে" (Bengali)}."""
    language = letter_language(language)
    names = AUTHORITY.get(claim.authority_level)
    if names is None:
        return {"authority": claim.authority_label, "authority_of": claim.authority_label}
    district_level = claim.authority_level in ("dlsa", "district_magistrate") and claim.authority_district_id
    place = claim.authority_district.name if district_level else claim.authority_state.label
    if language == "en":
        return {"authority": f"{names['en']}, {place}", "authority_of": f"{names['en']}, {place}"}
    if language == "hi":
        return {"authority": f"{place} {names['hi']}", "authority_of": f"{place} {names['hi']}"}
    subject, of = names["bn"]
    return {"authority": f"{place} {subject}", "authority_of": f"{place} {of}"}


def _claims(case) -> list:
    return READERS.claims(case)


def claim_filing_sentence(claim, language: str) -> str | None:
    """With whom and when the claim was filed (or recommended, or taken up); None before that."""
    if claim.applied_on is None:
        return None
    if claim.route in ("court_recommendation", "acquittal_recommendation"):
        key = "claim_recommended"
    elif claim.route == "suo_motu":
        key = "claim_suo_motu"
    else:
        key = "claim_filed"
    return fact(
        key, language, date=day_text(claim.applied_on, letter_language(language)), **authority_names(claim, language)
    )


def award_sentence(claim, language: str) -> str | None:
    if not claim.is_awarded:
        return None
    return fact(
        "award",
        language,
        awarded=rupees(claim.awarded_amount),
        date=day_text(claim.awarded_on, letter_language(language)),
        **authority_names(claim, language),
    )


def payment_state(claim) -> str:
    """not_awarded | rejected | unpaid | partly_paid | fully_paid, from the award and the payments."""
    if not claim.is_awarded:
        return "rejected" if claim.rejected_on else "not_awarded"
    if claim.amount_paid <= 0:
        return "unpaid"
    return "partly_paid" if claim.amount_paid < claim.awarded_amount else "fully_paid"


def money_sentences(claim, language: str) -> list[str]:
    """How much of the award was paid and how much is still due (or that nothing is awarded yet)."""
    lang = letter_language(language)
    state = payment_state(claim)
    if state == "not_awarded":
        return [fact("not_awarded", language)]
    if state == "rejected":
        return [fact("rejected", language, date=day_text(claim.rejected_on, lang), **authority_names(claim, language))]
    awarded = {"awarded": rupees(claim.awarded_amount), "awarded_on": day_text(claim.awarded_on, lang)}
    if state == "unpaid":
        return [fact("unpaid", language, **awarded)]
    payments = sorted(claim.payments.all(), key=lambda p: (p.paid_on, p.pk))
    last = payments[-1] if payments else None
    last_on = day_text(last.paid_on if last else claim.fully_paid_on, lang)
    if state == "partly_paid":
        out = [
            fact(
                "partly_paid",
                language,
                paid=rupees(claim.amount_paid),
                due=rupees(claim.amount_unpaid),
                last=rupees(last.amount) if last else rupees(claim.amount_paid),
                last_on=last_on,
                **awarded,
            )
        ]
    else:
        out = [fact("fully_paid", language, paid=rupees(claim.amount_paid), last_on=last_on)]
    for payment in payments:
        if payment.is_fixed_deposit:
            out.append(
                fact(
                    "fixed_deposit",
                    language,
                    amount=rupees(payment.amount),
                    date=day_text(payment.fd_maturity_on, lang),
                )
            )
    if any(not p.is_fixed_deposit for p in payments):
        out.append(fact("check_passbook", language))
    return out


def _per_claim(claims, language: str, sentences_of) -> list[str]:
    out = []
    for claim in claims:
        sentences = [s for s in sentences_of(claim) if s]
        if sentences and len(claims) > 1:
            sentences[0] = f"{fact('claim_under', language, scheme=claim.scheme.short_name)} {sentences[0]}"
        out += sentences
    return out


def _preferring(claims, on, day_of):
    """The claims the event is about: those whose day is `on` if any, else all of them."""
    if on:
        matching = [c for c in claims if on in day_of(c)]
        if matching:
            return matching
    return claims


def compensation_sentences(event: str, language: str, case, on=None) -> tuple[list[str], bool]:
    claims = _claims(case)
    if event == "claim_filed":
        filed = _preferring([c for c in claims if c.applied_on], on, lambda c: {c.applied_on})
        if not filed:
            return [fact("claim_none", language)], False
        return _per_claim(filed, language, lambda c: [claim_filing_sentence(c, language)]), True
    awarded = [c for c in claims if c.is_awarded]
    if not awarded:
        rejected = [c for c in claims if c.rejected_on]
        if rejected:
            return _per_claim(rejected, language, lambda c: money_sentences(c, language)), False
        return [fact("not_awarded", language)], False
    if event == "compensation_awarded":
        chosen = _preferring(awarded, on, lambda c: {c.awarded_on})
        return _per_claim(
            chosen, language, lambda c: [award_sentence(c, language), *money_sentences(c, language)]
        ), True
    chosen = _preferring(awarded, on, lambda c: {p.paid_on for p in c.payments.all()})
    paid_any = any(c.amount_paid > 0 for c in chosen)
    return _per_claim(chosen, language, lambda c: money_sentences(c, language)), paid_any


def hearing_sentences(case, language: str) -> list[str]:
    """The last hearing and the next date, or that none is fixed yet (legal.survivor_facts); empty
    when the case has no court case."""
    return READERS.hearings(case, language)


def _last_update_day(case) -> datetime.date | None:
    from .models import SurvivorUpdate

    return (
        SurvivorUpdate.objects.filter(case=case).order_by("-given_on", "-pk").values_list("given_on", flat=True).first()
    )


def nothing_new_since(case, day: datetime.date) -> bool:
    """No major event, arrest, recorded hearing or payment on or after `day`."""
    from .models import StageTransition

    for workflow, stage in StageTransition.objects.filter(case=case, effective_on__gte=day).values_list(
        "workflow", "to_stage"
    ):
        if major_event_code(workflow, stage):
            return False
    return not any(news(case, day) for news in READERS.news_since)


def status_sentences(case, language: str) -> list[str]:
    """How her case stands ("general"): the court dates and the compensation, as recorded."""
    out = [fact("status_intro", language)]
    last_day = _last_update_day(case)
    if last_day and nothing_new_since(case, last_day):
        out.append(fact("nothing_new", language, date=day_text(last_day, letter_language(language))))
    out += hearing_sentences(case, language)
    awarded = [c for c in _claims(case) if c.is_awarded]
    out += _per_claim(awarded, language, lambda c: money_sentences(c, language))
    out.append(fact("following_up", language))
    return out


def event_sentences(event: str, language: str, *, case, on: datetime.date | None = None) -> tuple[list[str], bool]:
    """The sentences stating `event` as the record holds it, and whether it happened at all (the
    event's next step is offered only then)."""
    if event not in DRAFTS or event == "general":
        return status_sentences(case, language), False
    if event in COMPENSATION_EVENTS:
        return compensation_sentences(event, language, case, on)
    if event == "hearing":
        sentences = hearing_sentences(case, language)
        return sentences or [fact("hearing_none", language)], bool(sentences)
    day = on or _event_day(event, case)
    if day is None:
        return [fact(f"no_{event}", language)], False
    return [_static(event, language, day)], True
