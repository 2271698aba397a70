"""The leave-behind toolkit: resource pages, the supplier directory (fictional demo entries),
family inserts in English and Spanish, and an ORS survey form.

Text is written from the project's fact sheet (shared/domain/FACTS.md) in our own words. Where
the fact sheet says a source was not found (the ORS sample roll-call training, the ORS "Eight
Best Practices" guide), the pages say so instead of inventing it.
"""

from __future__ import annotations

from cms.demo.family_inserts import load_family_inserts
from cms.demo.pages import ensure_page, ensure_shipped_page, home_page
from cms.models import (
    FormField,
    FormPage,
    NaloxoneSupplier,
    SupplierCounty,
    SupplierDirectoryPage,
    ToolkitIndexPage,
    ToolkitPage,
)

MODEL_SOP_VERSION = "2026.2"

BENEFITS_BODY = [
    (
        "rich_text",
        "<p>In a leave-behind program, the officer who responds to a non-fatal opioid overdose hands a naloxone kit to the survivor, or to the family, friends or bystanders with them, usually with information on treatment and harm-reduction services. Emergency medical services ran most of the early programs; police and sheriffs' offices in New York now run them too.</p>",
    ),
    ("heading", "Why the people at an overdose scene"),
    (
        "rich_text",
        "<p>A Massachusetts study followed 11,557 people treated in an emergency department for a non-fatal opioid overdose: 5.5% died within a year, 1.1% within a month and 0.25% within two days. The first days and weeks are the most dangerous. NIDA summarised it as about one in twenty dead within a year, roughly two-thirds of them from a later opioid overdose.</p>",
    ),
    ("heading", "What programs report as benefits"),
    (
        "steps",
        [
            {
                "title": "More naloxone in the survivor's circle",
                "text": "The people most likely to witness the next overdose keep a kit at hand.",
            },
            {
                "title": "A door to help, if the person wants it",
                "text": "The encounter is a chance to offer treatment or harm-reduction contacts. Offer, never impose.",
            },
            {
                "title": "Wider reach for the state's naloxone work",
                "text": "It adds to New York's overdose education and naloxone distribution (OEND) efforts.",
            },
            {
                "title": "Police reach people others miss",
                "text": "Officers meet people who use opioids on many kinds of calls, such as domestic disputes, not only overdoses (Dr. Michael Dailey, Albany Medical College).",
            },
            {
                "title": "Trust",
                "text": "Pittsburgh EMS leaders said leaving naloxone builds trust, while stressing that people must still call 911 if the person does not wake.",
            },
        ],
    ),
    ("heading", "What the numbers show, honestly"),
    (
        "rich_text",
        "<p>Published figures are counts of kits and people, not lives saved. Philadelphia Fire Department EMS handed out more than 2,000 leave-behind kits in just over a year. In Delaware, 24 of the state's 48 police departments (50%) were taking part by 2023. San Francisco's Project FRIEND sent 1,200 kits to EMS companies in its first year.</p>",
    ),
    (
        "callout",
        {
            "kind": "info",
            "title": "What we do not claim",
            "body": "<p>We found no published study showing that police leave-behind programs lower overdose deaths. The case rests on the high risk in the days after an overdose and on getting naloxone to the people who will be there next time.</p>",
        },
    ),
    (
        "rich_text",
        "<p>Plan for roughly two to six months from deciding to launching; adding a leave-behind field to incident reports can take longer.</p>",
    ),
]

OBTAINING_BODY = [
    (
        "rich_text",
        "<p>New York's Department of Health (NYSDOH) supplies naloxone free of charge to every registered Opioid Overdose Prevention Program (OOPP). A law-enforcement agency can get naloxone at no cost in two ways: register as a program itself, or partner with a registered program that already serves its area.</p>",
    ),
    ("heading", "Route 1: partner with a registered program"),
    (
        "rich_text",
        '<p>Some counties already have a registered program that supplies police, fire and EMS agencies. For example, Saratoga County\'s Office of Emergency Management, a DOH-authorised program, supplies any police, fire or EMS agency in the county free of charge, for use on calls or for handing out to the public. Ask the programs in your county; our <a href="/naloxone-suppliers/">supplier directory</a> lists some (demo entries are fictional).</p>',
    ),
    ("heading", "Route 2: register your agency as a program"),
    (
        "steps",
        [
            {
                "title": "Check that you are eligible",
                "text": "Public safety agencies can register as 'local and state government agencies', one of eight kinds of organisation that may register.",
            },
            {
                "title": "Name a program director and a clinical director",
                "text": "They may be the same person. The clinical director must be a New York prescriber (physician, nurse practitioner or physician assistant); they advise on training and review reports of every naloxone administration.",
            },
            {
                "title": "Send form DOH-4391",
                "text": "E-mail it to overdose@health.ny.gov (phone 1-800-692-8528). DOH's guide for new programs is called 'Putting the Pieces Together'.",
            },
            {
                "title": "Receive supplies",
                "text": "Registered programs receive naloxone kits, blue 'certificate of completion' cards for the people they train, and details of their reporting duties.",
            },
        ],
    ),
    (
        "callout",
        {
            "kind": "info",
            "title": "Reporting when an officer gives naloxone",
            "body": "<p>Law-enforcement agencies, registered or not, report each naloxone administration at nyoverdose.org/PublicSafety (no login needed). Questions: publicsafetynaloxone@health.ny.gov.</p>",
        },
    ),
    (
        "callout",
        {
            "kind": "warning",
            "title": "Kits left behind",
            "body": "<p>We found no NYSDOH form for logging kits left behind (as opposed to naloxone given). Agree how to track them with your partner program.</p>",
        },
    ),
    (
        "rich_text",
        "<p>Other routes exist: according to the Bureau of Justice Assistance, New York's Board of Pharmacy lets police agencies buy naloxone directly from a wholesaler. For members of the public, the N-CAP program pays up to $40 of the pharmacy co-payment for insured people; uninsured people get naloxone through registered programs.</p>",
    ),
]

MODEL_SOP_BODY = [
    (
        "callout",
        {
            "kind": "legal",
            "title": "Adapt before adopting",
            "body": "<p>This is a model to adapt. Replace the bracketed text, and have your partner program's clinical director and your counsel review it. It is not legal or medical advice.</p>",
        },
    ),
    ("heading", "1. Purpose"),
    (
        "rich_text",
        "<p>To place naloxone with people at risk of witnessing or having an opioid overdose, by offering a leave-behind kit after suspected opioid overdoses and on other calls where the risk is evident, together with information on getting help.</p>",
    ),
    ("heading", "2. Authority and oversight"),
    (
        "rich_text",
        "<p>[Agency name] takes part under the registration of [partner registered Opioid Overdose Prevention Program], whose clinical director is [name]. A memorandum of agreement (MOA) with that program sets out supply, training, record-keeping and reporting. The Bureau of Justice Assistance's law-enforcement naloxone toolkit has sample MOAs, SOPs and data forms.</p>",
    ),
    ("heading", "3. When to offer a kit"),
    (
        "steps",
        [
            {
                "title": "After every suspected opioid overdose",
                "text": "Whether or not the person is taken to hospital; if they refuse transport, leave the kit with them or the people present.",
            },
            {
                "title": "On other calls where the risk is evident",
                "text": "[Agency option: e.g. family asks for one, or drug use is apparent.]",
            },
            {
                "title": "Only once the scene is safe and care is handed over",
                "text": "Life-saving care and EMS come first.",
            },
        ],
    ),
    ("heading", "4. Who may receive a kit"),
    (
        "rich_text",
        "<p>The survivor, their family, friends or bystanders, and anyone at risk of having or witnessing an overdose. Family and friends may ask for one. Accepting a kit is voluntary.</p>",
    ),
    ("heading", "5. Kit contents"),
    (
        "key_points",
        [
            "Two 4 mg naloxone nasal spray devices with illustrated instructions",
            "Gloves, a face shield or breathing barrier, and wipes",
            "The family insert: how to respond, call 911, Good Samaritan protection",
            "A card with local treatment, harm-reduction and syringe-access contacts",
        ],
    ),
    ("heading", "6. Procedure at the scene"),
    (
        "steps",
        [
            {
                "title": "Offer the kit",
                "text": "To the survivor or the people with them; respect a refusal.",
            },
            {
                "title": "Show how to use it",
                "text": "Signs of an overdose; call 911; one spray in one nostril; if they are not breathing normally, CPR on their back and the AED as soon as it arrives; a new device in the other nostril after 2-3 minutes if there is no response; the recovery position only once they breathe on their own.",  # [S26][S51]
            },
            {
                "title": "Say where help is",
                "text": "Hand over the referral card and say where to get a replacement kit. Treatment referral is offered, not imposed.",
            },
            {
                "title": "Explain Good Samaritan protection",
                "text": "Penal Law §220.78: people who call 911 for an overdose are protected from possession charges, with limits (see the family insert).",
            },
        ],
    ),
    ("heading", "7. Documentation"),
    (
        "steps",
        [
            {
                "title": "Tick the leave-behind box on the incident report",
                "text": "Record the number of kits and the type of recipient (survivor, family or friend, bystander).",
            },
            {
                "title": "Collect only essential identifying data",
                "text": "Agree the fields with [partner program]; allow anonymity where possible.",
            },
            {
                "title": "If an officer gave naloxone, report it",
                "text": "At nyoverdose.org/PublicSafety, as well as any report the partner program requires.",
            },
        ],
    ),
    ("heading", "8. Inventory, storage and expiry"),
    (
        "rich_text",
        "<p>[Unit or role] keeps a kit log, restocks from [partner program], checks expiry dates [monthly], and replaces used, damaged or expired kits. Store naloxone within the manufacturer's range (for current Narcan units 68-77°F / 20-25°C, with excursions 41-104°F / 5-40°C allowed; do not freeze). [Agency rule for patrol-car storage, avoiding extremes such as a glove box.] Always follow the printed expiry date.</p>",
    ),
    ("heading", "9. Training and review"),
    (
        "rich_text",
        "<p>Officers complete the roll-call course 'Leave-Behind Naloxone: Roll Call Training' and acknowledge this SOP before carrying kits. Supervisors review kit counts with the partner program [quarterly] and this SOP [annually].</p>",
    ),
]

SCRIPT_BODY = [
    (
        "callout",
        {
            "kind": "info",
            "title": "About this script",
            "body": "<p>The New York ORS toolkit includes a sample roll-call training that we could not obtain; ask the NY ORS team for it. This sample follows published roll-call practice: short, delivered by a supervisor or qualified instructor from a lesson plan approved in advance, attendance recorded on a roster, absent officers make it up on return. It assumes officers are already trained to give naloxone. The course 'Leave-Behind Naloxone: Roll Call Training' carries the full briefing, written out in sentences to read aloud, with a scenario: it is what presenter mode shows at a roll-call session.</p>",  # [S37]
        },
    ),
    (
        "rich_text",
        "<p>Length: about 10-15 minutes. Bring: two demo kits (trainer devices if you have them), the family insert, the referral card, an incident report form, and the sign-in sheet.</p>",
    ),
    (
        "script_line",
        {
            "minutes": "0:00-2:00",
            "say": "Starting this shift, we leave naloxone behind after overdoses. In the year after a non-fatal overdose about one in twenty people die, and the first days are the riskiest. The kit we leave is for the next overdose, and the people there will be the ones who respond.",
            "do": "Hold up a kit.",
        },
    ),
    (
        "script_line",
        {
            "minutes": "2:00-5:00",
            "say": "When: every suspected opioid overdose, transported or not. Who: the survivor, family, friends, bystanders. What we say: how to spot an overdose, call 911, how to use the spray, where to get help and another kit.",
            "do": "Walk through the SOP steps on one page.",
        },
    ),
    (
        "script_line",
        {
            "minutes": "5:00-9:00",
            "say": "Open the kit. Two devices, one dose each; do not prime or test. Nozzle in one nostril until your fingers touch the nose, press firmly. Not breathing normally: CPR on their back and the AED, not the recovery position. No response in 2-3 minutes: a new device, other nostril. Recovery position only once they breathe on their own.",  # [S26][S51]
            "do": "Pass the kits round; each officer handles a device and the family insert.",
        },
    ),
    (
        "script_line",
        {
            "minutes": "9:00-11:00",
            "say": "Paperwork: tick the leave-behind box and record kits and recipient type. If you gave naloxone yourself, it is also reported at nyoverdose.org/PublicSafety. Restock from the supply point and check expiry dates.",
            "do": "Show the report box.",
        },
    ),
    (
        "script_line",
        {
            "minutes": "11:00-13:00",
            "say": "Quick check. How often do you repeat a dose? (Every 2-3 minutes, new device.) The person wakes up: do we still need EMS? (Yes: naloxone lasts 30-90 minutes.) Does the Good Samaritan law cover drug sales? (No.)",
            "do": "Ask two or three officers by name.",
        },
    ),
    (
        "script_line",
        {
            "minutes": "13:00-15:00",
            "say": "Sign the sheet. If you missed this, see me on your next shift. Finish the online course and acknowledge the SOP by the due date.",
            "do": "Collect the signed roster.",
        },
    ),
]


def load_toolkit(stdout) -> None:
    home = home_page()
    index, index_status = ensure_shipped_page(
        parent=home,
        model=ToolkitIndexPage,
        slug="toolkit",
        title="Leave-behind naloxone toolkit",
        # [S1]: the ORS toolkit's parts; its SOP, roll-call training and card were not available.
        intro="<p>Everything a New York police or sheriff's agency needs to start a leave-behind naloxone program. It follows the structure of the New York Overdose Response Strategy (ORS) team's toolkit (program benefits, obtaining naloxone, an SOP, roll-call training and a quick reference card) and is written from public sources: why it helps, how to get naloxone at no cost, a model SOP, a roll-call script, and a family insert for every kit.</p>",
    )
    pages = [
        ("program-benefits", "Program benefits", ToolkitPage.Kind.BENEFITS, "", False,
         "Why police leave naloxone behind after an overdose, and what the evidence does and does not show.", BENEFITS_BODY),
        ("obtaining-naloxone", "Obtaining naloxone at no cost", ToolkitPage.Kind.OBTAINING, "", False,
         "Partner with a NYSDOH-registered opioid overdose prevention program, or register your agency as one (form DOH-4391).", OBTAINING_BODY),
        ("model-sop", "Model SOP: leave-behind naloxone", ToolkitPage.Kind.MODEL_SOP, MODEL_SOP_VERSION, True,
         "A standard operating procedure to adapt and adopt: when to leave a kit, with whom, what to say, what to record, and how to keep kits.", MODEL_SOP_BODY),
        ("roll-call-script", "Sample roll-call script", ToolkitPage.Kind.ROLL_CALL_SCRIPT, "", True,
         "A 10-15 minute briefing a supervisor can deliver at roll call, with a kit demonstration and a quick knowledge check.", SCRIPT_BODY),
    ]  # fmt: skip
    statuses = []
    for slug, title, kind, version, printable, summary, body in pages:
        _, status = ensure_shipped_page(
            parent=index, model=ToolkitPage, slug=slug, title=title, kind=kind,
            version_label=version, printable=printable, summary=summary, body=body,
        )  # fmt: skip
        statuses.append(status)
    directory, dir_created = ensure_page(
        parent=home,
        model=SupplierDirectoryPage,
        slug="naloxone-suppliers",
        title="No-cost naloxone suppliers by county",
        intro="<p>Organisations that supply law-enforcement agencies with naloxone at no cost, usually NYSDOH-registered opioid overdose prevention programs. Choose your county. <strong>Demo entries are fictional</strong>: do not call them.</p>",
    )
    survey, survey_created = ensure_page(
        parent=index,
        model=FormPage,
        slug="roll-call-feedback",
        title="Roll-call training feedback",
        intro="<p>Tell the ORS team how the leave-behind roll-call training went at your agency.</p>",
        thank_you_text="<p>Thank you. The ORS team reads every answer.</p>",
    )
    if survey_created:
        for order, (label, field_type, required, choices) in enumerate([
            ("Your agency", "singleline", True, ""),
            ("How useful was the roll-call training?", "radio", True, "Very useful\nSomewhat useful\nNot useful"),
            ("What should we add or change?", "multiline", False, ""),
        ]):  # fmt: skip
            FormField.objects.create(
                page=survey, sort_order=order, label=label, field_type=field_type,
                required=required, choices=choices,
            )  # fmt: skip
    suppliers = load_suppliers()
    inserts = load_family_inserts()
    stdout.write(
        f"Toolkit: index {index_status}; resource pages: {', '.join(statuses)}; directory"
        f" {'created' if dir_created else 'kept'} ({directory.url_path}), {suppliers} suppliers"
        f" created or corrected, {inserts} family inserts created"
    )


STATEWIDE_PHONE = "518-555-0100"
EARLIER_STATEWIDE_PHONE = "800-555-0100"  # as first shipped

FICTIONAL_SUPPLIERS = [
    ("Example County Harm Reduction Program (fictional)", False, ["Albany", "Schenectady", "Rensselaer"],
     "Jordan Sample", "518-555-0142", "naloxone@example-harm-reduction.example.org",
     "Demo entry. Supplies 4 mg nasal naloxone kits to police and sheriffs' offices at no cost under an MOA."),
    ("Hudson Valley Overdose Prevention Network (fictional)", False, ["Dutchess", "Ulster", "Orange", "Putnam"],
     "Casey Placeholder", "845-555-0117", "kits@hv-network.example.org",
     "Demo entry. Trains officers and restocks leave-behind kits monthly."),
    ("Northern Tier Recovery Alliance (fictional)", False, ["Clinton", "Essex", "Franklin", "St. Lawrence"],
     "Riley Example", "518-555-0190", "info@northern-tier.example.org",
     "Demo entry. Can supply family inserts and referral cards with kits."),
    ("Capital Region Emergency Management OOPP (fictional)", False, ["Albany", "Saratoga", "Warren", "Washington"],
     "Morgan Demo", "518-555-0163", "oopp@capital-oem.example.org",
     "Demo entry. Supplies police, fire and EMS agencies for use on calls and for leaving with the public."),
    ("Statewide Naloxone Partners (fictional)", True, [],
     # 555-0100..0199 is fictitious only in a geographic area code, not toll-free 800 [S57].
     "Taylor Specimen", STATEWIDE_PHONE, "partners@statewide-naloxone.example.org",
     "Demo entry. Statewide back-up supplier when no local program serves your county."),
]  # fmt: skip


def load_suppliers() -> int:
    created = 0
    for org, statewide, counties, contact, phone, email, notes in FICTIONAL_SUPPLIERS:
        supplier, was_created = NaloxoneSupplier.objects.get_or_create(
            organisation=org,
            defaults={
                "serves_statewide": statewide, "contact_name": contact, "phone": phone,
                "email": email, "notes": notes,
            },
        )  # fmt: skip
        if was_created:
            created += 1
            for county in counties:
                SupplierCounty.objects.create(supplier=supplier, county=county)
        elif supplier.phone == EARLIER_STATEWIDE_PHONE and phone == STATEWIDE_PHONE:
            supplier.phone = phone
            supplier.save(update_fields=["phone", "updated_at"])
            created += 1
    return created
