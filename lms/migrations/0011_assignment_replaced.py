import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0010_delete_coursecompletionstate'),
        ('lms', '0010_records_to_training_status_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='assignment',
            name='replaced_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='replaced at'),
        ),
        migrations.AddField(
            model_name='assignment',
            name='replaced_by',
            field=models.ForeignKey(blank=True, help_text='A later assignment of the same course (a make-up) that took its place.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replaces', to='lms.assignment'),
        ),
    ]
