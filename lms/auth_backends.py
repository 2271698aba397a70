"""Sign-in backends that keep the signed-in person's account row under their access stamp.

Django loads the account from the database on every request: one query, about a fifth of a
repeated quiz submission here. The row only changes through saves, and every save of it renews
the person's access stamp (lms.freshness), so a copy kept under that stamp is as fresh as the
database: deactivating someone or changing their password is seen on their very next request.
Everything else stays Django's: it still checks that the session's backend is configured,
that the account may sign in, and that the session's password hash matches. The middleware is
Django's too; it only tells the backend which request it loads the person for, so the account
comes in the same cache round trip as the request's stamps.

A change made with a queryset `.update()` sends no signal; such code must call
`lms.freshness.person_changed(user_id, access=True)`, as the rest of the freshness rules say.
"""

from __future__ import annotations

from contextvars import ContextVar

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from lms import freshness

USER_KEY = "lms:user:{}"

# The request whose person is being loaded: with it, the account is read in the same round trip
# as the stamps the rest of the request uses (lms.roles), instead of one trip more.
_loading_for: ContextVar = ContextVar("lms_auth_loading_for", default=None)


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, loading the person (when first asked for) with the request at hand."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _person_of(request))


def _person_of(request):
    if not hasattr(request, "_cached_user"):
        token = _loading_for.set(request)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _loading_for.reset(token)
    return request._cached_user


class _KeptAccountMixin:
    def get_user(self, user_id):
        if not freshness.stamps_are_shared():
            return super().get_user(user_id)
        key = USER_KEY.format(user_id)
        access, kept = freshness.access_stamp_with(user_id, key, request=_loading_for.get())
        if kept is not None and kept[0] == access:
            user = kept[1]
            return user if self.user_can_authenticate(user) else None
        user = super().get_user(user_id)  # None when gone or not allowed to sign in
        if user is not None:
            cache.set(key, (access, user), settings.SESSION_COOKIE_AGE)
        return user


class AccountBackend(_KeptAccountMixin, ModelBackend):
    """Django's ModelBackend, with the account kept per access stamp."""


class AllauthAccountBackend(_KeptAccountMixin, AllauthBackend):
    """allauth's backend (sign-in by e-mail address), with the account kept per access stamp."""
