"""The roll-call briefing of "Leave-Behind Naloxone: Roll Call Training" (CoursePage field
roll_call_briefing): what presenter mode shows a sergeant, 15 minutes in seven segments.

Every factual sentence carries the source key of shared/domain/FACTS.md in a comment ("# [S26]").
The NY ORS sample roll-call training could not be obtained (FACTS section 7, NOT FOUND): this
briefing follows published roll-call practice [S37] and the suggested shape in FACTS section 7.
Clinical director and counsel to approve before field use.
"""

from __future__ import annotations


def say(text: str, do: str = "") -> tuple:
    return ("say_do", {"say": text, "do": do})


def segment(title: str, minutes: int, steps: list[tuple]) -> tuple:
    return ("segment", {"title": title, "minutes": minutes, "steps": steps})


WHY = segment("Why we leave naloxone behind", 2, [
    say("Starting this shift, when we handle an overdose we offer a naloxone kit to the person and the people with them. This briefing takes fifteen minutes. Please hold questions for the scenario.",  # [S2][S7]
        "Hold up a kit so everyone can see it."),
    say("Here is why. Of people treated in an emergency department for an overdose they survived, about one in twenty die within a year, and the first days and weeks are the most dangerous. Most of those deaths come from a later opioid overdose.",  # [S4]
        ""),
    say("Most overdoses have a witness. The kit we leave is for the next overdose, and the family, friends or roommate who were there tonight are often the ones who will be there next time.",  # [S27][S2]
        ""),
])  # fmt: skip

RESPOND = segment("Recognise and respond: one order, every time", 2, [
    say("An opioid overdose looks like this: the person cannot be woken by a shout or a sternal rub, breathing is slow, shallow or stopped, and lips and nails turn blue or grey. Act at once. With fentanyl in the supply, breathing can stop within minutes.",  # [S29][S33][S49]
        "Do a sternal rub on your own chest to show where."),
    say("The order is the same on every call. One: shout and rub the sternum. Two: call for EMS and say the person is not responding and not breathing; send someone for the AED.",  # [S25][S17][S51]
        ""),
    say("Three: if they are not breathing normally, start CPR. If you are trained and feel a pulse but they are not breathing, give rescue breaths, one every six seconds. Four: give naloxone. Five: keep up CPR or breaths on their back and use the AED as soon as it arrives.",  # [S51][S26]
        ""),
    say("Six: only once they breathe on their own, roll them into the recovery position, and stay until EMS takes over. Naloxone wears off in thirty to ninety minutes and the overdose can come back, so EMS comes even if they wake up.",  # [S51][S28][S9]
        "Show the recovery position drawing."),
    say("One more thing: xylazine, a veterinary sedative, is often mixed into fentanyl. Naloxone does not reverse it. Give naloxone anyway, because fentanyl is usually there too, keep supporting breathing, and expect the person may stay sedated.",  # [S52]
        ""),
])  # fmt: skip

DEVICE = segment("Hands-on: the nasal spray", 4, [
    say("Everyone gets a trainer device. Each device holds one dose, and a pack has two. Do not prime it and do not test it: a test spray wastes the only dose in that device.",  # [S26]
        "Pass the kits round; each officer holds a device while you talk."),
    ("illustration", {
        "drawing": "nasal-spray-steps",
        "alt_text": "Three steps: hold the device with the thumb on the plunger; nozzle in one nostril of a person lying on their back; press the plunger.",
        "text_equivalent": "<ol><li>Thumb on the plunger, first and middle fingers either side of the nozzle.</li><li>Person on their back, head tilted back: nozzle in one nostril until your fingers touch the nose.</li><li>Press the plunger firmly, then remove the device.</li></ol>",  # [S26]
        "caption": "Giving 4 mg nasal naloxone",
    }),
    say("Hold it like this: thumb on the plunger, first and middle fingers on either side of the nozzle. The person is on their back. Support the neck and tilt the head back. Put the tip in one nostril until your fingers touch the nose, press the plunger firmly, and take the device out.",  # [S26]
        "Demonstrate on a volunteer's hand or a manikin; do not spray."),
    say("If there is no waking or normal breathing after two to three minutes, give a new device in the other nostril. Keep going every two to three minutes until they respond or EMS arrives, and keep up CPR or breaths in between.",  # [S26][S51]
        "Have two officers show the grip and the second dose to the room."),
    say("Now put the device back in its pack and look at the family insert. This is the sheet you hand over with the kit. It shows the same steps, in English and Spanish.",  # [S7][S8]
        "Hold up the insert."),
])  # fmt: skip

LAW = segment("The law, and the fentanyl myth", 2, [
    say("People are afraid to call 911. Tell them this: under New York's Good Samaritan law, Penal Law 220.78, the person who calls for help in good faith and the person overdosing cannot be charged or prosecuted for drug possession, paraphernalia, or under-21 alcohol found because of the call, even if drugs were shared.",  # [S16][S17]
        ""),
    say("It does not cover drug sales, outstanding warrants, probation or parole violations, or other crimes. A good-faith caller may have a limited defence to a sale charge in court. And it does not stop us from lawfully seizing drugs or using evidence against other people or for other crimes.",  # [S16][S17][S54]
        ""),
    say("Having a naloxone kit cannot be used as evidence toward the listed drug-possession charges, under CPL 60.49. No New York statute expressly names police leave-behind yet: we do this under our partner program and our SOP.",  # [S18][S54][S53][S12]
        ""),
    say("Last, the myth. Toxicologists say that touching fentanyl, or being near it, is very unlikely to make an officer overdose, and no confirmed case from incidental contact has been published. Wear nitrile gloves and wash skin with water, not hand sanitiser. Fear of exposure must never delay care.",  # [S31][S49]
        ""),
])  # fmt: skip

SCENARIO = segment("Scenario: two doses, still not breathing", 2, [
    ("scenario", {
        "situation": "You arrive at an apartment. A man is on the floor, not responding. His roommate called 911, then says he is not getting arrested and backs toward the door. Your partner has given two nasal doses, two to three minutes apart. The man still is not breathing.",
        "prompts": [
            "What do you do right now?",
            "What do you say to the roommate?",
        ],
        "answer": "Start CPR now, get the AED on him as soon as it arrives, and keep going until EMS takes over: two doses without a response can mean cardiac arrest, xylazine or a drug naloxone does not reverse. Tell the roommate that calling 911 protects him from possession charges for what is found because of the call, and ask him to stay and help. Once EMS has taken over, offer him the kit.",  # [S51][S52][S33][S16][S17][S8]
    }),
])  # fmt: skip

LEAVE = segment("Leaving the kit, and the paperwork", 2, [
    say("Once the scene is safe and care is handed over, offer the kit, whether or not the person goes to hospital. Offer it to the survivor, family, friends or bystanders. If they refuse, respect that: offering is our job, accepting is theirs.",  # [S8][S3][S7]
        ""),
    say("When you hand it over, say four things: how to spot an overdose, call 911 first, how to use the spray, and where to get help and another kit. Treatment is offered, never imposed.",  # [S7][S8][S2]
        ""),
    say("On the report, tick the leave-behind box and record the number of kits and who got them. If you gave naloxone yourself, it is also reported to the Department of Health at nyoverdose.org/PublicSafety.",  # [S2][S3][S21]
        "Show the report box."),
    ("link", {"target": "agency_sop", "label": "Our leave-behind SOP: read and acknowledge it"}),
    ("link", {"target": "wallet_card", "label": "The officer wallet card"}),
    ("link", {"target": "family_insert", "label": "The family insert (English and Spanish)"}),
])  # fmt: skip

CLOSE = segment("Quick check and sign-in", 1, [
    say("Three quick questions. Two doses, still not breathing: what now? CPR and the AED. The person wakes up: do we still need EMS? Yes, naloxone wears off in thirty to ninety minutes. Does the Good Samaritan law cover drug sales? No.",  # [S51][S9][S28][S16]
        "Ask two or three officers by name."),
    say("Sign the sheet before you leave. If you missed this briefing, see me on your next shift. Finish the online course and acknowledge the SOP by the due date.",  # [S37]
        "Collect the signed roster or close the session in the app."),
])  # fmt: skip

BRIEFING = [WHY, RESPOND, DEVICE, LAW, SCENARIO, LEAVE, CLOSE]
