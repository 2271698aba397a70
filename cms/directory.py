"""The public no-cost naloxone supplier directory."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from cms.models import NaloxoneSupplier, SupplierCounty


def suppliers_for_county(*, county: str | None) -> QuerySet[NaloxoneSupplier]:
    """Listed suppliers serving `county` (statewide ones included); all listed ones for None."""
    suppliers = NaloxoneSupplier.objects.filter(is_listed=True)
    if county:
        suppliers = suppliers.filter(Q(serves_statewide=True) | Q(counties__county=county))
    return suppliers.distinct().prefetch_related(
        Prefetch("counties", queryset=SupplierCounty.objects.order_by("county"))
    )
