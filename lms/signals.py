"""Signals that leave the lms app.

completion_recorded: sent after a Completion is committed.
    sender: Completion (the class); kwargs: completion.
"""

from django.dispatch import Signal

completion_recorded = Signal()
