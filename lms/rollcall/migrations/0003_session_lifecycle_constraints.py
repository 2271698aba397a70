"""The lifecycle's integrity rules, added once 0002 has moved the data (its own transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rollcall', '0002_session_lifecycle'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='absence',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('exemption_reason', ''), ('makeup_due_on__isnull', False), ('outcome', 'makeup')), models.Q(('makeup_due_on__isnull', True), ('outcome', 'exempt'), models.Q(('exemption_reason', ''), _negated=True)), models.Q(('exemption_reason', ''), ('makeup_due_on__isnull', True), ('outcome__in', ['no_makeup', 'current', 'presenter'])), _connector='OR'), name='rollcall_absence_outcome_is_consistent'),
        ),
        migrations.AddConstraint(
            model_name='rollcallsession',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('checkin_closed_at__isnull', True), ('completed_at__isnull', True), ('status', 'open')), models.Q(('checkin_closed_at__isnull', False), ('completed_at__isnull', True), ('status', 'checkin_closed')), models.Q(('checkin_closed_at__isnull', False), ('completed_at__isnull', False), ('status', 'completed')), _connector='OR'), name='rollcall_session_state_has_times'),
        ),
    ]
