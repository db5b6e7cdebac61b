from django.urls import path

from . import views
from .feeds import EntityArticlesFeed, LatestArticlesFeed
from .models import EntityKind

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
]

# /organizations/, /organizations/<slug>/, /organizations/<slug>/feed/, and so on per kind.
for kind, prefix, url_name in (
    (EntityKind.ORGANIZATION, "organizations", "organization"),
    (EntityKind.PERSON, "people", "person"),
    (EntityKind.EVENT, "events", "event"),
    (EntityKind.PLACE, "places", "place"),
):
    urlpatterns += [
        path(f"{prefix}/", views.EntityListView.as_view(kind=kind), name=f"{url_name}-list"),
        path(
            f"{prefix}/<slug:slug>/",
            views.entity_detail,
            {"kind": kind},
            name=f"{url_name}-detail",
        ),
        path(
            f"{prefix}/<slug:slug>/feed/",
            EntityArticlesFeed(),
            {"kind": kind},
            name=f"{url_name}-feed",
        ),
    ]
