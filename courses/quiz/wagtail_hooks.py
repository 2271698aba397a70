"""Registers the question bank, the importer and the item-analysis report in the admin."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from courses.quiz.admin_views import import_questions_view
from courses.quiz.models import QuizPage
from courses.quiz.pool_views import add_category
from courses.quiz.trial_views import try_quiz
from courses.quiz.viewsets import ItemAnalysisReportView, QuizBankGroup
from lms.admin_menu import OrsStaffMenuItem

register_snippet(QuizBankGroup)


class QuestionEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quiz.add_question")


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [
        path("quiz/import/", import_questions_view, name="quiz_import_questions"),
        path("quiz/<int:quiz_id>/try/", try_quiz, name="quiz_try"),
        path("quiz/<int:quiz_id>/add-category/", add_category, name="quiz_add_category"),
        path(
            "reports/quiz-item-analysis/",
            ItemAnalysisReportView.as_view(),
            name="quiz_item_analysis",
        ),
        path(
            "reports/quiz-item-analysis/results/",
            ItemAnalysisReportView.as_view(results_only=True),
            name="quiz_item_analysis_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_item_analysis_menu_item():
    return OrsStaffMenuItem(
        "Quiz item analysis", reverse("quiz_item_analysis"), icon_name="help", order=600
    )


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return QuestionEditorMenuItem(
        "Import questions", reverse("quiz_import_questions"), icon_name="upload", order=260
    )


@hooks.register("register_page_header_buttons")
def try_quiz_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, QuizPage):
        yield Button(
            "Try this quiz (nothing recorded)",
            reverse("quiz_try", args=(page.pk,)),
            icon_name="help",
            priority=50,
        )
        yield Button(
            "Add every question of a category",
            reverse("quiz_add_category", args=(page.pk,)),
            icon_name="plus",
            priority=51,
        )
