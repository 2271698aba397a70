from .pages import CourseIndexPage, CoursePage, LessonPage
from .progress import CourseCompletionState, LessonProgress

__all__ = ["CourseCompletionState", "CourseIndexPage", "CoursePage", "LessonPage", "LessonProgress"]
