"""The demo agencies' own SOPs: the model SOP's text with every placeholder filled in, as a
supervisor would, so officers read and acknowledge text that names their agency."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cms.sop import acknowledge_sop, adopt_sop, model_sop
from cms.sop_text import model_sop_starting_text, placeholders_in
from lms.models import Agency, Membership

# What each fictional agency wrote in place of the model's bracketed text.
DEMO_FILLS = {
    "[partner registered Opioid Overdose Prevention Program]": (
        "the Hudson Valley Harm Reduction Coalition (fictional), a registered Opioid Overdose "
        "Prevention Program"
    ),
    "[name]": "Dr. Jordan Avery (fictional)",
    "[partner program]": "the partner program",
    "[Agency option: e.g. family asks for one, or drug use is apparent.]": (
        "When a family member asks for one, or drug use is apparent."
    ),
    "[Unit or role]": "The patrol sergeant on each shift",
    "[monthly]": "monthly",
    "[quarterly]": "quarterly",
    "[annually]": "annually",
    "[Agency rule for patrol-car storage, avoiding extremes such as a glove box.]": (
        "Kits ride in the patrol bag, never in the glove box or trunk."
    ),
}


def demo_sop_text(*, agency_name: str) -> str:
    text = model_sop_starting_text(page=model_sop(), agency_name=agency_name)
    for placeholder, words in DEMO_FILLS.items():
        text = text.replace(placeholder, words)
    for leftover in placeholders_in(text):  # a placeholder added to the model later
        text = text.replace(leftover, leftover.strip("[]"))
    return text


def load_demo_sops(
    *, plans: tuple[tuple[str, int, int, float], ...], at, rng: random.Random, officer_email: str
) -> int:
    """Each plan is (agency name, adopted days ago, days to acknowledge, share acknowledged).
    Agencies that already have an SOP are left alone."""
    if model_sop() is None:
        return 0
    today = timezone.localdate()
    made = 0
    for name, adopted_days, days_to_acknowledge, share in plans:
        agency = Agency.objects.filter(name=name).first()
        if agency is None or agency.sop_adoptions.exists():
            continue
        agency.sop_acknowledge_days = days_to_acknowledge
        agency.save(update_fields=["sop_acknowledge_days", "updated_at"])
        supervisor = Membership.objects.filter(agency=agency, role="supervisor").first()
        adoption = adopt_sop(
            agency=agency,
            adopted_by=supervisor.user if supervisor else None,
            title="Leave-behind naloxone SOP",
            text=demo_sop_text(agency_name=agency.name),
            version_label="General Order 26-1",
            adopted_on=today - dt.timedelta(days=adopted_days),
        )
        for membership in Membership.objects.filter(
            agency=agency, status=Membership.Status.ACTIVE, role=Membership.Role.OFFICER
        ).select_related("user").order_by("user__email"):  # fmt: skip
            if membership.user.email == officer_email or rng.random() < share:
                acknowledge_sop(
                    user=membership.user, adoption=adoption,
                    at=at(rng.randint(1, adopted_days - 1), hour=rng.randint(7, 20)),
                )  # fmt: skip
                made += 1
    return made
