from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from certificates.issuing import issue_certificate
from certificates.models import Certificate, CertificateFile


def pdf_text(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_completing_a_certificate_course_issues_one_certificate_with_a_stored_pdf(
    design, officer, course, complete
):
    completion = complete(officer, course)
    certificate = completion.certificates.get()
    assert certificate.pdf
    assert certificate.files.count() == 1
    assert certificate.full_name == "Zoë Ångström"
    # Issuing again (a repeated signal) changes nothing.
    assert issue_certificate(completion=completion) == certificate
    assert Certificate.objects.count() == 1


def test_a_course_that_grants_no_certificate_issues_none(officer, make_course, complete):
    completion = complete(officer, make_course("Refresher", issues_certificate=False))
    assert not completion.certificates.exists()


def test_pdf_text_holds_name_agency_course_dates_and_code(design, officer, course, complete):
    completed_at = timezone.make_aware(dt.datetime(2026, 3, 14, 10, 0))
    certificate = complete(officer, course, completed_at=completed_at).certificates.get()
    text = pdf_text(certificate)
    for expected in [
        "Zoë Ångström",
        "Capital City Police Department",
        "Leave-Behind Naloxone",
        "March 14, 2026",
        "March 14, 2028",  # 24 months later
        certificate.code,
        "Dana Whitfield",
        "Director, Overdose Response",
        certificate.verification_url(),
    ]:
        assert expected in text, expected
    page = PdfReader(certificate.pdf.path).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (792, 612)
    assert len(PdfReader(certificate.pdf.path).pages) == 1


@pytest.mark.parametrize(
    "first_name,last_name",
    [
        ("Nguyễn", "Thị Minh Khai"),
        ("Seán", "O'Brien-Łukasz"),
        ("Zoë", "Ångström"),
        (
            "Maximiliana Alessandra Josephina",
            "Vandenberghe-Wojciechowska-Nakamura",  # 70 characters with the space
        ),
    ],
)
def test_unicode_and_long_names_print_on_one_page(
    design, agency, make_member, course, complete, first_name, last_name
):
    officer = make_member(agency, first_name=first_name, last_name=last_name)
    certificate = complete(officer, course).certificates.get()
    reader = PdfReader(certificate.pdf.path)
    assert len(reader.pages) == 1
    # Extraction may break a long line; compare without whitespace.
    assert f"{first_name}{last_name}".replace(" ", "") in pdf_text(certificate).replace(
        " ", ""
    ).replace("\n", "")


def test_long_names_get_a_smaller_font_that_fits_the_line():
    from certificates.issuing import NAME_FONT_SIZES, NAME_MAX_WIDTH_PT
    from certificates.pdf import fit_font_size

    short = fit_font_size("Ann Lee", max_width_pt=NAME_MAX_WIDTH_PT, sizes=NAME_FONT_SIZES)
    long_name = "Maximiliana Alessandra Josephina Vandenberghe-Wojciechowska-Nakamura"
    assert len(long_name) > 60
    smaller = fit_font_size(long_name, max_width_pt=NAME_MAX_WIDTH_PT, sizes=NAME_FONT_SIZES)
    assert short == 40
    assert smaller < 24


def test_a_certificate_without_a_design_or_images_still_renders(officer, course, complete):
    certificate = complete(officer, course).certificates.get()
    assert certificate.template is None
    assert "Zoë Ångström" in pdf_text(certificate)


def test_a_new_completion_supersedes_the_earlier_certificate(design, officer, course, complete):
    first = complete(
        officer, course, completed_at=timezone.now() - dt.timedelta(days=800)
    ).certificates.get()
    second = complete(officer, course).certificates.get()
    first.refresh_from_db()
    assert first.superseded_by == second
    assert second.superseded_by is None
    assert CertificateFile.objects.count() == 2
