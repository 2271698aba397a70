"""The supervisors' and command staff's course "Quality leave-behind programs: published
practices" (first shipped under the ORS guide's own title; renamed after the 2026-12 content
review so neither the course nor its certificate implies ORS authorship).

The ORS guide "Eight Best Practices for Quality Public Safety Leave Behind Naloxone Programs"
exists (it grew out of a national brainstorming session of ORS
technical advisors combined with published research) but its eight items could not be
obtained. This course says so, tells learners where to request the guide, and teaches the
comparable published practice lists, each attributed to its own source.
"""

from __future__ import annotations

from cms.demo.pages import course_index, ensure_shipped_page
from cms.demo.roll_call_course import kc, lesson_body, load_quiz
from cms.demo.shipped import ShippedQuestion, refresh_shipped_questions
from courses.models import CoursePage, LessonPage

COURSE_SLUG = "eight-best-practices"
# The slug keeps its first-release value so existing links and bookmarks still work.
COURSE_TITLE = "Quality leave-behind programs: published practices"

LESSON_GUIDE = [
    ("rich_text", "<p>The Overdose Response Strategy (ORS) is a joint public health and public safety effort funded by CDC's Injury Center and the White House ONDCP (through HIDTA and the CDC Foundation). Each state team pairs a Drug Intelligence Officer with a Public Health Analyst. The New York team built the leave-behind toolkit after an information session with Albany Medical College to which more than 100 law-enforcement representatives came.</p>"),
    ("callout", {"kind": "info", "title": "About the ORS guide", "body": "<p>ORS developed a guide called <i>Eight Best Practices for Quality Public Safety Leave Behind Naloxone Programs</i>, drawn from a national brainstorming session with ORS technical advisors and from published research. We could not obtain the guide's text, so this course does <b>not</b> list its eight items. Ask the New York ORS team (your Drug Intelligence Officer or Public Health Analyst) for a copy; you can <a href=\"/technical-assistance/\">request it here</a>.</p>"}),
    ("rich_text", "<p>Instead, the next lessons teach practices from four published sources, each named: the HEALing Communities Study's leave-behind guidance, the Bureau of Justice Assistance (BJA) law-enforcement naloxone toolkit, San Francisco's Project FRIEND, and a 2022 expert (Delphi) study of community naloxone programs in the Harm Reduction Journal. Read the ORS guide alongside them when you have it.</p>"),
    ("key_points", [
        "The ORS guide exists; request it from the NY ORS team.",
        "This course attributes every practice to the source that published it.",
        "Plan for two to six months from decision to launch (HEALing Communities Study).",
    ]),
]  # fmt: skip

LESSON_PARTNERS = [
    ("heading", "HEALing Communities Study: partners and referral"),
    ("rich_text", "<p>The study's leave-behind guidance stresses strong ties with public safety, harm-reduction and state naloxone-distribution (OEND) partners, for supply and for onward referral, and says treatment referral should be offered, not imposed.</p>"),
    ("heading", "BJA Law Enforcement Naloxone Toolkit"),
    ("steps", [
        {"title": "A memorandum of agreement with medical oversight", "text": "In New York: a registered Opioid Overdose Prevention Program and its clinical director (a NY physician, NP or PA)."},
        {"title": "A standard operating procedure", "text": "The toolkit's model SOP is a starting point."},
        {"title": "Data collection forms", "text": "What you count, from day one."},
        {"title": "Community outreach and cross-agency collaboration", "text": "Health department, EMS, treatment and harm-reduction providers."},
        {"title": "Training that equips officers to refer", "text": "BJA calls training that also prepares officers to refer people to prevention and treatment a best practice."},
    ]),
    ("heading", "Project FRIEND (San Francisco EMS)"),
    ("rich_text", "<p>Project FRIEND's team credits multi-agency collaboration as its key success factor, supported by a stakeholder advisory committee, protocols updated together with EMS agencies, dedicated training (a video plus in-person sessions), and a data system with labelled kits.</p>"),
    ("discussion_scenario", {"situation": "<p>Your agency has no supplier and no clinical director yet.</p>", "prompts": ["Which registered program in your county could partner with you?", "Who signs the MOA, and who reviews reports of naloxone use?"]}),
]  # fmt: skip

LESSON_ACCESS = [
    ("rich_text", "<p>A 2022 Delphi study in the Harm Reduction Journal asked experts to rank best practices for community overdose education and naloxone distribution. Its top items, in rank order:</p><ol><li>Naloxone is easy to get.</li><li>Tied second: distribution by need, enough supply, low barriers, and no cost.</li><li>Grounded in harm reduction (6th).</li><li>Naloxone saturation (7th).</li><li>Involving people who use drugs (8th).</li></ol><p>Further down: proactive engagement, needs-based training and lay naloxone teams; anonymous service and collecting only essential data; train-the-trainer; an on-site overdose protocol and education materials; outreach, choice of formulation and support for vicarious trauma; and support against burnout.</p>"),
    ("callout", {"kind": "info", "title": "What this means for a police program", "body": "<p>These are community-program practices; applying them to police leave-behind is our reading, not the study's. Examples: carry enough kits that officers never ration them; offer kits freely without conditions; ask only for the data you need.</p>"}),
    kc("In the 2022 Delphi study, which practice ranked first?",
       [("Naloxone is easy to get", True, "Right."), ("Collecting detailed recipient data", False, "The study favoured collecting only essential data."), ("Requiring treatment entry", False, "Not on the list; harm-reduction grounding ranked high.")],
       "Easy access ranked first, followed by need-based distribution, enough supply, low barriers and no cost."),
]  # fmt: skip

LESSON_DATA = [
    ("heading", "Build reminders and counts into the call"),
    ("rich_text", "<p>The HEALing Communities Study recommends a leave-behind check box on the incident report (it doubles as a reminder) and tracking and reporting kit counts. Project FRIEND labelled its kits to track them: in its first year 232 of 1,200 kits (19%) were registered by staff, which shows how hard voluntary tracking is.</p>"),
    ("heading", "New York reporting"),
    ("rich_text", "<p>Every naloxone <i>administration</i> by an officer is reported to NYSDOH at nyoverdose.org/PublicSafety. We found no state form for kits <i>left behind</i>: agree the tracking rules with your partner program, and collect only essential identifying data.</p>"),
    ("key_points", ["Report box on the incident form", "Kit counts and recipient type", "Administrations to nyoverdose.org/PublicSafety", "Review the numbers with your partner program"]),
]  # fmt: skip

LESSON_TRAINING = [
    ("rich_text", "<p>Roll-call training supplements in-service training and is short (segments of five to ten minutes). Published agency policies have supervisors or qualified instructors deliver it from an approved lesson plan, record attendance on a roster, and have absent officers make it up. Full police naloxone courses usually run 40 to 90 minutes; in Howard County, Maryland, officers who took 30 minutes online plus a 45-minute in-service session still knew the material at 30 days and 6 months.</p>"),
    ("heading", "What to add to officer training"),
    ("rich_text", "<p>Interviews with officers (2022) suggest adding content on stigma and addiction as a disease, correcting misconceptions about naloxone safety (they persisted after training), and covering the response after an overdose and naloxone's role in recovery.</p>"),
    ("callout", {"kind": "warning", "title": "Fentanyl exposure fears", "body": "<p>Toxicologists (ACMT/AACT) say incidental skin contact is unlikely to cause toxicity and no confirmed case of illness from incidental exposure has been published; fear of exposure can delay care. Make sure your training says so.</p>"}),
    ("key_points", ["Assign the roll-call course and track completion here", "Use the sample roll-call script in the toolkit", "Record SOP acknowledgements for every officer"]),
]  # fmt: skip

LESSONS = [
    ("about-the-ors-guide", "About the ORS guide and this course", 5, LESSON_GUIDE),
    ("partners-and-oversight", "Partners, oversight and an SOP", 8, LESSON_PARTNERS),
    ("access-and-low-barriers", "Easy access and low barriers", 6, LESSON_ACCESS),
    ("data-and-reporting", "Data, documentation and reporting", 6, LESSON_DATA),
    ("training-your-officers", "Training your officers", 7, LESSON_TRAINING),
]

S, TF = "single", "true_false"
QUESTIONS = [
    ("True or false: this course lists the eight items of the ORS guide 'Eight Best Practices for Quality Public Safety Leave Behind Naloxone Programs'.", TF,
     [("True", False), ("False", True)], "The guide's text could not be obtained; request it from the NY ORS team.", "About the guide"),
    ("Which source calls training that also equips officers to refer people to treatment a best practice?", S,
     [("The BJA Law Enforcement Naloxone Toolkit", True), ("The Delphi study", False), ("Penal Law §220.78", False)], "BJA's toolkit.", "Partners"),
    ("What did Project FRIEND name as its key success factor?", S,
     [("Multi-agency collaboration", True), ("Mandatory treatment referral", False), ("Buying naloxone wholesale", False)], "Multi-agency collaboration.", "Partners"),
    ("Which practice did the HEALing Communities Study recommend for reminding officers?", S,
     [("A leave-behind check box on the incident report", True), ("A monthly e-mail", False), ("Nothing: it is left to memory", False)], "The report box doubles as a reminder.", "Data"),
    ("What ranked first in the 2022 Delphi study of community naloxone programs?", S,
     [("Naloxone is easy to get", True), ("Detailed data collection", False), ("Train-the-trainer", False)], "Easy access ranked first.", "Access"),
]  # fmt: skip


EARLIER_QUESTIONS = [
    ShippedQuestion(
        "True or false: this course lists the eight items of the ORS guide it is named after.",
        "The guide's text could not be obtained; request it from the NY ORS team.",
        new_text=QUESTIONS[0][0],
    ),
]


def load_best_practices_course(stdout) -> None:
    course, status = ensure_shipped_page(
        parent=course_index(),
        model=CoursePage,
        slug=COURSE_SLUG,
        title=COURSE_TITLE,
        summary=(
            "For supervisors and command staff: what makes a quality leave-behind program, "
            "from published practice lists (HEALing Communities Study, BJA, Project FRIEND, a "
            "2022 expert study), and where to get the ORS guide itself."
        ),
        audience=CoursePage.Audience.COMMAND_STAFF,
        estimated_minutes=35,
        recertification_months=None,
        issues_certificate=True,
        is_public=False,
        completion_rule=CoursePage.CompletionRule.LESSONS_AND_QUIZ,
        learning_objectives="\n".join([
            "Name the sources of published leave-behind and naloxone-program practices",
            "Set up partners, medical oversight, an SOP and data collection",
            "Lower barriers to naloxone and collect only essential data",
            "Plan officer training, including roll-call sessions",
        ]),
    )  # fmt: skip
    lesson_statuses = [
        ensure_shipped_page(
            parent=course, model=LessonPage, slug=slug, title=title,
            estimated_minutes=minutes, body=lesson_body(blocks),
        )[1]
        for slug, title, minutes, blocks in LESSONS
    ]  # fmt: skip
    load_quiz(course=course, slug="check", title="Check your understanding", questions=QUESTIONS)
    refreshed = refresh_shipped_questions(questions=QUESTIONS, earlier=EARLIER_QUESTIONS)
    stdout.write(
        f"Course {COURSE_TITLE!r}: {status}; lessons: {', '.join(lesson_statuses)};"
        f" {refreshed} question(s) corrected"
    )
