"""Signals that leave the quiz app; course progress listens, the quiz never imports it.

quiz_passed: sent when an attempt is graded as passed (on submission, or when its last essay is
    marked), for an attempt that belongs to a person and a course.
    sender: QuizAttempt (the class); kwargs: attempt.
"""

from django.dispatch import Signal

quiz_passed = Signal()
