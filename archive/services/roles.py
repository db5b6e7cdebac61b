"""The two staff roles, as auth groups: *Curator* (edits everything in the archive) and *Viewer*.

The group definitions live here, once, and take an app registry so the data migration can run them
against its historical models and tests can re-create them after a transactional flush.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

CURATOR_GROUP = "Curator"
VIEWER_GROUP = "Viewer"
ARCHIVE_APP_LABEL = "archive"


def sync_role_groups(apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Create (or reset) both groups; returns how many permissions each group holds.

    Curators get every permission of the archive app: add/change/delete/view on every model, the
    historical models included, and the custom ones (merge_entities, publish_article, ...).
    Viewers get only the view permissions. Groups are *set*, not extended, so a Viewer can never
    drift into having a change permission.
    """
    archive_config = apps.get_app_config(ARCHIVE_APP_LABEL)
    # Permissions are normally created after `migrate` (post_migrate); a data migration runs
    # before that, so create them now. A historical app config has no models_module, which
    # create_permissions takes to mean "no models": pretend it has one.
    if getattr(archive_config, "models_module", None) is None:
        archive_config.models_module = True
    create_permissions(archive_config, verbosity=0, using=using, apps=apps)

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    archive_permissions = permission_model.objects.using(using).filter(
        content_type__app_label=ARCHIVE_APP_LABEL
    )
    curator, _ = group_model.objects.using(using).get_or_create(name=CURATOR_GROUP)
    curator.permissions.set(list(archive_permissions))
    viewer, _ = group_model.objects.using(using).get_or_create(name=VIEWER_GROUP)
    viewer.permissions.set(list(archive_permissions.filter(codename__startswith="view_")))
    return {
        CURATOR_GROUP: curator.permissions.count(),
        VIEWER_GROUP: viewer.permissions.count(),
    }
