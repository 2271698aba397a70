from .agencies import Agency, Membership
from .base import TimeStampedModel
from .invitations import Invitation
from .ledger import Assignment, Completion, LedgerIsAppendOnly
from .notifications import Notification, NotificationOptOut
from .users import User

__all__ = [
    "Agency",
    "Assignment",
    "Completion",
    "Invitation",
    "LedgerIsAppendOnly",
    "Membership",
    "Notification",
    "NotificationOptOut",
    "TimeStampedModel",
    "User",
]
