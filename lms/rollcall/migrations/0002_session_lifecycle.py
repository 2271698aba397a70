"""Roll-call session lifecycle: open for check-in -> check-in closed -> completed.

Moves every existing session, absence and attendance to the new states without deleting a row:
- a closed session is completed (its closing time is its completion time); check-in closed
  when delivery was attested, or at completion when it never was;
- an open session whose delivery was attested has check-in closed at the attestation;
- an absence with an exemption reason is "exempt", any other a make-up;
- each session records who was expected: for a completed session the people present and the
  people listed absent (that was its roster); for any other session the agency's active
  members, which is whom the old roster showed.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_sessions_to_lifecycle(apps, schema_editor):
    Session = apps.get_model("rollcall", "RollCallSession")
    Absence = apps.get_model("rollcall", "Absence")
    Expected = apps.get_model("rollcall", "ExpectedOfficer")
    Membership = apps.get_model("lms", "Membership")
    Absence.objects.exclude(exemption_reason="").update(outcome="exempt")
    Absence.objects.filter(exemption_reason="").update(outcome="makeup")
    for session in Session.objects.all().iterator():
        if session.status == "closed":
            session.status = "completed"
            attested = session.attested_at
            session.checkin_closed_at = (
                min(attested, session.completed_at) if attested else session.completed_at
            )
            people = {
                a.user_id: (a.user_name, "")
                for a in session.attendances.exclude(user=None)
            }
            people.update(
                {a.user_id: (a.user_name, "") for a in session.absences.exclude(user=None)}
            )
        else:
            if session.attested_at is not None:
                session.status = "checkin_closed"
                session.checkin_closed_at = session.attested_at
            people = {
                m.user_id: (
                    f"{m.user.first_name} {m.user.last_name}".strip() or m.user.email,
                    m.unit,
                )
                for m in Membership.objects.filter(
                    agency_id=session.agency_id, status="active"
                ).select_related("user")
            }
        session.expected_scope = "agency"
        session.save(
            update_fields=["status", "checkin_closed_at", "expected_scope"]
        )
        Expected.objects.bulk_create(
            [
                Expected(session=session, user_id=user_id, user_name=name, unit=unit)
                for user_id, (name, unit) in people.items()
            ]
        )


def move_sessions_back(apps, schema_editor):
    Session = apps.get_model("rollcall", "RollCallSession")
    Absence = apps.get_model("rollcall", "Absence")
    if Absence.objects.exclude(outcome__in=["makeup", "exempt"]).exists():
        raise RuntimeError(
            "Absences without a make-up or an exemption exist; the old schema cannot hold them."
        )
    Session.objects.filter(status="checkin_closed").update(
        status="open", checkin_closed_at=None
    )
    Session.objects.filter(status="completed").update(status="closed")


class Migration(migrations.Migration):

    dependencies = [
        ('rollcall', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ExpectedOfficer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('user_name', models.CharField(max_length=301, verbose_name='name')),
                ('unit', models.CharField(blank=True, max_length=64, verbose_name='shift or unit')),
            ],
            options={
                'verbose_name': 'expected officer',
                'verbose_name_plural': 'expected officers',
                'ordering': ['user_name'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='absence',
            name='rollcall_absence_makeup_or_exemption',
        ),
        migrations.RemoveConstraint(
            model_name='rollcallsession',
            name='rollcall_session_closed_has_time',
        ),
        # A closed session was a finished one: its closing time is its completion time.
        migrations.RenameField(
            model_name='rollcallsession',
            old_name='closed_at',
            new_name='completed_at',
        ),
        migrations.AddField(
            model_name='absence',
            name='outcome',
            field=models.CharField(choices=[('makeup', 'Make-up assigned'), ('no_makeup', "No make-up (the supervisor's choice)"), ('current', 'Already current on the course'), ('presenter', 'Presented the session'), ('exempt', 'Exempt')], default='makeup', max_length=16, verbose_name='outcome'),
        ),
        migrations.AddField(
            model_name='rollcallsession',
            name='checkin_closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='check-in closed at'),
        ),
        migrations.AlterField(
            model_name='rollcallsession',
            name='completed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='completed at'),
        ),
        migrations.AddField(
            model_name='rollcallsession',
            name='expected_scope',
            field=models.CharField(choices=[('unit', 'A shift or unit'), ('assigned', 'Everyone assigned the course'), ('agency', 'Everyone in the agency')], default='agency', max_length=16, verbose_name='who was expected'),
        ),
        migrations.AlterField(
            model_name='attendance',
            name='method',
            field=models.CharField(choices=[('self', 'Checked in on a phone'), ('ticked', 'Ticked by the supervisor'), ('late', 'Added late by the supervisor')], max_length=8, verbose_name='how'),
        ),
        migrations.AlterField(
            model_name='rollcallsession',
            name='completion_rule',
            field=models.CharField(choices=[('quiz', "Attendance + each officer's own quiz pass"), ('attestation', 'Attendance alone (roll-call briefing)')], max_length=16, verbose_name='completion rule'),
        ),
        migrations.AlterField(
            model_name='rollcallsession',
            name='status',
            field=models.CharField(choices=[('open', 'Open for check-in'), ('checkin_closed', 'Check-in closed'), ('completed', 'Completed')], db_index=True, default='open', max_length=16, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='expectedofficer',
            name='session',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='expected', to='rollcall.rollcallsession'),
        ),
        migrations.AddField(
            model_name='expectedofficer',
            name='user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='rollcall_expectations', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='expectedofficer',
            constraint=models.UniqueConstraint(fields=('session', 'user'), name='rollcall_expected_once'),
        ),
        migrations.RunPython(move_sessions_to_lifecycle, move_sessions_back),
    ]
