"""The admin: a curation desk over the archive (see each module)."""

from django.contrib import admin

from archive.admin import (  # noqa: F401 (registers models)
    articles,
    entities,
    imports,
    mentions,
    merges,
    stories,
)

# The index gains a "Curation desk" box (admin/index.html itself belongs to django.contrib.admin,
# which comes first in INSTALLED_APPS, so it cannot simply be overridden by name).
admin.site.index_template = "admin/archive/index.html"
admin.site.site_header = "Smart City Archive: curation desk"
admin.site.site_title = "Smart City Archive admin"
admin.site.index_title = "Curation desk"
