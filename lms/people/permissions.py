"""Permissions of the "ORS staff" group, kept in sync after every `migrate`.

The group itself is created by migration lms 0004. Permissions of models in other apps exist only
after their migrations ran, so they are granted here, on post_migrate. Extension point: add an
app label to ORS_MANAGED_APPS, or a codename to ORS_NEVER_GRANTED.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from lms.access import ORS_STAFF_GROUP

# Apps whose content ORS authors or whose records ORS manages.
ORS_MANAGED_APPS = (
    "lms",
    "rollcall",
    "courses",
    "quiz",
    "certificates",
    "cms",
    "wagtailimages",
    "wagtaildocs",
    "wagtailforms",
    "wagtailredirects",
)
# Evidence is append-only: nobody deletes completions, certificates or quiz attempts.
ORS_NEVER_GRANTED = ("delete_completion", "delete_certificate", "delete_quizattempt")
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def sync_ors_staff_permissions(*, using: str = "default") -> Group:
    """Grant the group what ORS needs; idempotent, never removes a permission added by hand."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    group, _ = Group.objects.using(using).get_or_create(name=ORS_STAFF_GROUP)
    wanted = (
        Permission.objects.using(using)
        .filter(
            Q(content_type__app_label__in=ORS_MANAGED_APPS)
            | Q(content_type__app_label="wagtailadmin", codename="access_admin")
            | Q(content_type__app_label="wagtailsnippets")
            | Q(content_type__app_label="wagtailusers", codename__startswith="view_")
        )
        .exclude(codename__in=ORS_NEVER_GRANTED)
    )
    group.permissions.add(*wanted)

    root_page = Page.objects.using(using).filter(depth=1).first()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS:
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label="wagtailcore", codename=codename)
                .first()
            )
            if permission is not None:
                GroupPagePermission.objects.using(using).get_or_create(
                    group=group, page=root_page, permission=permission
                )
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    if root_collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is not None:
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    return group


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver, run after each app's migrations: the app's permissions may have been
    created only by then (idempotent, so running it many times is harmless).

    Only an existing group is synced: `flush` (run between transactional tests) also sends
    post_migrate, and a group created then would clash with the serialized one restored next.
    """
    if Group._meta.db_table not in _table_names(using):
        return
    if not Group.objects.using(using).filter(name=ORS_STAFF_GROUP).exists():
        return
    sync_ors_staff_permissions(using=using)


def _table_names(using: str) -> list[str]:
    from django.db import connections

    return connections[using].introspection.table_names()
