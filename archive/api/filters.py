"""The API's own FilterSets: the article list's for staff (with `status`), and mentions'.

Everything else filters with the public pages' FilterSets (archive.filters) unchanged.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from ..filters import ArticleFilter
from ..kinds import KINDS
from ..models import ArticleStatus, Mention

ANY_STATUS = "any"


class StaffArticleFilter(ArticleFilter):
    """The article list's filters, and the review state: published by default, like the
    public list; `?status=draft`, `withdrawn` or `any` for the others."""

    status = django_filters.ChoiceFilter(
        field_name="status",
        choices=[*ArticleStatus.choices, (ANY_STATUS, "Any status")],
        method="filter_status",
        label="Status (staff only)",
    )

    class Meta(ArticleFilter.Meta):
        pass

    @property
    def qs(self) -> QuerySet:
        # ArticleFilter.qs keeps only published articles; staff choose with `status`.
        if not hasattr(self, "_qs"):
            queryset = django_filters.FilterSet.qs.fget(self)
            status = self.form.cleaned_data.get("status") if self.is_bound else None
            if not status:
                queryset = queryset.filter(status=ArticleStatus.PUBLISHED)
            self._qs = queryset
        return self._qs

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == ANY_STATUS else queryset.filter(status=value)


class MentionFilter(django_filters.FilterSet):
    """Mentions by article, by kind, and by entity (`?organization=<slug>`, one per kind)."""

    article = django_filters.CharFilter(
        field_name="article__slug", lookup_expr="exact", label="Article"
    )
    kind = django_filters.ChoiceFilter(
        field_name="kind", lookup_expr="exact", choices=KINDS.choices, label="Kind"
    )

    class Meta:
        model = Mention
        fields: list[str] = []

    @classmethod
    def get_filters(cls) -> dict[str, django_filters.Filter]:
        return {
            **super().get_filters(),
            **{
                kind.value: django_filters.CharFilter(
                    field_name=kind.mention_lookup("slug"), lookup_expr="exact", label=kind.label
                )
                for kind in KINDS
            },
        }
