"""Uploaded documents must be what their names say: the content is checked against the
extension before anything reaches storage, so a refused upload leaves no file behind."""

from __future__ import annotations

import zipfile

from django import forms
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

OFFICE_EXTENSIONS = {"docx", "xlsx", "pptx"}
TEXT_EXTENSIONS = {"csv", "txt"}
SNIFF_BYTES = 8192


def content_matches_extension(upload, extension: str) -> bool:
    """True when the file's bytes are a real `extension` file (PDF, Office Open XML, text)."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in OFFICE_EXTENSIONS:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                return "[Content_Types].xml" in archive.namelist()
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the sniff boundary is still text.
            return exc.start >= len(head) - 3
        return True
    return False


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE) with a content check."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if not content_matches_extension(upload, extension):
            raise forms.ValidationError(
                _(
                    "This file's content is not a real .%(extension)s file. Save it again in "
                    "that format, or upload it with the right extension."
                ),
                params={"extension": extension or "?"},
            )
        return upload
