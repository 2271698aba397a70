from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from . import DEMO_PASSWORD

ORS_EMAIL = "ors@example.org"


def ensure_demo_user(*, email: str, first_name: str, last_name: str, **flags) -> tuple:
    """Create (or leave as is) a demo user with a verified e-mail. Returns (user, created)."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, first_name=first_name, last_name=last_name, **flags)
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user, created


def load_ors_staff(stdout) -> None:
    """The statewide ORS account, with full Wagtail admin access."""
    _, created = ensure_demo_user(
        email=ORS_EMAIL, first_name="Olivia", last_name="Reyes", is_staff=True, is_superuser=True
    )
    stdout.write(f"{'Created' if created else 'Kept'} ORS account {ORS_EMAIL}")
