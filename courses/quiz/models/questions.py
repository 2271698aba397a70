"""The question bank: categories and questions (Wagtail snippets), reusable across quizzes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from lms.models import TimeStampedModel


class QuestionCategory(TimeStampedModel):
    """A topic questions belong to; officers see their success rate per category."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson that teaches this topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "After a failed attempt, officers who missed questions of this topic are sent to "
            "this lesson."
        ),
    )

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(index.Indexed, TimeStampedModel, ClusterableModel):
    """One question in the bank. Attempts keep their own snapshot, so editing is always safe."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Multiple choice (one answer)")
        MULTIPLE = "multiple", _("Select all that apply")
        TRUE_FALSE = "true_false", _("True or false")
        ESSAY = "essay", _("Essay (marked by a person)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("question"), max_length=2000)
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        max_length=4000,
        help_text=_("Shown with the feedback, after the officer has answered."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_("Required with an image: what a screen-reader user needs to answer."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive questions are never drawn into attempts.")
    )

    search_fields = [
        index.SearchField("text"),
        index.SearchField("explanation"),
        index.FilterField("kind"),
        index.FilterField("category"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image__isnull=True) | ~Q(image_alt=""),
                name="quiz_question_image_has_alt_text",
            )
        ]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else f"{text[:77]}..."

    @property
    def has_choices(self) -> bool:
        return self.kind != self.Kind.ESSAY


class Choice(Orderable):
    """An answer option of a choice question."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text
