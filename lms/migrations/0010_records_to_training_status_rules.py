"""Today's records move to the rules of lms.records.training_status without losing a row.

1. A courses.CourseCompletionState without a ledger row (its receiver failed) becomes a ledger
   row, so removing that store (courses.0010) loses nothing.
2. A completion recorded while the person's previous certifying completion was still current
   and outside the course's renewal window becomes a refresher. No row is removed and no date
   changes: the kind is the only thing written.
3. A certificate that was marked superseded by a refresher's certificate points to the next
   renewal's certificate instead (or to none): a printed certificate is not superseded by a
   refresher. Refresher certificates already issued stay as they are (never deleted).
"""

from datetime import timedelta

from django.db import migrations, models

DEFAULT_WINDOW_DAYS = 90
SAME_MOMENT = timedelta(seconds=60)


def _backfill_from_states(apps):
    Completion = apps.get_model("lms", "Completion")
    Membership = apps.get_model("lms", "Membership")
    State = apps.get_model("courses", "CourseCompletionState")
    for state in State.objects.select_related("user", "course").order_by("pk").iterator():
        if state.course_id is None or state.user_id is None:
            continue
        recorded = Completion.objects.filter(
            user_id=state.user_id,
            course_id=state.course_id,
            completed_at__gte=state.completed_at - SAME_MOMENT,
            completed_at__lte=state.completed_at + SAME_MOMENT,
        ).exists()
        if recorded:
            continue
        membership = (
            Membership.objects.filter(user_id=state.user_id, status="active")
            .select_related("agency")
            .order_by(models.F("started_on").desc(nulls_last=True), "-created_at", "-pk")
            .first()
        )
        user, course = state.user, state.course
        Completion.objects.create(
            user_id=state.user_id,
            course_id=state.course_id,
            agency=membership.agency if membership else None,
            course_revision_id=state.revision_id,
            course_revision_number=state.revision_id,
            completed_at=state.completed_at,
            expires_at=state.expires_at,
            method="online",
            kind="certifying",
            note="Recorded from the course pages' completion record when the ledger became "
            "the one store.",
            training_minutes=course.estimated_minutes,
            user_name=f"{user.first_name} {user.last_name}".strip(),
            user_email=user.email,
            badge_number=membership.badge_number if membership else "",
            agency_name=membership.agency.name if membership else "",
            course_title=course.title,
        )


def _classify_refreshers(apps) -> set[tuple[int, int]]:
    """Mark refreshers; returns the (user, course) groups that have one. One ordered pass."""
    Completion = apps.get_model("lms", "Completion")
    CoursePage = apps.get_model("courses", "CoursePage")
    windows = dict(CoursePage.objects.values_list("pk", "renewal_window_days"))
    rows = (
        Completion.objects.exclude(user_id=None)
        .exclude(course_id=None)
        .order_by("user_id", "course_id", "completed_at", "pk")
        .values_list("pk", "user_id", "course_id", "completed_at", "expires_at")
    )
    group, cycle = None, None  # cycle: the certifying completion's expiry, or True if none
    refreshers, touched = [], set()
    for pk, user_id, course_id, completed_at, expires_at in rows.iterator(chunk_size=2000):
        if (user_id, course_id) != group:
            group, cycle = (user_id, course_id), None
        window = timedelta(days=windows.get(course_id, DEFAULT_WINDOW_DAYS))
        if cycle is not None and (cycle is True or completed_at < cycle - window):
            refreshers.append(pk)
            touched.add(group)
            continue
        cycle = True if expires_at is None else expires_at
    for start in range(0, len(refreshers), 500):
        Completion.objects.filter(pk__in=refreshers[start : start + 500]).update(kind="refresher")
    return touched


def _repoint_supersession(apps, groups):
    Certificate = apps.get_model("certificates", "Certificate")
    for user_id, course_id in groups:
        certifying = list(
            Certificate.objects.filter(
                completion__user_id=user_id,
                completion__course_id=course_id,
                completion__kind="certifying",
            ).order_by("completion__completed_at", "pk")
        )
        for earlier, later in zip(certifying, [*certifying[1:], None]):
            wanted = later.pk if later else None
            if earlier.superseded_by_id != wanted:
                Certificate.objects.filter(pk=earlier.pk).update(superseded_by_id=wanted)


def forwards(apps, schema_editor):
    _backfill_from_states(apps)
    _repoint_supersession(apps, _classify_refreshers(apps))


class Migration(migrations.Migration):
    """Its own migration: on PostgreSQL, 0009's indexes (created at the end of a migration) cannot
    follow row writes in the same transaction (pending foreign-key trigger events)."""

    dependencies = [
        ('lms', '0009_completion_kind_and_content_versions'),
        ('courses', '0009_coursepage_renewal_window_days'),
        ('certificates', '0002_private_certificate_storage'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
