"""The officers' course "Leave-Behind Naloxone: Roll Call Training": five short lessons and a
16-question quiz covering every lesson. The officer quick reference card is the certificates
app's (certificates.demo links it to this course by its "leave-behind" slug).

Written from shared/domain/FACTS.md in our own words. Lesson bodies use the lesson block names
agreed in CONTRACTS.md (courses.blocks.LessonBodyBlock).
"""

from __future__ import annotations

from cms.demo.pages import course_index, ensure_shipped_page
from cms.demo.roll_call_briefing import BRIEFING
from cms.demo.shipped import ShippedQuestion, refresh_shipped_questions
from courses.blocks import LessonBodyBlock
from courses.models import CoursePage, LessonPage
from courses.quiz.bank import create_question
from courses.quiz.models import Question, QuizPage, QuizQuestion

COURSE_SLUG = "leave-behind-roll-call"
COURSE_TITLE = "Leave-Behind Naloxone: Roll Call Training"


def kc(question: str, choices: list[tuple[str, bool, str]], explanation: str) -> tuple:
    """A knowledge-check block value (not graded; practice inside the lesson)."""
    return (
        "knowledge_check",
        {
            "question": question,
            "choices": [{"text": t, "is_correct": c, "feedback": f} for t, c, f in choices],
            "explanation": f"<p>{explanation}</p>",
        },
    )


LESSON_WHY = [
    ("rich_text", "<p><b>Leave-behind</b> means that after a non-fatal overdose, the responder hands a naloxone kit to the survivor or to the people around them (family, friends, bystanders), usually with information on where to get treatment or harm-reduction help. EMS ran most early programs. In New York, sheriffs' offices and police departments now do it too: in October 2021 sheriffs in ten counties, among them Albany, Saratoga and Warren, started with 20 kits each.</p>"),
    ("heading", "The next days are the dangerous ones"),
    ("rich_text", "<p>A Massachusetts study of 11,557 people treated in an emergency department after a non-fatal opioid overdose found that 5.5% died within a year, 1.1% within a month and 0.25% within two days. That is about one in twenty within a year, and roughly two-thirds of those deaths were from a later opioid overdose. The people you meet at the scene are often the ones who will be there next time.</p>"),  # [S4]; softened per REVIEW-2026-12
    ("heading", "Why officers"),
    ("key_points", [
        "More naloxone ends up in the survivor's circle of family and friends.",
        "The contact is a chance to offer treatment or harm-reduction contacts, if the person wants them.",
        "Officers meet people who use opioids on many calls (domestic disputes, welfare checks), not only overdoses, so they reach people EMS may not.",
        "Programs report that leaving naloxone builds trust, but people must still call 911 if the person does not wake.",
    ]),
    ("callout", {"kind": "info", "title": "What the evidence says", "body": "<p>Programs publish kit counts (for example, Philadelphia Fire Department EMS left more than 2,000 kits in just over a year). No published study has yet shown that police leave-behind by itself lowers deaths. The reason to do it is the high risk after an overdose and getting naloxone to the next witness.</p>"}),
    kc("Out of every 20 people treated for a non-fatal opioid overdose, about how many died within a year in the Massachusetts study?",
       [("About 1", True, "Right: 5.5%, about one in twenty."), ("About 5", False, "Too high: it was 5.5%, about one in twenty."), ("None", False, "Sadly not: 5.5% died within a year.")],
       "5.5% died within a year, most of the risk early on; about two-thirds of the deaths were from a later opioid overdose."),
]  # fmt: skip

LESSON_RESPOND = [
    ("heading", "Recognise it"),
    ("rich_text", "<p>Suspect an opioid overdose when the person:</p><ul><li>cannot be woken (no response to a shout or a sternal rub);</li><li>breathes slowly or shallowly, or not at all;</li><li>has blue or grey lips and nails, pale and clammy skin;</li><li>has pinpoint pupils, a limp body, or makes snoring, gurgling or choking sounds.</li></ul><p><b>Act at once.</b> With illicit fentanyl, breathing can stop within minutes. Most overdoses have a witness: often the people around you.</p>"),  # [S29][S33][S26]; fentanyl speed [S29][S49] (FACTS 8); witness [S27]
    ("heading", "Respond: the same order every time"),
    ("steps", [
        {"title": "Check for a response", "text": "Shout, and do a sternal rub. Look at breathing and colour."},  # [S25][S48]
        {"title": "Call for help and get an AED", "text": "Get EMS on the way: report that the person is unresponsive and not breathing. Send someone for the AED."},  # [S17][S51]
        {"title": "Not breathing normally? Start CPR", "text": "Start CPR if the person is not breathing normally and you cannot reliably feel a pulse. If you are trained, feel a pulse and they are not breathing: tilt the head back, pinch the nose, give 2 breaths, then 1 breath every 6 seconds."},  # [S51][S28]
        {"title": "Give naloxone", "text": "4 mg in one nostril: see the device steps below."},  # [S26]
        {"title": "Keep going", "text": "Keep up CPR or rescue breaths with the person on their back; use the AED as soon as it arrives. No response after 2-3 minutes: a new device in the other nostril."},  # [S51][S26]
        {"title": "Breathing on their own? Recovery position", "text": "Only once they breathe on their own: turn them onto their side, and stay with them until EMS takes over."},  # [S51][S28]
    ]),
    ("heading", "Giving 4 mg nasal naloxone"),
    ("illustration", {
        "drawing": "nasal-spray-steps",
        "alt_text": "Three steps: hold the device with the thumb on the plunger; nozzle in one nostril of a person lying on their back; press the plunger.",
        "text_equivalent": "<ol><li>Thumb on the plunger, first and middle fingers either side of the nozzle.</li><li>Person on their back, head tilted back: nozzle in one nostril until your fingers touch the nose.</li><li>Press the plunger firmly, then remove the device.</li></ol>",  # [S26]
        "caption": "Giving 4 mg nasal naloxone (drawing made for this course)",
    }),
    ("steps", [
        {"title": "Person on their back; peel the pack open", "text": "Do not prime or test the device: each one holds a single dose (a pack has two)."},  # [S26]
        {"title": "Hold it correctly", "text": "Thumb on the plunger, first and middle fingers either side of the nozzle. Support the neck and tilt the head back."},  # [S26]
        {"title": "Spray", "text": "Put the tip in one nostril until your fingers touch the nose, press the plunger firmly, remove the device."},  # [S26]
        {"title": "Keep supporting breathing, then repeat", "text": "Keep up CPR or rescue breaths on their back. If the person does not wake or breathe normally after 2-3 minutes, give a new device in the other nostril. Repeat every 2-3 minutes until they respond or EMS arrives."},  # [S26][S51]
    ]),
    ("illustration", {
        "drawing": "recovery-position",
        "alt_text": "A person lying on their side, the upper hand under the cheek and the upper knee bent forward.",
        "text_equivalent": "<p>Once the person breathes on their own: roll them onto their side, upper hand under the cheek, upper knee bent forward so they cannot roll onto their face. If they vomit, it drains from the mouth. If you must step away, turn them onto their side first.</p>",  # [S28][S51]
        "caption": "The recovery position, only once they breathe on their own",
    }),
    ("callout", {"kind": "warning", "title": "It wears off", "body": "<p>Naloxone lasts about 30-90 minutes, and the opioid can outlast it. EMS still comes even if the person wakes; stay with them and tell them what happened when they come round.</p>"}),  # [S9][S28][S7]
    ("do_dont", {
        "dos": ["Give naloxone whenever an opioid could be involved: street drugs may contain fentanyl.", "Turn the person on their side if you have to step away.", "Wear nitrile gloves; wash skin with soap and water."],  # [S25][S33]; [S28]; [S31]
        "donts": ["Slap the person, put them in a cold shower, or make them vomit.", "Inject any other substance.", "Use alcohol hand sanitiser on skin after contact with a powder (it may increase absorption).", "Delay care out of fear of touching fentanyl."],  # [S25]; [S31]; [S31][S49]
    }),
    ("rich_text", "<p>Naloxone does no harm to someone who has not taken opioids and cannot be misused. In someone dependent on opioids it can bring on withdrawal: unpleasant, not life-threatening. It does not reverse alcohol, benzodiazepines or stimulants.</p><p><b>Xylazine:</b> a veterinary sedative often mixed into illicit fentanyl. It is not an opioid, so naloxone does not reverse it. Give naloxone anyway (fentanyl is usually there too), keep supporting breathing and make sure 911 has been called; the person may stay sedated after naloxone.</p><p><b>Fentanyl myth:</b> toxicologists (ACMT/AACT) say that touching or being near fentanyl is very unlikely to make an officer overdose; no confirmed case of illness from incidental exposure has been published. Give naloxone to someone for objective signs (slowed breathing, reduced consciousness), not for vague symptoms.</p>"),  # [S33][S25]; xylazine [S52]; myth [S31][S49]
    kc("You gave one nasal dose. Two to three minutes later the person still is not breathing normally. What now?",
       [("Give a new device in the other nostril, and keep up CPR or breaths", True, "Correct: a new device, the other nostril, every 2-3 minutes, with CPR or breaths on their back in between."), ("Spray the same device again", False, "Each device holds one dose; use a new one."), ("Put them in the recovery position and wait 15 minutes", False, "Do not wait, and not on their side while they are not breathing: CPR or breaths on their back, and repeat every 2-3 minutes.")],
       "Repeat with a new device in the other nostril every 2-3 minutes until the person responds or EMS arrives. Until they breathe on their own, keep them on their back with CPR (or, if you are trained and feel a pulse, 1 rescue breath every 6 seconds), and use the AED as soon as it arrives."),  # [S26][S51]
]  # fmt: skip

LESSON_LAW = [
    ("callout", {"kind": "legal", "title": "Training, not legal advice", "body": "<p>Your agency's counsel has the final word on how these laws apply to your agency.</p>"}),
    ("heading", "Giving naloxone: Public Health Law §3309"),
    ("rich_text", "<p>Since 2006 New York has let non-medical people give naloxone. Under §3309, buying, having or using naloxone under the section is not unlicensed practice of a profession, and using it counts as first aid or emergency treatment for liability laws. The law's list of people who may receive naloxone includes people at risk, their family and friends, and registered programs.</p>"),
    ("callout", {"kind": "warning", "title": "Leaving naloxone behind: what the law does not say (yet)", "body": "<p>As of December 2026, no New York statute expressly names police leave-behind. Bill A9789, which would have added law-enforcement agencies to §3309 and said expressly that naloxone may be left where an overdose is known or suspected, died at the end of the 2023-24 session. The same text was reintroduced as A6481 and referred to the Assembly Health Committee on 5 March 2025: it is a bill, not law. Agency programs work under a registered overdose prevention program and its clinical director. Follow your SOP.</p>"}),  # [S15][S53][S12][S13]
    ("heading", "The 911 Good Samaritan law: Penal Law §220.78"),
    ("rich_text", "<p>A person who in good faith calls for help for someone who is overdosing, and the person overdosing, may not be charged or prosecuted for possessing controlled substances or cannabis, drug paraphernalia, or (if under 21) alcohol, when the evidence was found because of the call. The protection applies even if drugs were shared.</p><p>It does <b>not</b> bar sale charges, arrest on outstanding warrants, probation or parole violations, or crimes other than drug possession. It was not meant to stop officers from securing an overdose scene.</p>"),  # [S16][S17]
    ("rich_text", "<p><b>Two limits officers need to know (§220.78(4) and (5)).</b> Sale charges are not barred, but a person who sought help in good faith, has no prior class A-I, A-II or B drug felony conviction, and whose charge rests on evidence found because they sought help has an affirmative defence to the sale charge in court. And the law does not stop evidence being used against other people or for other crimes, nor the lawful seizure of evidence or contraband: you may still secure drugs at the scene.</p>"),  # [S54]
    ("heading", "Having naloxone is not evidence: CPL §60.49"),
    ("rich_text", "<p>Since 2021, the fact that someone had naloxone cannot be used to establish probable cause or to prove the listed drug-possession offences (Penal Law 220.03, 220.06, 220.09, 220.16, 220.18 and 220.21). In practice: a leave-behind kit in someone's home or pocket cannot be used as evidence of those possession offences. Tell people that; do not promise more.</p>"),  # [S18][S54]
    ("heading", "Reporting when you give naloxone"),
    ("rich_text", "<p>Every time an officer administers naloxone, report it to NYSDOH at nyoverdose.org/PublicSafety (no login). Fields include agency, responder, time of the 911 call, your arrival and EMS arrival, case number, county, ZIP code, and the person's age and gender.</p>"),
    kc("Which of these does New York's Good Samaritan law NOT protect against?",
       [("Charges for selling drugs", True, "Right: sale offences are excluded."), ("Possession of drugs found because of the 911 call", False, "Possession found because of the call is protected."), ("Possession of paraphernalia found because of the call", False, "Paraphernalia possession is protected.")],
       "Possession offences found because someone sought help are protected; sale charges, warrants, probation or parole violations and non-drug crimes are not. A good-faith caller without prior A-I, A-II or B drug felonies may have an affirmative defence to a sale charge (§220.78(4)), and evidence stays usable against others and for other crimes (§220.78(5))."),  # [S16][S17][S54]
]  # fmt: skip

LESSON_SOP = [
    ("rich_text", "<p>Your agency's SOP is the rule you follow; this lesson walks through a typical one, the toolkit's model SOP. Make sure you have <a href=\"/sop/\">read and acknowledged your agency's version</a>.</p>"),
    ("heading", "When"),
    ("rich_text", "<p>After a suspected opioid overdose, whether or not the person is transported. If they refuse transport, leave the kit with them or the people with them. Your SOP may also allow a kit on other calls where the risk is evident, for example when a family member asks.</p>"),
    ("heading", "With whom"),
    ("rich_text", "<p>The survivor, their family, friends or bystanders: anyone likely to have or witness an overdose. Offering is yours; accepting is theirs.</p>"),
    ("heading", "What to say"),
    ("steps", [
        {"title": "How to spot an overdose", "text": "Cannot be woken, slow or no breathing, blue lips."},
        {"title": "Call 911 first", "text": "Naloxone wears off; the person needs care."},
        {"title": "How to use the spray", "text": "One device, one nostril, press firmly; a new device after 2-3 minutes if there is no response. Show them."},
        {"title": "Where to get help and another kit", "text": "Hand over the referral card and the family insert. Offer treatment contacts; never impose them."},
        {"title": "Good Samaritan protection", "text": "Calling 911 for an overdose protects them from possession charges (not sales or warrants)."},
    ]),
    ("heading", "What is in the kit"),
    ("key_points", [
        "Two 4 mg naloxone nasal devices with illustrated instructions",
        "Gloves, a face shield or breathing barrier, wipes",
        "A referral card: local treatment, harm-reduction and syringe-access contacts, and a reminder to call 911",
        "Good Samaritan information (the family insert)",
    ]),
    ("heading", "What to record"),
    ("steps", [
        {"title": "Tick the leave-behind box on the incident report", "text": "It doubles as your reminder to offer a kit."},
        {"title": "Kits and recipients", "text": "Number of kits and type of recipient (survivor, family or friend, bystander). Record only the data your SOP asks for: many programs allow anonymity."},
        {"title": "If you gave naloxone", "text": "Also report it at nyoverdose.org/PublicSafety."},
    ]),
    ("discussion_scenario", {
        "situation": "<p>You and EMS revive a man in his apartment. He refuses transport. His sister, who called 911, is there and upset.</p>",
        "prompts": ["Who do you offer the kit to, and how?", "What do you tell the sister to do if this happens again tonight?", "What goes on your report?"],
    }),
    kc("The person you revived refuses to go to hospital. Under a typical leave-behind SOP, what do you do with the kit?",
       [("Leave it with him or the people with him, and explain how to use it", True, "Correct: refusal of transport is exactly when a kit matters."), ("Keep it: kits are only for people who go to hospital", False, "Kits are offered whether or not the person is transported."), ("Leave it without saying anything", False, "Show how to use it, say call 911, and hand over the referral card.")],
       "Offer the kit whether or not the person is transported; show how to use it and give the referral card."),
]  # fmt: skip

LESSON_KITS = [
    ("heading", "Storage"),
    ("rich_text", "<p>Store naloxone as printed on your device's label: ranges differ between products. For example, current Narcan units (red plunger) are stored at 68-77°F (20-25°C); short excursions between 41°F and 104°F (5-40°C) are allowed. Do not freeze. Older white-plunger units: 59-77°F. A patrol car's glove box can get far hotter or colder than that, so follow your agency's rule for where kits ride in the car.</p>"),  # [S56][S30][S43]
    ("heading", "Expiry"),
    ("rich_text", "<p>Narcan's shelf life grew from 24 to 36 months in 2020, and to four years for units made after January 2024. Shelf life differs between products: the date printed on your device's label is the one that counts. Replace kits before they expire.</p>"),  # [S30][S56]
    ("heading", "Restocking"),
    ("steps", [
        {"title": "Log every kit out", "text": "Kits left behind and doses given, with the incident number."},
        {"title": "Restock from your supply point", "text": "Your partner registered program (or your own, if your agency is registered) replaces kits."},
        {"title": "Check dates and condition", "text": "On the schedule your SOP sets; replace used, damaged or expired kits."},
        {"title": "Tell families where to get more", "text": "Registered programs give naloxone free. Pharmacies sell 4 mg nasal naloxone without a prescription (since 2023), and the N-CAP program pays up to $40 of an insured person's co-payment."},  # [S9][S44][S56][S19]
    ]),
    kc("Where is the best place to keep a naloxone kit in a patrol vehicle?",
       [("Wherever your agency's rule says, away from heat and freezing", True, "Right: store within the range printed on the label (current Narcan: 68-77°F, short excursions 41-104°F)."), ("The glove box", False, "Glove boxes get very hot or cold."), ("Anywhere: temperature does not matter", False, "It does: do not freeze, avoid extremes.")],
       "Keep naloxone within the range printed on your device's label (current Narcan: 68-77°F, excursions 41-104°F), never frozen, and follow your agency's rule for vehicles."),  # [S30][S56][S43]
]  # fmt: skip

LESSONS = [
    ("why-leave-naloxone-behind", "Why we leave naloxone behind", 5, LESSON_WHY),
    (
        "recognise-and-respond",
        "Recognising an overdose and giving nasal naloxone",
        10,
        LESSON_RESPOND,
    ),
    ("new-york-legal-protections", "Legal protections in New York", 8, LESSON_LAW),
    ("the-sop-step-by-step", "The SOP step by step", 10, LESSON_SOP),
    ("keeping-kits-ready", "Keeping kits ready: storage, expiry, restocking", 5, LESSON_KITS),
]

S, M, TF = "single", "multiple", "true_false"
QUESTIONS = [
    # Lesson 1
    ("In a large Massachusetts study, what share of people treated for a non-fatal opioid overdose died within a year?", S,
     [("About 1 in 20 (5.5%)", True), ("About 1 in 2", False), ("About 1 in 1,000", False), ("None", False)],
     "5.5% died within a year; the first days and weeks are the riskiest.", "Why leave naloxone behind"),
    ("Which is a benefit that leave-behind program guides name?", S,
     [("More naloxone reaches the survivor's family and friends", True), ("It replaces the need to call 911", False), ("It requires the survivor to enter treatment", False)],
     "More naloxone in the survivor's network, a chance to offer help if wanted, and wider state naloxone distribution.", "Why leave naloxone behind"),
    ("True or false: published research has proven that police leave-behind programs lower overdose deaths.", TF,
     [("True", False), ("False", True)],
     "No published study has shown that yet; programs report kit counts, and the case rests on the high risk after an overdose.", "Why leave naloxone behind"),
    # Lesson 2
    ("Which are signs of an opioid overdose? Choose all that apply.", M,
     [("Cannot be woken by a shout or sternal rub", True), ("Slow, shallow or stopped breathing", True), ("Blue or grey lips and nails", True), ("Very wide (dilated) pupils", False)],
     "Pupils are pinpoint (very small) in an opioid overdose.", "Recognising and responding"),
    ("After the first nasal dose there is no response after 2-3 minutes. What do you do?", S,
     [("Give a new device in the other nostril, and repeat every 2-3 minutes", True), ("Spray the same device again", False), ("Wait 15 minutes", False), ("Stop: one dose is the maximum", False)],
     "Each device holds one dose. Use a new one in the other nostril every 2-3 minutes until response or EMS.", "Recognising and responding"),
    ("When you give rescue breaths, after the first 2 breaths how often do you breathe for the person?", S,
     [("1 breath every 6 seconds", True), ("1 breath every 30 seconds", False), ("2 breaths every minute", False)],
     "For an adult with a pulse who is not breathing: tilt the head back, pinch the nose, 2 breaths, then 1 breath every 6 seconds. No normal breathing and no pulse you can reliably feel: CPR and the AED.", "Recognising and responding"),  # [S51]
    ("True or false: if the person wakes up after naloxone, EMS is no longer needed.", TF,
     [("True", False), ("False", True)],
     "Naloxone lasts about 30-90 minutes and the opioid can outlast it: the person still needs medical care.", "Recognising and responding"),
    ("You got powder on your skin at the scene. What do you do?", S,
     [("Wash it off with water (and soap)", True), ("Rub in alcohol hand sanitiser", False), ("Give yourself naloxone at once", False)],
     "Wash with water; alcohol sanitiser may increase absorption. Incidental skin contact is very unlikely to cause toxicity.", "Recognising and responding"),
    # Lesson 3
    ("Which does New York's 911 Good Samaritan law (Penal Law §220.78) protect the caller from?", S,
     [("Drug possession charges based on evidence found because of the call", True), ("Charges for selling drugs", False), ("Arrest on an outstanding warrant", False), ("Probation or parole violations", False)],
     "Possession (drugs, paraphernalia, under-21 alcohol) found because of the call is protected; sale charges, warrants, probation/parole violations and non-drug crimes are not. A good-faith caller without prior A-I, A-II or B drug felonies may have an affirmative defence to a sale charge (§220.78(4)); evidence stays usable against others and for other crimes, and seizure stays lawful (§220.78(5)).", "Legal protections"),  # [S16][S17][S54]
    ("Under CPL §60.49, what is the legal effect of someone having naloxone?", S,
     [("It cannot be used to establish probable cause or prove the listed drug-possession offences", True), ("It is evidence of drug use", False), ("It must be seized", False)],
     "Having naloxone cannot be used as evidence toward those listed possession charges; the law covers only those offences.", "Legal protections"),  # [S18][S54]
    ("True or false: a New York statute expressly authorises police officers to leave naloxone behind.", TF,
     [("True", False), ("False", True)],
     "As of December 2026 no statute names police leave-behind. Bill A9789 died with the 2023-24 session; the same text, A6481, was referred to the Assembly Health Committee on 5 March 2025 (a bill, not law). Programs work under a registered program and its clinical director.", "Legal protections"),  # [S53][S12]
    # Lesson 4
    ("Under a typical leave-behind SOP, who may receive a kit?", M,
     [("The overdose survivor", True), ("Family members or friends present", True), ("Bystanders at risk of witnessing an overdose", True), ("Only people who agree to enter treatment", False)],
     "Survivor, family, friends, bystanders: anyone at risk of having or witnessing an overdose. Treatment is offered, not imposed.", "The SOP"),
    ("The survivor refuses transport to hospital. What happens with the kit?", S,
     [("Offer it to them or the people with them, and show how to use it", True), ("No kit: only transported patients get one", False), ("Leave it without explanation", False)],
     "Kits are offered whether or not the person is transported.", "The SOP"),
    ("You gave naloxone on a call. Besides your incident report, where is the administration reported in New York?", S,
     [("nyoverdose.org/PublicSafety", True), ("Nowhere else", False), ("The patient's insurer", False)],
     "Law enforcement reports every naloxone administration to NYSDOH at nyoverdose.org/PublicSafety.", "The SOP"),
    # Lesson 5
    ("What is the storage range for current Narcan nasal spray?", S,
     [("68-77°F (20-25°C), short excursions 41-104°F allowed, never frozen", True), ("Any temperature", False), ("Frozen until use", False)],
     "68-77°F with excursions 41-104°F for current Narcan; other products: as printed on the device's label. Do not freeze; avoid extremes such as a glove box.", "Keeping kits ready"),  # [S30][S56][S43]
    ("A kit's printed expiry date has passed. What do you do?", S,
     [("Replace it from your supply point", True), ("Keep using it: naloxone never expires", False), ("Throw it away and carry none", False)],
     "Always follow the date printed on the device's label and replace expired kits.", "Keeping kits ready"),  # [S30][S56]
]  # fmt: skip


# Explanations as the first release shipped them (before the 2026-12 review): a bank question
# still reading like this was never edited by ORS and gets the corrected text.
EARLIER_QUESTIONS = [
    ShippedQuestion(
        "When you give rescue breaths, after the first 2 breaths how often do you breathe for the person?",
        "Tilt the head back, pinch the nose, 2 breaths, then 1 breath every 5 seconds.",
        {"1 breath every 5 seconds": "1 breath every 6 seconds"},
    ),
    ShippedQuestion(
        "Which does New York's 911 Good Samaritan law (Penal Law §220.78) protect the caller from?",
        "Possession (drugs, paraphernalia, under-21 alcohol) is protected; sales, warrants, probation/parole violations and non-drug crimes are not.",
    ),
    ShippedQuestion(
        "Under CPL §60.49, what is the legal effect of someone having naloxone?",
        "Having naloxone cannot be used as evidence toward those possession charges.",
    ),
    ShippedQuestion(
        "True or false: a New York statute expressly authorises police officers to leave naloxone behind.",
        "As of 2024 no statute named police leave-behind; bill A9789 would add it. Programs work under a registered program and its clinical director.",
    ),
    ShippedQuestion(
        "What is the storage range for current Narcan nasal spray?",
        "68-77°F with excursions 41-104°F; do not freeze; avoid extremes such as a glove box.",
    ),
    ShippedQuestion(
        "A kit's printed expiry date has passed. What do you do?",
        "Always follow the printed date and replace expired kits.",
    ),
]  # fmt: skip


def lesson_body(blocks: list[tuple]) -> list[tuple]:
    """Keep only blocks the installed LessonBodyBlock knows (robust to block changes)."""
    known = set(LessonBodyBlock().child_blocks)
    return [block for block in blocks if block[0] in known]


def load_roll_call_course(stdout) -> None:
    course, status = ensure_shipped_page(
        parent=course_index(),
        model=CoursePage,
        slug=COURSE_SLUG,
        title=COURSE_TITLE,
        summary=(
            "Five short lessons for roll call: why we leave naloxone behind, recognising an "
            "overdose and giving nasal naloxone, New York's legal protections, the SOP step by "
            "step, and keeping kits ready. Pass the quiz for a certificate and a wallet card."
        ),
        audience=CoursePage.Audience.OFFICERS,
        estimated_minutes=45,
        recertification_months=12,
        issues_certificate=True,
        is_public=False,
        learning_objectives="\n".join([
            "Explain why a naloxone kit is left with the people at an overdose scene",
            "Recognise an opioid overdose and give 4 mg nasal naloxone",
            "Describe New York's Good Samaritan and naloxone protections",
            "Follow the leave-behind SOP: offer, explain, refer, record",
            "Store, check and restock kits",
        ]),
        roll_call_briefing=BRIEFING,
    )  # fmt: skip
    lesson_statuses = [
        ensure_shipped_page(
            parent=course, model=LessonPage, slug=slug, title=title,
            estimated_minutes=minutes, body=lesson_body(blocks),
        )[1]
        for slug, title, minutes, blocks in LESSONS
    ]  # fmt: skip
    quiz = load_quiz(
        course=course, slug="quiz", title="Leave-behind naloxone quiz", questions=QUESTIONS
    )
    refreshed = refresh_shipped_questions(questions=QUESTIONS, earlier=EARLIER_QUESTIONS)
    stdout.write(
        f"Course {COURSE_TITLE!r}: {status}; lessons: {', '.join(lesson_statuses)};"
        f" quiz: {'yes' if quiz else 'not available'}; {refreshed} question(s) corrected"
    )


def load_quiz(*, course, slug: str, title: str, questions: list, pass_mark: int = 80):
    """The course's QuizPage with its question pool (bank questions created once)."""
    existing = course.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    question_objects = []
    for text, kind, choices, explanation, category in questions:
        question = Question.objects.filter(text=text).first() or create_question(
            text=text, kind=kind, choices=choices, explanation=explanation,
            category=f"{course.title}: {category}",
        )  # fmt: skip
        question_objects.append(question)
    quiz = QuizPage(
        slug=slug,
        title=title,
        intro=f"<p>{len(questions)} questions covering every lesson. Pass mark {pass_mark}%.</p>",
        pass_mark=pass_mark,
    )
    for order, question in enumerate(question_objects):
        quiz.quiz_questions.add(QuizQuestion(question=question, sort_order=order))
    course.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz
