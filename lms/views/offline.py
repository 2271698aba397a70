"""The installable app's plumbing: the web app manifest, the service worker and the offline pages.

The service worker must be served from the site root to control every page (a script under
/static/ could only control /static/), so a view reads static/js/sw.js and puts in front of it the
few facts it needs: its version and the URLs of the app shell. The version changes whenever the
script or any shell file's URL changes (a deploy with new hashed static files), which makes the
browser install the new worker, which then drops the old shell (docs/officer-guide.md).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

APP_NAME = "Roll Call LMS"
THEME_COLOUR = "#0b3d6e"  # --brand in static/css/site.css
START_URL = "/dashboard/"  # the officer's to-do list

# Files every saved page needs; saved pages' own images are kept with the pages.
SHELL_STATIC_FILES = (
    "css/site.css",
    "css/print.css",
    "css/courses.css",
    "css/certificates.css",
    "css/dashboard.css",
    "css/quiz.css",
    "js/offline.js",
    "img/favicon.svg",
    "img/icons/icon-192.png",
)


def _icons() -> list[dict]:
    return [
        {"src": static("img/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("img/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]


@require_GET
def web_manifest(request: HttpRequest) -> JsonResponse:
    manifest = {
        "id": START_URL,
        "name": APP_NAME,
        "short_name": "Roll Call",
        "description": "Naloxone leave-behind training: lessons, quizzes, certificates and the "
        "quick reference card, readable offline.",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": _icons(),
    }
    response = JsonResponse(manifest, json_dumps_params={"indent": 1})
    response["Content-Type"] = "application/manifest+json"
    return response


@cache
def _worker_source() -> str:
    path = finders.find("js/sw.js")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def worker_config() -> dict:
    """What the worker is told: its shell and the pages it answers with when nothing is saved."""
    shell = [
        reverse("offline_page"),
        reverse("offline_needs_connection"),
        *(static(name) for name in SHELL_STATIC_FILES),
    ]
    source = _worker_source()
    digest = hashlib.sha256((source + json.dumps(shell)).encode()).hexdigest()[:16]
    return {
        "version": digest,
        "shell": shell,
        "offlinePage": reverse("offline_page"),
        "needsConnectionPage": reverse("offline_needs_connection"),
        "staticUrl": static(""),
    }


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    body = f"const CONFIG = {json.dumps(worker_config())};\n{_worker_source()}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on navigations; no-cache makes it ask every time.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page that was not saved (fetched once, signed out)."""
    return render(request, "lms/offline.html", {"needs_connection": False})


@require_GET
def offline_needs_connection(request: HttpRequest) -> HttpResponse:
    """What the worker shows when a form (a quiz answer, anything but a lesson completion) is
    sent without a connection: nothing was sent."""
    return render(request, "lms/offline.html", {"needs_connection": True})
