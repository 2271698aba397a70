from __future__ import annotations

import pytest

from cms.models import ProgramRegistration, TechnicalAssistanceRequest
from tests.factories import UserFactory

from .conftest import make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def ors(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def queue(db):
    agency = make_agency()
    for n, status in enumerate(["new", "new", "contacted", "closed"]):
        ProgramRegistration.objects.create(
            agency_name=f"Example Agency {n}", agency_type="sheriff", county="Erie",
            contact_name="Pat", contact_email=f"pat{n}@example.org", program_stage="planning",
            naloxone_source="not_yet", sop_status="no", wants_technical_assistance=True,
            status=status,
        )  # fmt: skip
    TechnicalAssistanceRequest.objects.create(
        agency=agency, requester_name="Sam", requester_email="sam@example.org",
        topic="training", details="Roll-call help", status="in_progress",
    )  # fmt: skip


def test_ors_dashboard_shows_queue_counts_by_status(client, ors, queue):
    client.force_login(ors)
    page = client.get("/admin/").content.decode()
    assert "Leave-behind program queue" in page
    assert '/admin/snippets/cms/programregistration/?status=new">2</a>' in page
    assert '/admin/snippets/cms/technicalassistancerequest/?status=in_progress">1</a>' in page


def test_ors_lists_registrations_and_filters_by_status(client, ors, queue):
    client.force_login(ors)
    page = client.get("/admin/snippets/cms/programregistration/", {"status": "contacted"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Example Agency 2" in text
    assert "Example Agency 0" not in text


def test_ors_exports_registrations_as_csv(client, ors, queue):
    client.force_login(ors)
    response = client.get("/admin/snippets/cms/programregistration/", {"export": "csv"})
    assert response.status_code == 200
    assert "program-registrations.csv" in response["Content-Disposition"]
    header = b"".join(response.streaming_content).decode().splitlines()[0]
    assert header.startswith("Agency name,Agency type,County")


def test_sop_acknowledgements_cannot_be_added_or_edited_in_the_admin(client, ors):
    client.force_login(ors)
    response = client.get("/admin/snippets/cms/sopacknowledgement/add/")
    assert response.status_code in (302, 403)
    listing = client.get("/admin/snippets/cms/sopacknowledgement/")
    assert listing.status_code == 200


def test_sop_versions_cannot_be_added_in_the_admin(client, ors):
    client.force_login(ors)
    assert client.get("/admin/snippets/cms/sopadoption/add/").status_code in (302, 403)
    assert client.get("/admin/snippets/cms/sopadoption/").status_code == 200


def test_supervisors_do_not_see_the_ors_queue(client, queue):
    supervisor = UserFactory()
    client.force_login(supervisor)
    response = client.get("/admin/snippets/cms/programregistration/")
    assert response.status_code in (302, 403)
