"""SOP versions: numbered per agency, the agency's own text, per-person due dates.

Every existing adoption is kept and numbered 1, 2, ... per agency in the order it was adopted
(an agency with one adoption has version 1); every acknowledgement is kept and records the
number of the version it acknowledged. The agency's days to acknowledge start from the window
its latest adoption gave (acknowledge_by - adopted_on, at least one day), so nobody's due date
moves; agencies without an adoption get the default, 14.
"""

import datetime

from django.db import migrations, models


def number_versions(apps, schema_editor):
    SOPAdoption = apps.get_model("cms", "SOPAdoption")
    SOPAcknowledgement = apps.get_model("cms", "SOPAcknowledgement")
    Agency = apps.get_model("lms", "Agency")
    numbers: dict[int, int] = {}
    latest = {}
    for adoption in SOPAdoption.objects.order_by("agency_id", "adopted_on", "pk"):
        numbers[adoption.agency_id] = numbers.get(adoption.agency_id, 0) + 1
        adoption.version = numbers[adoption.agency_id]
        SOPAdoption.objects.filter(pk=adoption.pk).update(version=adoption.version)
        latest[adoption.agency_id] = adoption
        # Acknowledgements are append-only through save(); a queryset update is the migration's
        # one-time backfill of the new snapshot column.
        SOPAcknowledgement.objects.filter(adoption=adoption).update(sop_version=adoption.version)
    for agency_id, adoption in latest.items():
        if adoption.acknowledge_by is not None:
            days = max(1, min(365, (adoption.acknowledge_by - adoption.adopted_on).days))
            Agency.objects.filter(pk=agency_id).update(sop_acknowledge_days=days)


def restore_agency_wide_due_dates(apps, schema_editor):
    """Going back: the old schema needs an agency-wide due date on every adoption, and knows no
    text adoptions (their text column is dropped), so they go back as "model" adoptions."""
    SOPAdoption = apps.get_model("cms", "SOPAdoption")
    SOPAdoption.objects.filter(source="text").update(source="model")
    for adoption in SOPAdoption.objects.filter(acknowledge_by__isnull=True).select_related(
        "agency"
    ):
        SOPAdoption.objects.filter(pk=adoption.pk).update(
            acknowledge_by=adoption.adopted_on
            + datetime.timedelta(days=adoption.agency.sop_acknowledge_days)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_toolkit_program_directory_sop"),
        ("lms", "0014_agency_sop_acknowledge_days"),
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
        migrations.RunPython(number_versions, restore_agency_wide_due_dates),
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
