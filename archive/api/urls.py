"""/api/v1/: the resources, the OpenAPI schema and its interactive documentation."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from ..kinds import KINDS
from .views import ArticleViewSet, MentionViewSet, SourceViewSet, StoryViewSet, entity_viewset

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("articles", ArticleViewSet, basename="article")
for kind in KINDS:
    router.register(kind.path, entity_viewset(kind), basename=kind.value)
router.register("mentions", MentionViewSet, basename="mention")
router.register("sources", SourceViewSet, basename="source")
router.register("stories", StoryViewSet, basename="story")


class DocsView(SpectacularSwaggerSplitView):
    # The stock page's inline <style> breaks the site's Content-Security-Policy: this one has none.
    template_name = "api/swagger_ui.html"


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
