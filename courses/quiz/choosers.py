"""The question chooser a quiz's pool uses: category and kind shown and filterable, several
questions picked at once (the quiz page's MultipleChooserPanel asks for multiple choice)."""

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


class QuestionChooseViewMixin:
    filter_form_class = QuestionFilterForm
    per_page = 50

    def get_object_list(self):
        # Retired questions are never drawn into attempts, so they are not offered.
        return Question.objects.filter(is_active=True).select_related("category").order_by("text")

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


class QuestionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
