"""Certificate PDFs live where nothing serves them: outside MEDIA_ROOT, under names that cannot
be guessed from the code, handed out only by the download view that checks revocation."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from certificates.checks import check_certificate_storage_is_private
from certificates.issuing import revoke_certificate
from certificates.models import Certificate, CertificateFile
from certificates.storage import certificate_storage, moved_file_name
from lms.models import Membership
from tests.certificates.conftest import rendered
from tests.factories import UserFactory

LEGACY_PDF = b"%PDF-1.4 a certificate stored by an earlier version\n%%EOF\n"


@pytest.fixture
def certificate(design, officer, course, complete) -> Certificate:
    return rendered(complete(officer, course).certificates.get())


def download(client, certificate):
    return client.get(reverse("certificates:download", kwargs={"code": certificate.code}))


def test_a_certificate_pdf_is_stored_outside_media_root_under_an_unguessable_name(certificate):
    path = Path(certificate.pdf.path).resolve()

    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.is_relative_to(Path(settings.CERTIFICATES_ROOT).resolve())
    assert path.read_bytes().startswith(b"%PDF")
    assert re.fullmatch(rf"\d{{4}}/{certificate.code}-[0-9a-f]{{32}}\.pdf", certificate.pdf.name)
    assert not (Path(settings.MEDIA_ROOT) / "certificates").exists()


def test_the_officer_downloads_the_privately_stored_pdf(client, certificate):
    client.force_login(certificate.completion.user)

    response = download(client, certificate)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(certificate.pdf.path).read_bytes()


def test_a_revoked_certificates_pdf_is_not_served(client, certificate):
    revoke_certificate(certificate=certificate, by=UserFactory(), reason="Recorded in error")
    client.force_login(certificate.completion.user)

    response = download(client, certificate)

    html = response.content.decode()
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "This certificate was revoked" in html
    assert reverse("certificates:verify", kwargs={"code": certificate.code}) in html
    listing = client.get(reverse("certificates:list")).content.decode()
    assert "Revoked: no PDF" in listing
    assert reverse("certificates:download", kwargs={"code": certificate.code}) not in listing


def test_a_supervisors_zip_leaves_revoked_certificates_out_and_says_so(
    client, certificate, agency, make_member
):
    revoke_certificate(certificate=certificate, by=UserFactory(), reason="Recorded in error")
    client.force_login(make_member(agency, role=Membership.Role.SUPERVISOR))

    response = client.get(reverse("certificates:zip"))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["NOT-INCLUDED.txt"]
    assert f"{certificate.code} Zoë Ångström (revoked)" in archive.read("NOT-INCLUDED.txt").decode()


def test_certificate_files_have_no_public_url(certificate):
    with pytest.raises(ValueError, match="no public URL"):
        certificate.pdf.url  # noqa: B018


def legacy_certificate(certificate: Certificate) -> str:
    """Put the certificate back the way earlier versions stored it: media/certificates/..."""
    name = default_storage.save(
        f"certificates/2026/{certificate.code}.pdf", ContentFile(LEGACY_PDF)
    )
    Certificate.objects.filter(pk=certificate.pk).update(pdf=name)
    CertificateFile.objects.filter(certificate=certificate).update(file=name)
    return name


def move_files() -> str:
    out = io.StringIO()
    call_command("move_certificate_files", stdout=out)
    return out.getvalue()


def test_files_stored_under_media_by_earlier_versions_move_to_private_storage(client, certificate):
    old_name = legacy_certificate(certificate)

    assert move_files() == "Moved 1 certificate file(s) to private storage.\n"

    assert not default_storage.exists(old_name)
    certificate.refresh_from_db()
    assert certificate.pdf.name == moved_file_name(old_name)
    assert not certificate.pdf.name.startswith("certificates/")
    assert certificate.files.get().file.name == certificate.pdf.name
    assert Path(certificate.pdf.path).read_bytes() == LEGACY_PDF
    client.force_login(certificate.completion.user)
    assert b"".join(download(client, certificate).streaming_content) == LEGACY_PDF
    assert move_files() == "Moved 0 certificate file(s) to private storage.\n"  # idempotent


def test_a_move_interrupted_after_the_copy_finishes_on_the_next_run(certificate):
    old_name = legacy_certificate(certificate)
    certificate_storage.save(moved_file_name(old_name), ContentFile(LEGACY_PDF))  # copied, then
    # the process stopped before deleting the public file and updating the rows.

    assert move_files() == "Moved 1 certificate file(s) to private storage.\n"

    assert not default_storage.exists(old_name)
    certificate.refresh_from_db()
    assert certificate.pdf.name == moved_file_name(old_name)
    assert certificate_storage.listdir("2026")[1].count(Path(certificate.pdf.name).name) == 1


def test_a_lost_legacy_file_is_reported_and_rendered_again_on_download(client, certificate):
    old_name = legacy_certificate(certificate)
    default_storage.delete(old_name)

    output = move_files()

    assert "Moved 0 certificate file(s)" in output
    assert f"Missing (renders again on next download): {old_name}" in output
    client.force_login(certificate.completion.user)
    response = download(client, certificate)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    assert Path(certificate.pdf.path).is_relative_to(Path(settings.CERTIFICATES_ROOT))


def test_a_certificate_storage_inside_media_root_fails_the_system_check(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "certificates.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": Path(settings.MEDIA_ROOT) / "certificates"},
        },
    }

    errors = check_certificate_storage_is_private(None)

    assert [error.id for error in errors] == ["certificates.E001"]
    assert "inside MEDIA_ROOT" in errors[0].msg
