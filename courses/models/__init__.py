from .pages import CourseIndexPage, CoursePage, LessonPage
from .progress import CourseCompletionState, LessonProgress
from .review import CourseReviewItem, CourseReviewTask

__all__ = [
    "CourseCompletionState",
    "CourseIndexPage",
    "CoursePage",
    "CourseReviewItem",
    "CourseReviewTask",
    "LessonPage",
    "LessonProgress",
]
