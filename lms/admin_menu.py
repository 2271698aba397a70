"""Admin menu items shared by the apps' wagtail_hooks."""

from __future__ import annotations

from wagtail.admin.menu import MenuItem

from lms.access import is_ors_staff


class OrsStaffMenuItem(MenuItem):
    """A link in the admin menu that only ORS staff see (the pages behind it check again)."""

    def is_shown(self, request):
        return is_ors_staff(request.user)
