"""Completions get a kind (certifying or refresher) and the content versions they were earned
on. 0010 moves today's records to the new rules."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lms', '0008_agency_invitation'),
    ]

    operations = [
        migrations.AddField(
            model_name='completion',
            name='content_published_at',
            field=models.DateTimeField(blank=True, db_index=True, help_text="When the newest of the course's pages then live was published.", null=True, verbose_name='content version published'),
        ),
        migrations.AddField(
            model_name='completion',
            name='content_versions',
            field=models.JSONField(blank=True, default=dict, verbose_name='content versions'),
        ),
        migrations.AddField(
            model_name='completion',
            name='kind',
            field=models.CharField(choices=[('certifying', 'Completion'), ('refresher', 'Refresher')], db_index=True, default='certifying', help_text='A refresher repeats a current course and starts no new cycle.', max_length=16, verbose_name='kind'),
        ),
    ]
