"""Number every existing SOP adoption and acknowledgement (see 0004). A migration of its own:
PostgreSQL refuses to alter a table in the transaction that has just updated its rows."""

import datetime

from django.db import migrations


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
        ("cms", "0005_sop_versions_and_own_text"),
    ]

    operations = [
        migrations.RunPython(number_versions, restore_agency_wide_due_dates),
    ]
