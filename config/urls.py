from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from archive import views as archive_views
from archive.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("archive.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", archive_views.robots_txt, name="robots-txt"),
    # Browsers ask for /favicon.ico whatever the page links: send them to the SVG icon.
    path("favicon.ico", archive_views.favicon, name="favicon"),
    path("", include("archive.urls")),
]

# JSON under /api/, the site's pages elsewhere.
handler404 = "archive.api.errors.page_not_found"
handler500 = "archive.api.errors.server_error"
