"""The course app's second store of completions goes: the ledger (lms.Completion) is the one
answer. lms.0007 first writes a ledger row for any state the ledger lacked."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0006_coursepage_renewal_window_days'),
        ('lms', '0007_completion_kind_and_content_versions'),
    ]

    operations = [
        migrations.DeleteModel(
            name='CourseCompletionState',
        ),
    ]
