"""allauth's account adapter, with one change: a request whose client address cannot be told
is refused, never an error page.

allauth reads the client address from the trusted-proxy settings (lms.client_ip). With
ALLAUTH_TRUSTED_CLIENT_IP_HEADER set and the header missing, it refuses the sign-in (403). With
ALLAUTH_TRUSTED_PROXY_COUNT larger than the X-Forwarded-For entries a request carries (it did
not come through every proxy: a visitor reaching the load balancer past the CDN, say), it raised
ImproperlyConfigured, a 500 on every sign-in form. Both now refuse the same way; our own limits
count such requests under one shared "unknown" address.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured as error:
            raise PermissionDenied("Unable to determine client IP address") from error
