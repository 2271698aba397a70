"""Which certificates a person may see, built on lms.access (one definition of who sees what)."""

from __future__ import annotations

from functools import cache

from django.db import connections, router
from django.db.models import F, QuerySet
from django.http import Http404

from certificates.models import Certificate
from lms.access import completions_visible_to
from lms.records import hot_sql


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """An officer's own; a supervisor's agency's; everything for ORS staff."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(completion__in=completions_visible_to(user))


_ANY_CODE = "\x00"  # stands for the code while the statement is compiled


def _with_holder(code: str) -> QuerySet[Certificate]:
    return Certificate.objects.annotate(holder_id=F("completion__user_id")).filter(code=code)


@cache
def _with_holder_statement(alias: str) -> tuple[str, tuple, tuple[int, ...]]:
    """The ORM's own SQL for a certificate and its holder, compiled once per process and
    database (as lms.access.role_facts is), its row read as lms.records.hot_sql reads one: the ORM
    took 0.45 ms of CPU for this on every download, most of it compiling; this takes 0.05 ms."""
    compiler = _with_holder(_ANY_CODE).order_by().query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if len(compiler.select) != len(Certificate._meta.concrete_fields) + 1:
        raise ValueError("Expected the certificate's columns and then its holder.")
    return sql, tuple(params), tuple(i for i, value in enumerate(params) if value == _ANY_CODE)


def _certificate_with_holder(code: str) -> Certificate | None:
    alias = router.db_for_read(Certificate)
    sql, params, code_positions = _with_holder_statement(alias)
    params = [code if i in code_positions else value for i, value in enumerate(params)]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    certificate = hot_sql.instance_from_row(Certificate, alias, row)
    certificate.holder_id = row[-1]
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
