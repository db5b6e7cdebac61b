from django.urls import path

from . import views
from .feeds import EntityArticlesFeed, LatestArticlesFeed
from .kinds import KINDS

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
]

# /organizations/, /organizations/<slug>/, /organizations/<slug>/feed/, and so on per kind;
# the names ("organization-list", ...) are the ones the registry's entries reverse.
for kind in KINDS:
    urlpatterns += [
        path(
            f"{kind.path}/",
            views.EntityListView.as_view(kind=kind.value),
            name=kind.list_url_name.removeprefix(f"{app_name}:"),
        ),
        path(
            f"{kind.path}/<slug:slug>/",
            views.entity_detail,
            {"kind": kind.value},
            name=kind.detail_url_name.removeprefix(f"{app_name}:"),
        ),
        path(
            f"{kind.path}/<slug:slug>/feed/",
            EntityArticlesFeed(),
            {"kind": kind.value},
            name=kind.feed_url_name.removeprefix(f"{app_name}:"),
        ),
    ]
