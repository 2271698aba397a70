"""Every SOP adoption and acknowledgement now has a version number (0005): require it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_number_sop_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sopadoption",
            name="version",
            field=models.PositiveIntegerField(verbose_name="version number"),
        ),
        migrations.AlterField(
            model_name="sopacknowledgement",
            name="sop_version",
            field=models.PositiveIntegerField(verbose_name="SOP version number"),
        ),
        migrations.AlterModelOptions(
            name="sopadoption",
            options={
                "get_latest_by": ["version"],
                "ordering": ["-version", "-pk"],
                "verbose_name": "SOP adoption",
                "verbose_name_plural": "SOP adoptions",
            },
        ),
        migrations.AddConstraint(
            model_name="sopadoption",
            constraint=models.UniqueConstraint(
                fields=("agency", "version"), name="cms_sop_version_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="sopadoption",
            constraint=models.CheckConstraint(
                condition=models.Q(("source", "text"), _negated=True)
                | models.Q(("text", ""), _negated=True),
                name="cms_sop_text_has_text",
            ),
        ),
        migrations.AddConstraint(
            model_name="sopadoption",
            constraint=models.CheckConstraint(
                condition=models.Q(("acknowledge_by__isnull", True))
                | models.Q(("acknowledge_by__gte", models.F("adopted_on"))),
                name="cms_sop_due_after_adoption",
            ),
        ),
    ]
