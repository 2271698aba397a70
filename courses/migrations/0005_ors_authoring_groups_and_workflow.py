"""ORS authoring set-up on a new site: the course index page, the "ORS Authors" and "ORS Reviewers"
groups with page permissions on it, and the "ORS course review" workflow assigned to it.

Runs on a fresh `migrate`, when no page exists but the home page (cms.0002). Idempotent: a
re-run (or a site that already has these) changes nothing.
"""

from django.db import migrations

AUTHORS = "ORS Authors"
REVIEWERS = "ORS Reviewers"
WORKFLOW = "ORS course review"
TASK = "ORS Reviewers approval"

AUTHOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"]
# (app_label, model, codename) for images and documents in the root collection.
MEDIA_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
]


def _permission(apps, app_label, model, codename):
    # On a fresh database Django creates model permissions only after all migrations, so make
    # the ones we need here (the same rows post_migrate would create).
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def _course_index(apps):
    """The course index page; created under the home page when there is none yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    CourseIndexPage = apps.get_model("courses", "CourseIndexPage")
    HomePage = apps.get_model("cms", "HomePage")

    index = CourseIndexPage.objects.order_by("path").first()
    if index is not None:
        return Page.objects.get(pk=index.pk)
    home = HomePage.objects.order_by("path").first()
    if home is None:
        # No site yet: the tree root (depth 1) still gives the groups a place to work.
        return Page.objects.filter(depth=1).order_by("path").first()
    last_child = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by(
        "-path"
    )
    last_child = last_child.first()
    steplen = 4
    next_number = int(last_child.path[-steplen:], 36) + 1 if last_child else 1
    path = home.path + _base36(next_number).rjust(steplen, "0")
    slug = "courses"
    if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug).exists():
        slug = "training-courses"
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="courseindexpage")
    index = CourseIndexPage.objects.create(
        title="Courses",
        draft_title="Courses",
        slug=slug,
        content_type=content_type,
        path=path,
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        intro="<p>Short lessons for roll call, with a quiz and a certificate.</p>",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    return Page.objects.get(pk=index.pk)


def _base36(number: int) -> str:
    # treebeard's MP_Node alphabet: 0-9 then A-Z.
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = alphabet[rest] + digits
    return digits or "0"


def create_authoring_setup(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    page = _course_index(apps)
    authors, _ = Group.objects.get_or_create(name=AUTHORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()

    for group, codenames in ((authors, AUTHOR_PAGE_PERMISSIONS), (reviewers, REVIEWER_PAGE_PERMISSIONS)):
        group.permissions.add(access_admin)
        if page is not None:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=page,
                    permission=_permission(apps, "wagtailcore", "page", codename),
                )
        if root_collection is not None:
            for app_label, model, codename in MEDIA_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, model, codename),
                )

    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if page is not None and page.depth > 1:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def remove_authoring_setup(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=[AUTHORS, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_course_cover_objectives_completion_rule"),
        ("cms", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_authoring_setup, remove_authoring_setup)]
