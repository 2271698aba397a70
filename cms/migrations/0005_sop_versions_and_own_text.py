"""SOP versions: numbered per agency, the agency's own text, per-person due dates (columns;
the next two migrations number the versions, then require the numbers).

Every existing adoption is kept and numbered 1, 2, ... per agency in the order it was adopted
(an agency with one adoption has version 1); every acknowledgement is kept and records the
number of the version it acknowledged. The agency's days to acknowledge start from the window
its latest adoption gave (acknowledge_by - adopted_on, at least one day), so nobody's due date
moves; agencies without an adoption get the default, 14.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_toolkit_body_uses_shared_blocks"),
        ("lms", "0017_agency_sop_acknowledge_days"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="sopadoption", name="cms_sop_due_after_adoption"),
        migrations.AddField(
            model_name="sopadoption",
            name="version",
            field=models.PositiveIntegerField(null=True, verbose_name="version number"),
        ),
        migrations.AddField(
            model_name="sopadoption",
            name="text",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="sopadoption",
            name="acknowledge_by",
            field=models.DateField(
                blank=True,
                null=True,
                verbose_name="agency-wide due date (before per-person due dates)",
            ),
        ),
        migrations.AlterField(
            model_name="sopadoption",
            name="version_label",
            field=models.CharField(
                blank=True,
                help_text="e.g. 'Rev. 3'.",
                max_length=40,
                verbose_name="agency's reference",
            ),
        ),
        migrations.AlterField(
            model_name="sopadoption",
            name="source",
            field=models.CharField(
                choices=[
                    ("model", "The toolkit's model SOP (generic, no longer adoptable)"),
                    ("own", "Our own SOP (uploaded PDF)"),
                    ("text", "Our own SOP (text written here)"),
                ],
                max_length=8,
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="sopacknowledgement",
            name="sop_version",
            field=models.PositiveIntegerField(null=True, verbose_name="SOP version number"),
        ),
        migrations.AlterField(
            model_name="sopacknowledgement",
            name="sop_version_label",
            field=models.CharField(blank=True, max_length=40, verbose_name="SOP reference"),
        ),
    ]
