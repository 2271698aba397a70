"""Adding every question of a category to a quiz's pool at once (the chooser adds ticked ones).

The questions go into a new draft revision of the quiz, so they reach officers only through the
course's review like any other edit.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from courses.quiz.models import Question, QuestionCategory, QuizPage, QuizQuestion


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(
        label="Category", queryset=QuestionCategory.objects.order_by("name")
    )


def add_category_to_pool(*, quiz: QuizPage, category: QuestionCategory, user) -> int:
    """Add the category's active questions not yet in the draft's pool; returns how many."""
    draft = quiz.get_latest_revision_as_object() if quiz.latest_revision_id else quiz
    links = list(draft.quiz_questions.all())
    present = {link.question_id for link in links}
    order = max((link.sort_order or 0 for link in links), default=-1)
    added = 0
    for question in Question.objects.filter(category=category, is_active=True).order_by("text"):
        if question.pk in present:
            continue
        order += 1
        draft.quiz_questions.add(QuizQuestion(question=question, sort_order=order))
        added += 1
    if added:
        draft.save_revision(user=user, log_action=True)
    return added


def add_category(request, quiz_id: int):
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    if not quiz.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        category = form.cleaned_data["category"]
        added = add_category_to_pool(quiz=quiz, category=category, user=request.user)
        messages.success(
            request,
            f"Added {added} question{'s' if added != 1 else ''} of “{category}” to the draft "
            "of this quiz" + ("." if added else ": they were all in its pool already."),
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=(quiz.pk,)))
    return TemplateResponse(
        request,
        "quiz/admin/add_category.html",
        {"quiz": quiz, "form": form, "page_title": f"Add a category: {quiz.title}"},
        status=400 if request.method == "POST" else 200,
    )
