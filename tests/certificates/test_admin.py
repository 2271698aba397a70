from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from certificates.models import Certificate, CertificateTemplate
from tests.certificates.conftest import rendered
from tests.factories import UserFactory


@pytest.fixture
def ors(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def certificate(design, officer, course, complete) -> Certificate:
    return rendered(complete(officer, course).certificates.get())


def _design_form(*, name: str) -> dict:
    """The certificate design editor's fields, filled in as an ORS author would, no images."""
    return {
        "name": name,
        "heading": "Certificate of Completion",
        "paper_size": "letter",
        "body": "has completed {course} on {completed}.",
        "expiry_line": "Valid until {expires}.",
        "signatory_name": "Dana Whitfield",
        "signatory_title": "Director",
        "footer": "",
    }


def test_ors_revokes_a_certificate_with_a_reason(client, ors, certificate):
    client.force_login(ors)
    url = reverse("certificates_revoke", args=[certificate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Completion recorded in error"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == ors
    assert certificate.revoked_reason == "Completion recorded in error"


def test_revoking_without_a_reason_is_refused_and_changes_nothing(client, ors, certificate):
    client.force_login(ors)
    response = client.post(reverse("certificates_revoke", args=[certificate.pk]), {"reason": " "})
    assert response.status_code == 200
    assert "required" in response.content.decode().lower()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_only_ors_staff_may_revoke(client, certificate):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.post(reverse("certificates_revoke", args=[certificate.pk]), {"reason": "x"})
    # Wagtail turns PermissionDenied in the admin into a redirect with a "no permission" message.
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_regenerating_keeps_the_old_file_in_history(client, ors, certificate):
    old_name = certificate.pdf.name
    client.force_login(ors)
    response = client.post(
        reverse("certificates_regenerate", args=[certificate.pk]),
        {"reason": "Name corrected", "corrected_name": "Zoë Ångström-Berg"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.pdf.name != old_name
    assert certificate.full_name == "Zoë Ångström-Berg"
    assert list(certificate.files.values_list("reason", flat=True)) == ["Name corrected", "issued"]
    assert certificate.pdf.storage.exists(old_name)
    text = PdfReader(certificate.pdf.path).pages[0].extract_text()
    assert "Zoë Ångström-Berg" in text


def test_ors_sees_certificates_in_the_admin_with_revoke_buttons(client, ors, certificate):
    client.force_login(ors)
    response = client.get(reverse("wagtailsnippets_certificates_certificate:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert certificate.code in html
    assert reverse("certificates_revoke", args=[certificate.pk]) in html
    inspect = client.get(
        reverse("wagtailsnippets_certificates_certificate:inspect", args=[certificate.pk])
    )
    assert inspect.status_code == 200
    # Certificates are issued by the ledger: there is no add view for anyone.
    add = client.get(reverse("wagtailsnippets_certificates_certificate:add"))
    assert add.status_code in (302, 403)


def test_design_preview_is_a_pdf_with_sample_data(rf, ors, design):
    request = rf.get("/")
    request.user = ors
    response = design.serve_preview(request, design.default_preview_mode)
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Zoë Ångström-Nguyễn O'Brien-Łukasz" in text
    assert "Dana Whitfield" in text


def test_saving_a_design_without_images_warns_the_editor(client, ors):
    client.force_login(ors)
    response = client.post(
        reverse("wagtailsnippets_certificates_certificatetemplate:add"),
        _design_form(name="No images"),
        follow=True,
    )
    assert response.status_code == 200
    assert CertificateTemplate.objects.filter(name="No images").exists()
    html = response.content.decode()
    assert "no signature image and no logo" in html


def test_a_design_with_an_unknown_placeholder_is_refused(client, ors):
    client.force_login(ors)
    response = client.post(
        reverse("wagtailsnippets_certificates_certificatetemplate:add"),
        {
            "name": "Typo",
            "heading": "Certificate",
            "body": "has completed {cource}.",
            "expiry_line": "",
            "signatory_name": "A",
            "signatory_title": "B",
        },
    )
    assert response.status_code == 200
    assert "Use only the placeholders" in response.content.decode()
    assert not CertificateTemplate.objects.filter(name="Typo").exists()


def test_an_upload_that_is_not_an_image_is_refused(db):
    form_class = get_image_form(get_image_model())
    fake = SimpleUploadedFile("signature.png", b"this is not a picture", content_type="image/png")
    form = form_class(data={"title": "Signature"}, files={"file": fake})
    assert not form.is_valid()
    assert "file" in form.errors


def test_certificate_listing_says_in_words_whether_the_pdf_is_rendered(
    client, ors, design, officer, course, complete
):
    waiting = complete(officer, course).certificates.get()
    client.force_login(ors)
    listing = client.get(reverse("wagtailsnippets_certificates_certificate:list")).content.decode()
    assert waiting.code in listing
    assert "Not yet rendered" in listing
    rendered(waiting)
    listing = client.get(reverse("wagtailsnippets_certificates_certificate:list")).content.decode()
    assert "Not yet rendered" not in listing
    assert "Rendered" in listing


def test_the_design_preview_panel_loads_framed_by_the_admin(client, ors, design):
    """The editor's preview panel posts the form, then frames the preview: a PDF carrying the
    admin's frame-ancestors 'self' (the public site keeps 'none'), in three sizes."""
    client.force_login(ors)
    edit = client.get(
        reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[design.pk])
    ).content.decode()
    preview_url = reverse(
        "wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[design.pk]
    )
    assert preview_url in edit
    for size in ("mobile", "tablet", "desktop"):
        assert f'value="{size}"' in edit
    form = _design_form(name=design.name)
    assert client.post(preview_url, form).json()["is_valid"]
    response = client.get(preview_url)
    assert response["Content-Type"] == "application/pdf"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'none'" in client.get("/verify/")["Content-Security-Policy"]
