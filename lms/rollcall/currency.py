"""Who is already current on a course, for proposing make-ups after a roll-call session.

Extension point: this is the one question the roll-call lifecycle asks the ledger. When the
single training-status module (lms.training_status) lands, replace the body of
users_current_on_course with a call to it; nothing else in lms.rollcall reads expiry rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Q

from lms.models import Completion
from lms.selectors import expiring_within_days


def users_current_on_course(*, course, user_ids: Iterable[int], at: datetime) -> set[int]:
    """The ids among `user_ids` whose completion of `course` is still in its cycle at `at`.

    Same rule as lms.ledger.current_cycle_completion: a completion that never expires, or that
    has not yet entered the expiring window, counts as current. Someone inside the window
    is due to renew, so a missed session should give them a make-up.
    """
    window_starts_after = at + timedelta(days=expiring_within_days())
    return set(
        Completion.objects.filter(course=course, user_id__in=list(user_ids))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=window_starts_after))
        .values_list("user_id", flat=True)
        .distinct()
    )
