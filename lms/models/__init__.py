from .agencies import Agency, Membership
from .base import TimeStampedModel
from .ledger import Assignment, Completion
from .users import User

__all__ = ["Agency", "Assignment", "Completion", "Membership", "TimeStampedModel", "User"]
