"""Which certificates a person may see, built on lms.access (one definition of who sees what)."""

from __future__ import annotations

from functools import cache

from django.db import router
from django.db.models import F, QuerySet
from django.http import Http404

from certificates.models import Certificate
from lms.access import completions_visible_to
from lms.prepared_sql import PreparedStatement, prepare, stand_in_text
from lms.records import hot_sql


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """An officer's own; a supervisor's agency's; everything for ORS staff."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(completion__in=completions_visible_to(user))


_ANY_CODE = stand_in_text()  # stands for the code while the statement is compiled


def _with_holder(code: str) -> QuerySet[Certificate]:
    return Certificate.objects.annotate(holder_id=F("completion__user_id")).filter(code=code)


@cache
def _with_holder_statement(alias: str) -> PreparedStatement:
    """The ORM's own SQL for a certificate and its holder, compiled once per process and
    database (lms.prepared_sql), its row read as lms.records.hot_sql reads one: the ORM took
    0.45 ms of CPU for this on every download, most of it compiling; this takes 0.05 ms."""
    queryset = _with_holder(_ANY_CODE).order_by()
    compiler = queryset.query.get_compiler(alias)
    compiler.as_sql()
    if len(compiler.select) != len(Certificate._meta.concrete_fields) + 1:
        raise ValueError("Expected the certificate's columns and then its holder.")
    return prepare(queryset, alias=alias, ids={"code": _ANY_CODE})


def _certificate_with_holder(code: str) -> Certificate | None:
    alias = router.db_for_read(Certificate)
    rows = _with_holder_statement(alias).rows(alias, code=code)
    if not rows:
        return None
    certificate = hot_sql.instance_from_row(Certificate, alias, rows[0])
    certificate.holder_id = rows[0][-1]
    return certificate


def certificate_visible_to_or_404(user, code: str) -> Certificate:
    """The certificate with this code if the user may see it; 404 otherwise.

    One query for the common case, an officer's own certificate: the row is read by its code
    and its holder compared with the user. Anyone else's goes through
    certificates_visible_to, the one definition of who sees what.
    """
    if not user.is_authenticated:
        raise Http404("No such certificate.")
    certificate = _certificate_with_holder(code)
    if certificate is None:
        raise Http404("No such certificate.")
    if certificate.holder_id == user.pk:
        return certificate
    if not certificates_visible_to(user).filter(pk=certificate.pk).exists():
        raise Http404("No such certificate.")
    return certificate
