from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from certificates.issuing import issue_certificate
from certificates.models import Certificate, CertificateFile
from tests.certificates.conftest import rendered


def pdf_text(certificate: Certificate) -> str:
    rendered(certificate)
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_completing_a_certificate_course_issues_one_certificate_rendered_on_first_download(
    design, officer, course, complete
):
    completion = complete(officer, course)
    certificate = completion.certificates.get()
    assert certificate.full_name == "Zoë Ångström"
    # Tasks run inline (the immediate backend): the quiz submission does not render the PDF.
    assert not certificate.pdf
    assert certificate.files.count() == 0
    rendered(certificate)
    certificate.refresh_from_db()
    assert certificate.pdf
    assert certificate.files.count() == 1
    # Issuing again (a repeated signal) changes nothing.
    assert issue_certificate(completion=completion) == certificate
    assert Certificate.objects.count() == 1


def test_a_course_that_grants_no_certificate_issues_none(officer, make_course, complete):
    completion = complete(officer, make_course("Refresher", issues_certificate=False))
    assert not completion.certificates.exists()


def test_pdf_text_holds_name_agency_course_dates_and_code(design, officer, course, complete):
    completed_at = timezone.make_aware(dt.datetime(2026, 3, 14, 10, 0))
    certificate = complete(officer, course, completed_at=completed_at).certificates.get()
    text = pdf_text(certificate)  # renders it
    for expected in [
        "Zoë Ångström",
        "Capital City Police Department",
        "Leave-Behind Naloxone",
        "March 14, 2026",
        "March 14, 2028",  # 24 months later
        certificate.code,
        "Dana Whitfield",
        "Director, Overdose Response",
        "/verify/",
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
    certificate = rendered(complete(officer, course).certificates.get())
    reader = PdfReader(certificate.pdf.path)
    assert len(reader.pages) == 1
    # Extraction may break a long line; compare without whitespace.
    assert f"{first_name}{last_name}".replace(" ", "") in pdf_text(certificate).replace(
        " ", ""
    ).replace("\n", "")


def test_long_names_get_a_smaller_font_that_fits_the_line():
    from certificates.design_pdf import NAME_FONT_SIZES, NAME_MAX_WIDTH_PT
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
    rendered(first)
    rendered(second)
    assert CertificateFile.objects.count() == 2


def test_with_tasks_run_inline_a_completion_never_renders_the_pdf(
    design, officer, course, complete, monkeypatch
):
    """django-tasks' immediate backend would render inside the officer's quiz submission."""
    from certificates import issuing, rendering

    def no_render(**kwargs):
        raise AssertionError("rendered inside the request that completed the course")

    monkeypatch.setattr(issuing, "render_certificate_pdf", no_render)
    monkeypatch.setattr(rendering, "render_certificate_pdf", no_render)
    certificate = complete(officer, course).certificates.get()
    assert not issuing.renders_in_background()
    assert not certificate.pdf and certificate.render_error == ""


def test_with_a_background_task_backend_the_render_is_enqueued_after_commit(
    design, officer, course, complete, settings
):
    from django_tasks import default_task_backend

    from certificates.issuing import renders_in_background
    from certificates.tasks import render_certificate_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    assert renders_in_background()
    certificate = complete(officer, course).certificates.get()

    renders = [
        result
        for result in default_task_backend.results
        if result.task.func == render_certificate_task.func
    ]
    assert [result.args for result in renders] == [[certificate.pk]]
    assert not certificate.pdf  # the worker renders it
    assert render_certificate_task.call(certificate.pk) is True
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.files.count() == 1


def test_the_page_count_is_read_from_the_pdf_without_parsing_it():
    from certificates.design_pdf import pdf_page_count
    from certificates.pdf import render_html_to_pdf

    for pages in (1, 2, 3):
        html = "".join(
            f'<div style="page-break-after: always">Page {n}</div>' for n in range(pages - 1)
        )
        pdf = render_html_to_pdf(f"<html><body>{html}<div>Last</div></body></html>")
        assert pdf_page_count(pdf) == len(PdfReader(io.BytesIO(pdf)).pages) == pages


def test_design_images_are_read_once_per_file_not_once_per_certificate(
    design, officer, course, complete
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certificates.rendering import render_certificate_pdf

    certificate = complete(officer, course).certificates.get()
    render_certificate_pdf(certificate=certificate)
    with CaptureQueriesContext(connection) as queries:
        pdf = render_certificate_pdf(certificate=certificate)
    assert not [q for q in queries if "wagtailimages_rendition" in q["sql"]]
    images = [img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images]
    assert len(images) == 3  # logo, signature and the QR code are still printed
