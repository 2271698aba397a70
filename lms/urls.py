from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses.lesson_response_cache import serve_page
from lms.admin_exports import report_urlpatterns
from lms.views.health import health
from lms.views.offline import (
    offline_needs_connection,
    offline_page,
    service_worker,
    web_manifest,
)

urlpatterns = [
    path("health/", health, name="health"),
    # The installable app: the worker is served from the root so that it controls every page.
    path("sw.js", service_worker, name="service_worker"),
    path("manifest.webmanifest", web_manifest, name="web_manifest"),
    path("offline/", offline_page, name="offline_page"),
    path("offline/needs-connection/", offline_needs_connection, name="offline_needs_connection"),
    path("accounts/", include("allauth.urls")),
    # Wagtail's own login form would bypass allauth's rate limits and MFA: send it to allauth.
    path(
        "admin/login/",
        RedirectView.as_view(url="/accounts/login/", query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    # Wagtail's reports at their own addresses, with exports made safe (lms.admin_exports).
    *report_urlpatterns(),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("lms.app_urls")),
    path("", include("courses.urls")),
    path("", include("certificates.urls")),
    path("", include("certificates.credential_urls")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every path not matched above; it must stay last. A lesson (always three levels
# below the site root: course index, course, lesson) goes through the view that keeps an
# officer's lesson page whole (courses.lesson_response_cache); any other page it hands straight
# to Wagtail.
urlpatterns += [
    re_path(r"^((?:[\w\-]+/){3})$", serve_page),
    path("", include(wagtail_urls)),
]
