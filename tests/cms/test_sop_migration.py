"""cms.0005-0007 keep every SOP adoption and acknowledgement, numbering them as versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cms", "0004_toolkit_body_uses_shared_blocks")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    graph = executor.loader.graph
    applied = [key for key in executor.loader.applied_migrations if key in graph.nodes]
    return executor.loader.project_state(applied).apps


def test_todays_adoptions_become_numbered_versions_without_losing_a_row():
    from cms.models import SOPAcknowledgement, SOPAdoption
    from cms.sop_status import current_adoption
    from lms.models import Agency

    old = migrate(BEFORE)
    OldAgency = old.get_model("lms", "Agency")
    OldAdoption = old.get_model("cms", "SOPAdoption")
    OldAcknowledgement = old.get_model("cms", "SOPAcknowledgement")
    User = old.get_model("lms", "User")
    today = timezone.localdate()
    capital = OldAgency.objects.create(name="Capital (migration)", county="Albany")
    river = OldAgency.objects.create(name="River (migration)", county="Dutchess")
    quiet = OldAgency.objects.create(name="Quiet (migration)", county="Albany")
    officer = User.objects.create(email="officer@migration.example.org", first_name="Pat")

    def adoption(agency, *, days_ago: int, window: int, label: str):
        adopted_on = today - dt.timedelta(days=days_ago)
        return OldAdoption.objects.create(
            agency=agency, source="model", title="Model SOP", version_label=label,
            adopted_on=adopted_on, acknowledge_by=adopted_on + dt.timedelta(days=window),
            agency_name=agency.name,
        )  # fmt: skip

    later = adoption(capital, days_ago=10, window=30, label="2026.2")
    earlier = adoption(capital, days_ago=90, window=21, label="2026.1")
    only = adoption(river, days_ago=35, window=7, label="2026.1")
    for sop in (earlier, later, only):
        OldAcknowledgement.objects.create(
            adoption=sop, user=officer, acknowledged_at=timezone.now(), user_name="Pat",
            agency_name=sop.agency_name, sop_title=sop.title, sop_version_label=sop.version_label,
        )  # fmt: skip

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert SOPAdoption.objects.count() == 3
    assert SOPAcknowledgement.objects.count() == 3
    assert SOPAdoption.objects.get(pk=earlier.pk).version == 1
    assert SOPAdoption.objects.get(pk=later.pk).version == 2
    assert SOPAdoption.objects.get(pk=only.pk).version == 1
    assert dict(SOPAcknowledgement.objects.values_list("adoption_id", "sop_version")) == {
        earlier.pk: 1, later.pk: 2, only.pk: 1,
    }  # fmt: skip
    # The window each agency gave its latest adoption becomes its days to acknowledge.
    assert Agency.objects.get(pk=capital.pk).sop_acknowledge_days == 30
    assert Agency.objects.get(pk=river.pk).sop_acknowledge_days == 7
    assert Agency.objects.get(pk=quiet.pk).sop_acknowledge_days == 14
    # The generic model SOP, placeholders and all, stays on record but is never in force.
    assert current_adoption(agency=Agency.objects.get(pk=capital.pk)) is None
