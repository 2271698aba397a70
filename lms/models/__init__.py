from .agencies import Agency, Membership
from .base import TimeStampedModel
from .ledger import Assignment, Completion, LedgerIsAppendOnly
from .reminders import ReminderLog
from .users import User

__all__ = [
    "Agency",
    "Assignment",
    "Completion",
    "LedgerIsAppendOnly",
    "Membership",
    "ReminderLog",
    "TimeStampedModel",
    "User",
]
