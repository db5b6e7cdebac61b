from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("organizations/<slug:slug>/", views.entity_detail, {"kind": "organization"}, name="organization-detail"),
    path("people/<slug:slug>/", views.entity_detail, {"kind": "person"}, name="person-detail"),
    path("events/<slug:slug>/", views.entity_detail, {"kind": "event"}, name="event-detail"),
    path("places/<slug:slug>/", views.entity_detail, {"kind": "place"}, name="place-detail"),
]
