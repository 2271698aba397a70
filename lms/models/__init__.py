from .base import TimeStampedModel
from .users import User

__all__ = ["TimeStampedModel", "User"]
