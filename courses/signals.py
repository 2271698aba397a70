"""Signals that leave the courses app; other apps listen, courses never imports them.

course_completed: sent once when a user meets a course's completion rule.
    sender: CoursePage (the class); kwargs: user, course (CoursePage), revision (the
    wagtailcore Revision that was learned, or None), attempt (the passing QuizAttempt or None),
    score (Decimal percent or None), completed_at (aware datetime).
"""

from django.dispatch import Signal

course_completed = Signal()
