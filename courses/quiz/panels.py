"""The quiz's "Question pool" panel: the question chooser, several questions (or a whole
category) at a time, and a question already in the pool is kept once.

Ticking a whole category in the chooser (courses.quiz.choosers) adds the questions of it that are
in the pool already too; rather than refuse the save ("duplicate data"), the later copy is
dropped, so the pool holds each question once, in the place it had first.
"""

from __future__ import annotations

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import MultipleChooserPanel


class QuestionPoolFormSet(BaseChildFormSet):
    def _marked_deleted(self, form) -> bool:
        return super()._should_delete_form(form)

    def _should_delete_form(self, form) -> bool:
        if self._marked_deleted(form):
            return True
        question = getattr(form, "cleaned_data", {}).get("question")
        if question is None:
            return False
        for earlier in self.forms:
            if earlier is form:
                return False
            kept = getattr(earlier, "cleaned_data", None) and not self._marked_deleted(earlier)
            if kept and earlier.cleaned_data.get("question") == question:
                return True
        return False


class QuestionPoolPanel(MultipleChooserPanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = QuestionPoolFormSet
        return options
