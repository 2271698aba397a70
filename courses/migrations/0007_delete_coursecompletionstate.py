"""The course app's second store of completions goes: the ledger (lms.Completion) is the one
answer. lms.0008 first writes a ledger row for any state the ledger lacked."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0006_coursepage_renewal_window_days'),
        ('lms', '0008_records_to_training_status_rules'),
    ]

    operations = [
        migrations.DeleteModel(
            name='CourseCompletionState',
        ),
    ]
