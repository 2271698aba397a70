"""The question chooser a quiz's pool uses: category and kind shown and filterable, several
questions picked at once (the quiz page's MultipleChooserPanel asks for multiple choice), and,
once filtered by a category, every active question of that category in one tick (the ones on
later pages of the listing too). A question already in the pool is dropped again when the quiz is
saved (courses.quiz.forms), so ticking a whole category never adds one twice."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
)

from courses.quiz.models import Question, QuestionCategory


class QuestionFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search the question text")}),
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=QuestionCategory.objects.order_by("name"),
        required=False,
        empty_label=_("Any category"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Any kind")), *Question.Kind.choices],
        required=False,
    )

    def filter(self, objects):
        # A plain database search: the bank is small, and the search index is not needed.
        if query := self.cleaned_data.get("q"):
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(Q(text__icontains=query) | Q(explanation__icontains=query))
        if category := self.cleaned_data.get("category"):
            objects = objects.filter(category=category)
        if kind := self.cleaned_data.get("kind"):
            objects = objects.filter(kind=kind)
        return super().filter(objects)


def active_questions():
    # Retired questions are never drawn into attempts, so they are not offered.
    return Question.objects.filter(is_active=True).select_related("category").order_by("text")


class QuestionChooseViewMixin:
    filter_form_class = QuestionFilterForm
    results_template_name = "quiz/admin/question_chooser_results.html"
    per_page = 50

    def get_object_list(self):
        return active_questions()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form
        category = form.cleaned_data.get("category") if form.is_valid() else None
        if self.is_multiple_choice and category is not None:
            # "All of this category": the whole category, not only this page of results.
            context["whole_category"] = category
            context["whole_category_count"] = active_questions().filter(category=category).count()
        return context

    @property
    def columns(self):
        return [
            *super().columns,
            Column("category", label=_("Category")),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
        ]


class QuestionChooseView(QuestionChooseViewMixin, ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooseViewMixin, ChooseResultsView):
    pass


class QuestionChosenMultipleView(SnippetChosenMultipleView):
    """The ticked questions, plus every active question of each category ticked whole."""

    def get_objects(self, pks):
        chosen = Q(pk__in=[pk for pk in pks if str(pk).isdigit()])
        categories = [pk for pk in self.request.GET.getlist("category") if pk.isdigit()]
        if categories:
            chosen |= Q(category_id__in=categories)
        return active_questions().filter(chosen)


class QuestionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    chosen_multiple_view_class = QuestionChosenMultipleView
