from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from certificates.models import Certificate, CertificateFile
from lms.models import Completion, Membership


@pytest.fixture
def certificate(design, officer, course, complete) -> Certificate:
    return complete(officer, course).certificates.get()


def download(client, certificate):
    return client.get(reverse("certificates:download", kwargs={"code": certificate.code}))


def test_officer_downloads_own_certificate_and_the_stored_file_is_reused(client, certificate):
    client.force_login(certificate.completion.user)
    assert not certificate.pdf  # issued without rendering: the first download renders
    first = download(client, certificate)
    certificate.refresh_from_db()
    rendered_at = certificate.rendered_at
    second = download(client, certificate)
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == second["Content-Type"] == "application/pdf"
    assert f"certificate-{certificate.code}.pdf" in first["Content-Disposition"]
    first_pdf = b"".join(first.streaming_content)
    assert first_pdf.startswith(b"%PDF")
    assert first_pdf == b"".join(second.streaming_content)
    assert int(first["Content-Length"]) == int(second["Content-Length"]) == len(first_pdf)
    certificate.refresh_from_db()
    assert rendered_at is not None
    assert certificate.rendered_at == rendered_at  # no second render
    assert CertificateFile.objects.filter(certificate=certificate).count() == 1
    with certificate.pdf.open("rb") as stored:
        assert stored.read() == first_pdf


def test_a_cached_download_reads_one_row_and_asks_storage_nothing_before_serving(
    client, certificate, monkeypatch
):
    from django.core.files.storage import FileSystemStorage
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(certificate.completion.user)
    assert download(client, certificate).status_code == 200

    def no_checks(*args, **kwargs):
        raise AssertionError("the cached download asked storage about the file")

    monkeypatch.setattr(FileSystemStorage, "exists", no_checks)
    with CaptureQueriesContext(connection) as queries:
        response = download(client, certificate)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # The officer's own certificate: one lookup by code, no access-rule queries, no writes.
    sql = [query["sql"] for query in queries]
    assert len([q for q in sql if "certificates_" in q]) == 1, sql
    assert not [q for q in sql if "lms_membership" in q or 'lms_completion" WHERE' in q], sql
    assert not [q for q in sql if q.startswith(("INSERT", "UPDATE"))], sql


def test_a_stored_file_lost_from_storage_is_rendered_again(client, certificate):
    client.force_login(certificate.completion.user)
    assert download(client, certificate).status_code == 200
    certificate.refresh_from_db()
    certificate.pdf.storage.delete(certificate.pdf.name)

    response = download(client, certificate)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert CertificateFile.objects.filter(certificate=certificate).count() == 2


def test_certificates_page_lists_the_officers_own_certificates(client, certificate):
    client.force_login(certificate.completion.user)
    response = client.get(reverse("certificates:list"))
    assert response.status_code == 200
    assert certificate.code in response.content.decode()
    assert reverse("certificates:download", kwargs={"code": certificate.code}) in (
        response.content.decode()
    )


def test_anonymous_visitors_must_sign_in_to_download(client, certificate):
    response = download(client, certificate)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_officer_of_the_same_agency_gets_404(client, certificate, agency, make_member):
    client.force_login(make_member(agency))
    assert download(client, certificate).status_code == 404


def test_supervisor_downloads_their_agencys_certificate(client, certificate, agency, make_member):
    client.force_login(make_member(agency, role=Membership.Role.SUPERVISOR))
    assert download(client, certificate).status_code == 200


def test_another_agencys_certificate_is_404_for_a_supervisor(
    client, certificate, make_agency, make_member
):
    other = make_agency("River County Sheriff's Office", "Dutchess")
    client.force_login(make_member(other, role=Membership.Role.SUPERVISOR))
    assert download(client, certificate).status_code == 404
    listing = client.get(reverse("certificates:list"))
    assert certificate.code not in listing.content.decode()


def test_supervisor_zip_holds_exactly_the_filtered_certificates_of_their_agency(
    client, design, agency, make_agency, make_member, make_course, course, complete
):
    other_agency = make_agency("River County Sheriff's Office", "Dutchess")
    ours = [complete(make_member(agency), course).certificates.get() for _ in range(2)]
    refresher = make_course("Refresher")
    complete(make_member(agency), refresher)  # filtered out by course
    complete(make_member(other_agency), course)  # another agency: never included
    client.force_login(make_member(agency, role=Membership.Role.SUPERVISOR))

    response = client.get(reverse("certificates:zip"), {"course": course.title})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(c.download_filename() for c in ours)
    for certificate in ours:
        text = PdfReader(io.BytesIO(archive.read(certificate.download_filename()))).pages[0]
        assert certificate.code in text.extract_text()


def test_zip_with_no_match_or_bad_dates_explains_instead_of_failing(client, agency, make_member):
    client.force_login(make_member(agency, role=Membership.Role.SUPERVISOR))
    empty = client.get(reverse("certificates:zip"), follow=True)
    assert "No certificates match" in empty.content.decode()
    bad = client.get(
        reverse("certificates:zip"),
        {"completed_from": "2026-05-01", "completed_to": "2026-01-01"},
        follow=True,
    )
    assert "start date must be on or before" in bad.content.decode()


def test_storage_failure_keeps_the_completion_no_broken_file_and_the_officer_can_retry(
    client, settings, tmp_path, design, officer, course, complete
):
    storages = dict(settings.STORAGES)
    settings.STORAGES = {
        **storages,
        "certificates": {
            "BACKEND": "tests.certificates.storage.FullDiskStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    completion = complete(officer, course)

    assert Completion.objects.filter(pk=completion.pk).exists()
    certificate = completion.certificates.get()
    assert not certificate.pdf  # rendering waits for the first download

    client.force_login(officer)
    response = download(client, certificate)
    assert response.status_code == 503
    assert "not ready yet" in response.content.decode()
    assert "Try again" in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.pdf
    assert "No space left" in certificate.render_error
    assert CertificateFile.objects.count() == 0
    assert [files for _, _, files in os.walk(tmp_path) if files] == []  # partial file removed
    assert Completion.objects.filter(pk=completion.pk).exists()

    settings.STORAGES = {
        **storages,
        "certificates": {
            "BACKEND": "certificates.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    retry = client.post(reverse("certificates:retry", kwargs={"code": certificate.code}))
    assert retry.status_code == 302
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.render_error == ""
    assert download(client, certificate).status_code == 200


def test_retry_only_accepts_post(client, certificate):
    client.force_login(certificate.completion.user)
    response = client.get(reverse("certificates:retry", kwargs={"code": certificate.code}))
    assert response.status_code == 405


def test_supervisor_list_needs_few_queries_however_many_certificates(
    client, design, agency, make_member, course, complete
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    supervisor = make_member(agency, role=Membership.Role.SUPERVISOR)
    client.force_login(supervisor)

    def count_queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as context:
            html = client.get(reverse("certificates:list")).content.decode()
        return len(context.captured_queries), html

    complete(make_member(agency), course)
    count_queries()  # warm per-process caches (the first request used to follow a PDF render)
    one, _ = count_queries()
    for _ in range(5):
        complete(make_member(agency), course)
    six, html = count_queries()
    assert html.count("Download PDF") == 6
    assert six == one  # no query per certificate
    assert six <= 20
