from .pages import CourseIndexPage, CoursePage, LessonPage, has_live_lesson, offered_courses
from .progress import LessonProgress
from .review import CourseReviewItem, CourseReviewTask

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "CourseReviewItem",
    "CourseReviewTask",
    "LessonPage",
    "LessonProgress",
    "has_live_lesson",
    "offered_courses",
]
