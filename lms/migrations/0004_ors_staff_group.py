"""The "ORS staff" group: statewide staff who see every agency and use the Wagtail admin.

Model and page permissions are granted by lms.people.permissions.sync_ors_staff_permissions after every
migrate (permissions for models of other apps do not exist yet while this migration runs).
"""

from django.db import migrations

ORS_STAFF_GROUP = "ORS staff"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ORS_STAFF_GROUP)
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is not None:
        group.permissions.add(access_admin)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ORS_STAFF_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0003_agency_join_rotation_membership_parental"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
