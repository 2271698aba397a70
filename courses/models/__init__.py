from .pages import CourseIndexPage, CoursePage, LessonPage

__all__ = ["CourseIndexPage", "CoursePage", "LessonPage"]
