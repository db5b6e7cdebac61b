"""Public pages. (Skeleton: the researchers' issue builds these out.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import ENTITY_MODELS, Article


def home(request: HttpRequest) -> HttpResponse:
    count = Article.objects.published().count()
    return HttpResponse(f"Smart City Archive: {count} published articles.")


class ArticleListView(ListView):
    queryset = Article.objects.published().with_source()
    paginate_by = 20


class ArticleDetailView(DetailView):
    queryset = Article.objects.published().with_source()


def entity_detail(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    entity = get_object_or_404(ENTITY_MODELS[kind].objects.public(), slug=slug)
    return HttpResponse(str(entity))
