"""3. Certificate PDF: first render against bare xhtml2pdf; cached download against first render."""

from __future__ import annotations

import io
import statistics

from bench.measure import Figure, Options, median_ms, timed_get


def pdf_section(options: Options) -> list[Figure]:
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse
    from xhtml2pdf import pisa
    from xhtml2pdf.default import DEFAULT_CSS

    from certificates import pdf as pdf_module
    from certificates.design_pdf import CERTIFICATE_PDF_TEMPLATE
    from certificates.issuing import issue_certificate
    from certificates.rendering import pdf_context_for
    from lms.models import Completion

    # Only completions that get a certificate (as issue_missing_certificates picks them): the
    # past records and refreshers among the first rows without one would stay first forever,
    # and after a few runs on the same data set the section found nothing to measure.
    completions = list(
        Completion.objects.filter(
            course__issues_certificate=True,
            user__isnull=False,
            kind=Completion.Kind.CERTIFYING,
        )
        .exclude(method=Completion.Method.MANUAL)
        .exclude(certificates__isnull=False)
        .select_related("user")
        .order_by("pk")[: options.repetitions]
    )
    if not completions:
        return [Figure("certificate", "first render", None, "ms", note="missing: no completion")]
    first_times, cached_times, certificates = [], [], []
    # One client, as one server worker: its middleware loads once (whitenoise indexes the
    # static files, about 45 ms here), before the first timed request, not in every first one.
    client = Client()
    client.get(reverse("health"))
    for completion in completions:
        certificate = issue_certificate(completion=completion, render=False)
        if certificate is None:
            continue
        certificates.append(certificate)
        client.force_login(completion.user)
        call = timed_get(
            client, reverse("certificates:download", kwargs={"code": certificate.code})
        )
        first_times.append(median_ms(call, 1))
        cached_times.append(median_ms(call, 3))
    if not certificates:
        return [Figure("certificate", "first render", None, "ms", note="missing: no certificate")]
    first_ms = statistics.median(first_times)
    cached_ms = statistics.median(cached_times)

    certificate = certificates[0]
    context = pdf_context_for(certificate=certificate)
    context.setdefault("pdf_font_sans", pdf_module.SANS_FAMILY)
    context.setdefault("pdf_font_serif", pdf_module.SERIF_FAMILY)
    html = render_to_string(CERTIFICATE_PDF_TEMPLATE, context)
    fonts_css = pdf_module.font_choice().css() + "\n" + DEFAULT_CSS

    # The same fonts need the same permission to be read; nothing else of render_pdf is used.
    policy = pdf_module._policy()

    def bare():
        pisa.CreatePDF(
            html, dest=io.BytesIO(), default_css=fonts_css, encoding="utf-8", resource_policy=policy
        )

    bare()
    bare_ms = median_ms(bare, options.repetitions)
    first_ratio = first_ms / bare_ms
    speedup = first_ms / cached_ms if cached_ms else None
    print(
        f"  certificate: first {first_ms:.0f} ms, bare xhtml2pdf {bare_ms:.0f} ms, "
        f"cached {cached_ms:.1f} ms",
        flush=True,
    )
    return [
        Figure(
            "certificate",
            "first download (render + store + serve)",
            round(first_ms, 1),
            "ms (median)",
            baseline_name="bare xhtml2pdf, same HTML",
            baseline=round(bare_ms, 1),
            ratio=round(first_ratio, 2),
            goal="<= 1.5x bare",
            met=first_ratio <= 1.5,
            extra={"certificates": len(certificates)},
        ),
        Figure(
            "certificate",
            "cached download",
            round(cached_ms, 2),
            "ms (median)",
            baseline_name="first download",
            baseline=round(first_ms, 1),
            ratio=round(cached_ms / first_ms, 4),
            goal=">= 20x faster than first",
            met=speedup is not None and speedup >= 20,
            note=f"{speedup:.0f}x faster" if speedup else "",
        ),
    ]
