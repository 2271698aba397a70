"""ORS authors: the question bank in the admin, imports, quiz pages, item analysis."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.quiz.bank import create_question
from courses.quiz.models import Question, QuestionCategory, QuizPage

from .helpers import finish, make_course, make_quiz, officer_in, sample_questions, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def ors(client):
    user = officer_in(None, is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def _question_form(**overrides):
    data = {
        "kind": "single",
        "text": "Where do you give nasal naloxone?",
        "category": "",
        "explanation": "One spray in one nostril.",
        "image": "",
        "image_alt": "",
        "is_active": "on",
        "choices": inline_formset(
            [
                {"text": "In one nostril", "is_correct": "on"},
                {"text": "Under the tongue"},
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_ors_adds_a_bank_question_with_choices_in_the_admin(ors):
    response = ors.post("/admin/snippets/quiz/question/add/", _question_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get()
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("In one nostril", True),
        ("Under the tongue", False),
    ]


def test_the_admin_refuses_a_choice_question_without_a_correct_choice(ors):
    data = _question_form(
        choices=inline_formset([{"text": "In one nostril"}, {"text": "Under the tongue"}])
    )
    response = ors.post("/admin/snippets/quiz/question/add/", data)
    assert response.status_code == 200
    assert "Exactly one choice must be correct (found 0)." in response.content.decode()
    assert not Question.objects.exists()


def test_ors_builds_a_quiz_page_from_the_bank_under_a_course(ors):
    course = make_course()
    questions = sample_questions(2)
    data = nested_form_data(
        {
            "title": "Check your knowledge",
            "slug": "check",
            "intro": rich_text("<p>Five minutes.</p>"),
            "pass_mark": "80",
            "feedback": "after_each",
            "layout": "one_per_screen",
            "random_order": "on",
            "shuffle_choices": "on",
            "exam_paper": "on",
            "pass_message": rich_text(""),
            "fail_message": rich_text(""),
            "quiz_questions": inline_formset([{"question": q.pk} for q in questions]),
            "action-publish": "publish",
        }
    )
    response = ors.post(f"/admin/pages/add/quiz/quizpage/{course.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = QuizPage.objects.get(slug="check")
    assert quiz.live
    assert [q.pk for q in quiz.pool()] == [q.pk for q in questions]
    from courses.quiz.selectors import live_quiz_for_course

    assert live_quiz_for_course(course).pk == quiz.pk


def test_a_quiz_can_only_be_placed_under_a_course():
    from courses.models import CoursePage, LessonPage

    assert QuizPage.parent_page_types == ["courses.CoursePage"]
    assert QuizPage in CoursePage.allowed_subpage_models()
    assert QuizPage not in LessonPage.allowed_subpage_models()


def test_a_bank_question_is_reused_across_quizzes(client):
    shared = sample_questions(1)[0]
    course = make_course()
    first = make_quiz(course=course, questions=[shared], title="First")
    second = make_quiz(course=course, questions=[shared], title="Second")
    assert list(first.pool()) == list(second.pool()) == [shared]


def _csv(rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "kind",
            "category",
            "question",
            "explanation",
            "correct",
            "choice_1",
            "choice_2",
            "choice_3",
        ]
    )
    writer.writerows(rows)
    return SimpleUploadedFile("questions.csv", buffer.getvalue().encode(), "text/csv")


GOOD_ROWS = [
    [
        "single",
        "Recognition",
        "A sign of overdose?",
        "Pinpoint pupils.",
        "2",
        "Sneezing",
        "Pinpoint pupils",
        "",
    ],
    [
        "multiple",
        "Recognition",
        "Select all signs",
        "",
        "1,2",
        "Slow breathing",
        "Blue lips",
        "Itching",
    ],
    ["true_false", "Law", "Good Samaritan law protects callers.", "", "true", "", "", ""],
    ["essay", "Scenarios", "Describe your steps.", "", "", "", "", ""],
]


def test_importing_a_good_csv_creates_every_question(ors):
    response = ors.post("/admin/quiz/import/", {"file": _csv(GOOD_ROWS)})
    assert response.status_code == 200
    assert "Imported 4 questions." in response.content.decode()
    assert Question.objects.count() == 4
    assert set(QuestionCategory.objects.values_list("name", flat=True)) == {
        "Recognition",
        "Law",
        "Scenarios",
    }
    tf = Question.objects.get(kind="true_false")
    assert [(c.text, c.is_correct) for c in tf.choices.all()] == [("True", True), ("False", False)]


def test_one_bad_row_imports_nothing_and_reports_each_row(ors):
    rows = [
        *GOOD_ROWS,
        ["single", "", "No right answer", "", "", "A", "B", ""],
        ["riddle", "", "What kind?", "", "1", "A", "B", ""],
        ["single", "", "Out of range", "", "5", "A", "B", ""],
    ]
    response = ors.post("/admin/quiz/import/", {"file": _csv(rows)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in page
    assert "correct" in page and "Unknown kind" in page and "no text" in page
    assert page.count("<td>OK</td>") == 4
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()


def test_importing_an_xlsx_file_works_like_csv(ors):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kind", "question", "correct", "choice_1", "choice_2"])
    sheet.append(["single", "Naloxone is safe to give?", 1, "Yes", "No"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("bank.xlsx", buffer.getvalue())
    response = ors.post("/admin/quiz/import/", {"file": upload})
    assert "Imported 1 question." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "Upload a .csv or .xlsx file."),
        ("broken.xlsx", b"not a zip", "This is not a readable .xlsx spreadsheet."),
        (
            "latin.csv",
            "kind,question,correct\nsingle,Caf\xe9,1".encode("latin-1"),
            "not in UTF-8 encoding",
        ),
        ("cols.csv", b"kind,text\nsingle,x", "Missing column(s): question, correct"),
    ],
)
def test_an_unreadable_import_file_gets_a_clear_message(ors, name, content, message):
    response = ors.post("/admin/quiz/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_officers_cannot_open_the_importer(client):
    client.force_login(officer_in(None))
    response = client.get("/admin/quiz/import/")
    assert response.status_code in (302, 403)


def _answered_quiz(client):
    question = create_question(
        text="Which is a sign of overdose?",
        kind="single",
        choices=[("Pinpoint pupils", True), ("Sneezing", False), ("Itching", False)],
        category="Recognition",
    )
    quiz = make_quiz(questions=[question], max_attempts=None)
    for wrong_text in ("Sneezing", "Sneezing", "Itching", None):
        client.force_login(officer_in(None))
        attempt = start(client, quiz)
        snapshot = attempt.questions.get()
        token = next(
            c["token"]
            for c in snapshot.choices
            if (c["text"] == wrong_text) or (wrong_text is None and c["correct"])
        )
        client.post(f"/quiz/attempts/{attempt.public_id}/answer/", {"q": "1", "answer-1": token})
        finish(client, attempt)
    return quiz


def test_item_analysis_shows_share_correct_and_the_most_chosen_wrong_choice(client):
    _answered_quiz(client)
    ors = officer_in(None)
    ors.groups.add(Group.objects.get_or_create(name="ORS staff")[0])
    ors.is_staff = True
    ors.save()
    from django.contrib.auth.models import Permission

    ors.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(ors)
    page = client.get("/admin/reports/quiz-item-analysis/").content.decode()
    assert "Which is a sign of overdose?" in page
    assert "25.0" in page
    assert "Sneezing" in page


def test_item_analysis_exports_a_spreadsheet_with_a_header_row_and_file_name(client):
    _answered_quiz(client)
    client.force_login(officer_in(None, is_superuser=True, is_staff=True))
    response = client.get("/admin/reports/quiz-item-analysis/?export=csv")
    assert response.status_code == 200
    assert 'filename="quiz-item-analysis.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Question",
        "Category",
        "Kind",
        "Answers",
        "Correct answers",
        "Share correct (%)",
        "Most chosen wrong choice",
        "Times chosen",
    ]
    assert rows[1] == [
        "Which is a sign of overdose?",
        "Recognition",
        "single",
        "4",
        "1",
        "25.0",
        "Sneezing",
        "2",
    ]
    xlsx = client.get("/admin/reports/quiz-item-analysis/?export=xlsx")
    assert 'filename="quiz-item-analysis.xlsx"' in xlsx["Content-Disposition"]
    sheet = load_workbook(
        io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content)
    ).active
    assert next(sheet.iter_rows(values_only=True))[0] == "Question"


def test_item_analysis_is_for_ors_staff_only(client):
    _answered_quiz(client)
    supervisor = officer_in(None, is_staff=True)
    from django.contrib.auth.models import Permission

    supervisor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(supervisor)
    response = client.get("/admin/reports/quiz-item-analysis/?export=csv")
    assert response.status_code in (302, 403)


def test_admin_screens_for_quizzes_open_for_ors(ors):
    quiz = make_quiz()
    question = quiz.pool().first()
    for url in (
        "/admin/snippets/quiz/question/",
        "/admin/snippets/quiz/question/?q=Question",
        f"/admin/snippets/quiz/question/edit/{question.pk}/",
        "/admin/snippets/quiz/questioncategory/",
        "/admin/quiz/import/",
        "/admin/reports/quiz-item-analysis/",
        f"/admin/pages/{quiz.pk}/edit/",
        f"/admin/pages/add/quiz/quizpage/{quiz.get_parent().pk}/",
    ):
        assert ors.get(url).status_code == 200, url


def _signed_rows(page: str) -> str:
    import re

    return re.search(r'name="rows" value="([^"]+)"', page).group(1)


def test_importing_the_same_file_twice_asks_before_touching_the_bank(ors):
    ors.post("/admin/quiz/import/", {"file": _csv(GOOD_ROWS)})
    assert Question.objects.count() == 4
    response = ors.post("/admin/quiz/import/", {"file": _csv(GOOD_ROWS)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "4 questions are already in the bank" in page
    assert "Nothing has been written yet" in page
    assert Question.objects.count() == 4
    assert page.count('value="skip" checked') == 4  # skip is the default answer
    skip_all = {f"row-{n}": "skip" for n in range(2, 6)}
    response = ors.post("/admin/quiz/import/", {"rows": _signed_rows(page), **skip_all})
    assert "Imported 0 questions; skipped 4 already in the bank." in response.content.decode()
    assert Question.objects.count() == 4


def test_a_reimport_can_update_a_question_and_add_new_ones(ors):
    ors.post("/admin/quiz/import/", {"file": _csv(GOOD_ROWS)})
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][3] = "Pinpoint pupils, slow or no breathing."  # explanation
    changed[0][4] = "3"
    changed[0][7] = "Pinpoint pupils and slow breathing"
    changed.append(["single", "Law", "  a SIGN of   overdose? ", "", "1", "Yawning", "None", ""])
    changed.append(
        ["single", "Law", "Who may give naloxone?", "", "1", "Anyone", "Medics only", ""]
    )
    page = ors.post("/admin/quiz/import/", {"file": _csv(changed)}).content.decode()
    # The same text with other case and spacing is the same question, twice in one file.
    assert "The same question is already in row 2 of this file." in page
    assert Question.objects.count() == 4

    changed.pop(-2)
    page = ors.post("/admin/quiz/import/", {"file": _csv(changed)}).content.decode()
    decisions = {"row-2": "update", "row-3": "skip", "row-4": "skip", "row-5": "skip"}
    response = ors.post("/admin/quiz/import/", {"rows": _signed_rows(page), **decisions})
    assert "Imported 1 question; updated 1; skipped 3 already in the bank." in (
        response.content.decode()
    )
    question = Question.objects.get(text="A sign of overdose?")
    assert question.explanation == "Pinpoint pupils, slow or no breathing."
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Sneezing", False),
        ("Pinpoint pupils", False),
        ("Pinpoint pupils and slow breathing", True),
    ]
    assert Question.objects.filter(text="Who may give naloxone?").exists()


def test_a_tampered_import_payload_is_refused_and_writes_nothing(ors):
    ors.post("/admin/quiz/import/", {"file": _csv(GOOD_ROWS)})
    page = ors.post("/admin/quiz/import/", {"file": _csv(GOOD_ROWS)}).content.decode()
    response = ors.post(
        "/admin/quiz/import/", {"rows": _signed_rows(page) + "x", "row-2": "update"}
    )
    assert response.status_code == 400
    assert "expired or was changed" in response.content.decode()
    assert Question.objects.count() == 4


def test_the_question_chooser_shows_category_and_kind_filters_and_picks_several(ors):
    from courses.quiz.bank import create_question

    law = [
        create_question(
            text=f"Law question {n}",
            kind="true_false",
            choices=[("True", True), ("False", False)],
            category="Law",
        )
        for n in range(3)
    ]
    create_question(
        text="Where is the spray given?",
        kind="single",
        choices=[("Nose", True), ("Arm", False)],
        category="Devices",
    )
    retired = create_question(
        text="Law question retired",
        kind="true_false",
        choices=[("True", True), ("False", False)],
        category="Law",
    )
    retired.is_active = False
    retired.save()
    choose = "/admin/snippets/choose/quiz/question/"
    response = ors.get(choose, {"multiple": "1"}, headers={"x-requested-with": "XMLHttpRequest"})
    html = response.json()["html"]
    assert "Category" in html and "Kind" in html and "True or false" in html
    assert 'name="id"' in html  # one checkbox per question: several at once
    assert "Law question retired" not in html

    category = QuestionCategory.objects.get(name="Law")
    results = ors.get(choose + "results/", {"multiple": "1", "category": category.pk}).content
    results = results.decode()
    assert all(q.text in results for q in law)
    assert "Where is the spray given?" not in results

    chosen = ors.get(choose + "chosen-multiple/", {"id": [q.pk for q in law]}).json()
    assert sorted(int(item["id"]) for item in chosen["result"]) == sorted(q.pk for q in law)


def test_every_question_of_a_category_goes_into_the_quiz_draft_at_once(ors):
    from courses.quiz.bank import create_question
    from courses.quiz.models import QuizPage
    from tests.courses.quiz.helpers import make_quiz, sample_questions

    quiz = make_quiz(questions=sample_questions(1, category="Devices"))
    quiz.save_revision().publish()
    law = [
        create_question(
            text=f"Law question {n}",
            kind="true_false",
            choices=[("True", True), ("False", False)],
            category="Law",
        )
        for n in range(3)
    ]
    retired = law.pop()
    retired.is_active = False
    retired.save()
    category = QuestionCategory.objects.get(name="Law")
    url = f"/admin/quiz/{quiz.pk}/add-category/"
    assert url in ors.get(f"/admin/pages/{quiz.pk}/edit/").content.decode()
    response = ors.post(url, {"category": category.pk}, follow=True)
    assert "Added 2 questions of “Law” to the draft" in response.content.decode()
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    in_draft = {link.question_id for link in draft.quiz_questions.all()}
    assert {q.pk for q in law} <= in_draft and retired.pk not in in_draft
    # Officers still take the published pool until the course is reviewed.
    assert set(quiz.pool().values_list("pk", flat=True)).isdisjoint(q.pk for q in law)
    again = ors.post(url, {"category": category.pk}, follow=True).content.decode()
    assert "Added 0 questions" in again and "all in its pool already" in again
    assert ors.post(url, {"category": "999"}).status_code == 400
