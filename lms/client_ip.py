"""The client's address: one answer for every limit and every audit entry.

Behind a load balancer or TLS proxy, REMOTE_ADDR is the proxy, so every visitor would share one
address and ten failed sign-ins from anyone would lock everyone out. allauth already answers
"who is the client" from its trusted-proxy settings (ALLAUTH_TRUSTED_PROXY_COUNT,
ALLAUTH_TRUSTED_CLIENT_IP_HEADER; production reads them from the environment) for its own login
limits; our limits ask the same question through allauth's adapter so the two never disagree.

With no proxy trusted (the default) X-Forwarded-For is ignored, so a client cannot choose its
own address to escape a limit.
"""

from __future__ import annotations

import ipaddress
import logging

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest

logger = logging.getLogger(__name__)

UNKNOWN = "unknown"


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as allauth's rate limits see it, or "unknown".

    "unknown" (a trusted header missing, or fewer X-Forwarded-For entries than trusted
    proxies) puts such requests in one shared bucket: stricter, never looser.
    """
    try:
        return get_adapter(request).get_client_ip(request)
    except ImproperlyConfigured as error:
        logger.warning("Client address unknown: %s", error)
        return UNKNOWN
    except PermissionDenied:
        return UNKNOWN


def client_network(request: HttpRequest) -> str:
    """client_ip for counting attempts: an IPv6 address counts as its whole /64 (allauth's
    RATE_LIMIT_IPV6_PREFIX), since one subscriber holds that many addresses."""
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{address}/{prefix}", strict=False).network_address)
    return ip
