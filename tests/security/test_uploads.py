"""Uploads: the content must agree with the extension, no SVG, nothing stored when refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["first name", "last name"])
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def ors_client(client, settings):
    settings.ROLLCALL_ENFORCE_MFA = False
    client.force_login(UserFactory(is_superuser=True))
    return client


def _stored_documents() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(folder.glob("*")) if folder.exists() else []


def _upload_document(client, name: str, content: bytes):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "collection": "1", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sop.pdf", b"MZ\x90\x00 this is a Windows program, not a PDF"),
        ("roster.xlsx", b"%PDF-1.4 a PDF wearing a spreadsheet's name"),
        ("roster.xlsx", b"PK\x03\x04 a broken zip"),
        ("notes.txt", b"\x00\x01\x02binary"),
    ],
)
def test_a_document_whose_content_does_not_match_its_name_is_refused(ors_client, name, content):
    before = _stored_documents()
    response = _upload_document(ors_client, name, content)
    assert response.status_code == 200
    assert "is not a real" in response.content.decode()
    assert not Document.objects.exists()
    assert _stored_documents() == before  # nothing orphaned in storage


@pytest.mark.parametrize(
    ("name", "content"),
    [("sop.pdf", PDF), ("roster.xlsx", None), ("notes.txt", "Naloxone: 2–3 minutes".encode())],
)
def test_real_documents_are_accepted(ors_client, name, content):
    response = _upload_document(ors_client, name, content or _xlsx_bytes())
    assert response.status_code == 302
    assert Document.objects.get().file.name.startswith("documents/")


def test_svg_documents_and_images_are_refused(ors_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = _upload_document(ors_client, "logo.svg", svg)
    assert response.status_code == 200
    assert not Document.objects.exists()
    response = ors_client.post(
        "/admin/images/add/",
        {"title": "logo", "collection": "1", "file": SimpleUploadedFile("logo.svg", svg)},
    )
    assert response.status_code == 200
    assert not Image.objects.exists()
