from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses, lessons and quizzes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import WorkflowState
        from wagtail.signals import workflow_approved, workflow_submitted

        from courses import receivers  # noqa: F401  (connects course progress to quiz passes)
        from courses.review import notify_reviewers, publish_reviewed_pages

        workflow_approved.connect(publish_reviewed_pages, sender=WorkflowState)
        workflow_submitted.connect(notify_reviewers, sender=WorkflowState)
