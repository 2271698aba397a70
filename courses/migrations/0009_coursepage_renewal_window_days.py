import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0008_course_review_task'),
    ]

    operations = [
        migrations.AddField(
            model_name='coursepage',
            name='renewal_window_days',
            field=models.PositiveIntegerField(default=90, help_text='How many days before a completion expires the officer may renew it. A completion taken earlier, while still current, is recorded as a refresher and issues no new certificate.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='renewal window (days before expiry)'),
        ),
    ]
