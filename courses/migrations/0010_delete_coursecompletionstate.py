"""The course app's second store of completions goes: the ledger (lms.Completion) is the one
answer. lms.0010 first writes a ledger row for any state the ledger lacked."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0009_coursepage_renewal_window_days'),
        ('lms', '0010_records_to_training_status_rules'),
    ]

    operations = [
        migrations.DeleteModel(
            name='CourseCompletionState',
        ),
    ]
