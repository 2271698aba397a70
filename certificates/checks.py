"""System checks: certificate PDFs need fonts that print every officer's name."""

from __future__ import annotations

from django.core import checks


@checks.register()
def check_pdf_fonts(app_configs, **kwargs):
    from certificates.pdf import font_choice

    choice = font_choice()
    if choice.wide_unicode:
        return []
    return [
        checks.Warning(
            f"PDFs use {choice.source}: names such as 'Łukasz' or 'Nguyễn' will not print.",
            hint="Install Debian's fonts-dejavu-core, or set PDF_FONT_DIR to a folder holding "
            "DejaVuSans.ttf, DejaVuSans-Bold.ttf, DejaVuSerif.ttf and DejaVuSerif-Bold.ttf.",
            id="certificates.W001",
        )
    ]
