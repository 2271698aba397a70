from .pages import CourseIndexPage, CoursePage, LessonPage
from .progress import LessonProgress
from .review import CourseReviewItem, CourseReviewTask

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "CourseReviewItem",
    "CourseReviewTask",
    "LessonPage",
    "LessonProgress",
]
