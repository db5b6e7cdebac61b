"""Create the Curator and Viewer groups (definitions in archive.services.roles)."""

from django.db import migrations


def create_role_groups(apps, schema_editor):
    from archive.services.roles import sync_role_groups

    sync_role_groups(apps, using=schema_editor.connection.alias)


def remove_role_groups(apps, schema_editor):
    from archive.services.roles import CURATOR_GROUP, VIEWER_GROUP

    group_model = apps.get_model("auth", "Group")
    group_model.objects.using(schema_editor.connection.alias).filter(
        name__in=[CURATOR_GROUP, VIEWER_GROUP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0004_curation_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
