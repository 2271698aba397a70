import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0016_completion_recorded_elsewhere"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="sop_acknowledge_days",
            field=models.PositiveSmallIntegerField(
                default=14,
                help_text=(
                    "Each person acknowledges a new SOP version within this many days of its "
                    "adoption or of joining the agency, whichever is later."
                ),
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(365),
                ],
                verbose_name="days to acknowledge the SOP",
            ),
        ),
    ]
