"""Print a new P-256 key for signing Open Badges credentials (docs/operations.md: rotation)."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand

from certificates.credentials.keys import new_private_key_pem, public_key_pem, thumbprint


class Command(BaseCommand):
    help = (
        "Print a new P-256 private key for CREDENTIAL_SIGNING_KEY, and its public key to add to "
        "CREDENTIAL_PREVIOUS_PUBLIC_KEYS when it is later retired. Stores nothing: put the "
        "private key in your secret store, never in the repository."
    )

    # Runs even when the configured key is broken (certificates.E002): that is when it is needed.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--base64",
            action="store_true",
            dest="one_line",
            help="Print the private key base64-encoded on one line (for environments that "
            "cannot hold line breaks).",
        )

    def handle(self, *args, one_line: bool = False, **options):
        pem = new_private_key_pem()
        public = serialization.load_pem_private_key(pem.encode(), password=None).public_key()
        self.stdout.write(f"# Key id (thumbprint): {thumbprint(public)}")
        self.stdout.write("# CREDENTIAL_SIGNING_KEY (secret):")
        self.stdout.write(_b64(pem) if one_line else pem.rstrip("\n"))
        self.stdout.write("# Its public key, for CREDENTIAL_PREVIOUS_PUBLIC_KEYS after rotation:")
        self.stdout.write(public_key_pem(public).rstrip("\n"))


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("ascii")).decode("ascii")
