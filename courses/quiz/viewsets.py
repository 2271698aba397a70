"""Wagtail admin for the question bank and the ORS item-analysis report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from courses.quiz.bank import validate_question
from courses.quiz.choosers import QuestionChooserViewSet
from courses.quiz.models import Question, QuestionCategory, QuizPage
from courses.quiz.selectors import item_analysis
from lms.access import is_ors_staff
from lms.admin_columns import WordsColumn
from lms.admin_exports import SafeExportSnippetViewSet, SafeSpreadsheetExportMixin


class QuestionForm(WagtailAdminModelForm):
    """Checks the question together with its choices (the same rules as the importer)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("choices")
        choices = []
        if formset is not None and formset.is_valid():
            choices = [
                (form.cleaned_data.get("text", ""), bool(form.cleaned_data.get("is_correct")))
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
        kind = cleaned.get("kind")
        if kind:
            for problem in validate_question(
                text=cleaned.get("text", ""), kind=kind, choices=choices
            ):
                self.add_error(None, problem)
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for officers who cannot see it."))
        return cleaned


class QuestionViewSet(SafeExportSnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    menu_order = 100
    list_display = [
        "__str__",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "category",
        WordsColumn("is_active", label=_("In use"), yes=_("Active"), no=_("Retired")),
        "updated_at",
    ]
    list_filter = ["kind", "category", "is_active"]
    search_fields = ["text", "explanation"]
    search_backend_name = None
    list_export = ["pk", "text", "kind", "category", "explanation", "is_active"]
    export_filename = "question-bank"
    chooser_viewset_class = QuestionChooserViewSet
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("text"),
            FieldPanel("category"),
            InlinePanel("choices", label=_("Choice"), heading=_("Choices")),
            FieldPanel("explanation"),
            MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
            FieldPanel("is_active"),
        ],
        base_form_class=QuestionForm,
    )


class QuestionCategoryViewSet(SafeExportSnippetViewSet):
    model = QuestionCategory
    icon = "tag"
    menu_label = _("Question categories")
    menu_order = 200
    list_display = ["name", "description", "lesson"]
    search_fields = ["name"]
    search_backend_name = None
    list_export = ["name", "description", "lesson"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("lesson"),  # a page chooser limited to lessons
    ]


class QuizBankGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuestionCategoryViewSet)
    menu_icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"
    menu_order = 250


class ItemAnalysisReportView(SafeSpreadsheetExportMixin, ReportView):
    """For the ORS team: which questions officers get wrong, and with which wrong answer."""

    page_title = _("Quiz item analysis")
    header_icon = "help"
    index_url_name = "quiz_item_analysis"
    index_results_url_name = "quiz_item_analysis_results"
    results_template_name = "quiz/admin/item_analysis_results.html"
    export_filename = "quiz-item-analysis"
    paginate_by = 100
    list_export = [
        "question",
        "category",
        "kind",
        "answered",
        "correct",
        "share_correct",
        "most_chosen_wrong_choice",
        "most_chosen_wrong_count",
    ]
    export_headings = {
        "question": "Question",
        "category": "Category",
        "kind": "Kind",
        "answered": "Answers",
        "correct": "Correct answers",
        "share_correct": "Share correct (%)",
        "most_chosen_wrong_choice": "Most chosen wrong choice",
        "most_chosen_wrong_count": "Times chosen",
    }
    columns = [
        Column("question", label=_("Question")),
        Column("category", label=_("Category")),
        Column("answered", label=_("Answers")),
        Column("share_correct", label=_("Share correct (%)")),
        Column("most_chosen_wrong_choice", label=_("Most chosen wrong choice")),
        Column("most_chosen_wrong_count", label=_("Times chosen")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_ors_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        quiz = self.request.GET.get("quiz", "")
        quiz_id = int(quiz) if quiz.isascii() and quiz.isdigit() and len(quiz) < 12 else None
        return item_analysis(quiz_id=quiz_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quizzes"] = QuizPage.objects.order_by("title")
        return context
