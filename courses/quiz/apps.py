from django.apps import AppConfig


class QuizConfig(AppConfig):
    """The quiz engine: question bank, quiz pages, attempts and grading."""

    name = "courses.quiz"
    label = "quiz"
    verbose_name = "Quizzes"
    default_auto_field = "django.db.models.BigAutoField"
