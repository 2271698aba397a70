"""Its own migration: on PostgreSQL, the ALTER TABLE cannot follow 0012's row updates in the
same transaction (pending foreign-key trigger events)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lms', '0012_assignment_replace_earlier_open'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='assignment',
            constraint=models.UniqueConstraint(condition=models.Q(('exempted_at__isnull', True), ('replaced_at__isnull', True)), fields=('user', 'course'), name='lms_assignment_one_open_per_course'),
        ),
    ]
