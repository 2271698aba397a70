"""Who is already current on a course, for proposing make-ups after a roll-call session: the
one answer of lms.records.training_status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q

from lms.models import Agency
from lms.records.training_status import TrainingStatus, training_standings


def users_current_on_course(
    *, course, user_ids: Iterable[int], at: datetime, agency: Agency
) -> set[int]:
    """The ids among `user_ids` who are current on `course` at `at` (lms.records.training_status), as
    `agency`'s pages may count it (lms.records.agency_records: its own records and certificates anyone
    could verify). Someone inside the renewal window is due to renew, so a missed session gives
    them a make-up."""
    standings = training_standings(
        people=Q(user_id__in=list(user_ids)), course_ids=[course.pk], now=at, agency=agency
    )
    return {
        user_id
        for (user_id, _), standing in standings.items()
        if standing.status == TrainingStatus.CURRENT
    }
