"""Drafts of what a caseworker tells the survivor after a major event, in her language.

The caseworker edits the draft before she records the update; these texts are a
starting point in plain words, never a script. Placeholders: {date} (when it
happened) and {next} (what comes next, from the same table). Languages without a
draft here fall back to Hindi, then English.

Event codes are the stages workflows reach (see MAJOR_EVENT_BY_STAGE) plus "general".
"""

import datetime

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
    "claim_filed": {
        "en": "Your compensation claim was filed with the Legal Services Authority on {date}. {next}",
        "hi": "आपका मुआवज़े का आवेदन {date} को विधिक सेवा प्राधिकरण में दाखिल किया गया। {next}",
        "bn": "আপনার ক্ষতিপূরণের আবেদন {date} তারিখে আইনি পরিষেবা কর্তৃপক্ষের কাছে জমা দেওয়া হয়েছে। {next}",
    },
    "compensation_awarded": {
        "en": "Good news: compensation was awarded to you on {date}. We will follow up until the money "
        "reaches your bank account. {next}",
        "hi": "अच्छी ख़बर: {date} को आपको मुआवज़ा मंज़ूर हुआ। पैसा आपके बैंक खाते में आने तक हम पीछा करते रहेंगे। {next}",
        "bn": "ভালো খবর: {date} তারিখে আপনার ক্ষতিপূরণ মঞ্জুর হয়েছে। টাকা আপনার ব্যাংক অ্যাকাউন্টে না আসা পর্যন্ত আমরা লেগে থাকব। {next}",
    },
    "compensation_paid": {
        "en": "A payment of your compensation was made on {date}. Please check your bank passbook with us. {next}",
        "hi": "{date} को आपके मुआवज़े की राशि जमा हुई। कृपया हमारे साथ अपनी बैंक पासबुक देख लें। {next}",
        "bn": "{date} তারিখে আপনার ক্ষতিপূরণের টাকা জমা হয়েছে। অনুগ্রহ করে আমাদের সঙ্গে ব্যাংকের পাসবই দেখে নিন। {next}",
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

EVENT_LABELS = {
    "general": "How her case stands",
    "fir_registered": "FIR registered",
    "arrest": "An accused arrested",
    "chargesheet_filed": "Chargesheet filed",
    "closure_report_filed": "Closure report filed",
    "charges_framed": "Charges framed",
    "hearing": "Next hearing",
    "judgment": "Judgment",
    "claim_filed": "Compensation claim filed",
    "compensation_awarded": "Compensation awarded",
    "compensation_paid": "Compensation paid",
}

FALLBACK_LANGUAGES = ("hi", "en")


def draft_message(event: str, language: str, *, on: datetime.date | None = None) -> str:
    texts = DRAFTS.get(event) or DRAFTS["general"]
    for code in (language, *FALLBACK_LANGUAGES):
        if code in texts:
            chosen = code
            break
    next_steps = NEXT_STEPS.get(event) or NEXT_STEPS["general"]
    date_text = on.strftime("%d.%m.%Y") if on else "—"
    return texts[chosen].format(date=date_text, next=next_steps.get(chosen, next_steps["en"])).strip()


def major_event_code(workflow: str, stage: str) -> str | None:
    return MAJOR_EVENT_BY_STAGE.get((workflow, stage))
