"""The API's own FilterSets: the article and entity lists' for staff (with `status` and
`review_status`), and mentions'.

Everything else filters with the public pages' FilterSets (archive.filters) unchanged.
"""

from __future__ import annotations

from functools import cache

import django_filters
from django.db.models import QuerySet

from ..filters import ArticleFilter, public_entity_id_and_count
from ..kinds import KINDS, KindOfEntity
from ..models import ArticleStatus, Mention, ReviewStatus

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


class StaffEntityFilterMixin(django_filters.FilterSet):
    """A kind's list filters, and the review state: public records by default, like the
    public list; `?review_status=rejected`, `suggested`, `confirmed` or `any` (merged records
    never: their addresses redirect to the survivors')."""

    review_status = django_filters.ChoiceFilter(
        field_name="review_status",
        choices=[*ReviewStatus.choices, (ANY_STATUS, "Any review status")],
        method="filter_review_status",
        label="Review status (staff only)",
    )

    @property
    def qs(self) -> QuerySet:
        valid = self.is_bound and self.is_valid()
        chosen = self.form.cleaned_data.get("review_status") if valid else None
        if not chosen:
            return super().qs  # the kind's FilterSet: public records only
        if not hasattr(self, "_qs"):
            if "article_count" not in self.queryset.query.annotations:
                self.queryset = self.queryset.with_article_counts()
            # The kind's FilterSet keeps public records only; staff choose with review_status.
            self._qs = django_filters.FilterSet.qs.fget(self).canonical()
        return self._qs

    def filter_review_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == ANY_STATUS else queryset.filter(review_status=value)


@cache
def staff_entity_filterset(kind: KindOfEntity) -> type[django_filters.FilterSet]:
    """The FilterSet staff list `kind` with: its public list's, and `review_status`."""
    public = kind.filterset
    return type(f"Staff{public.__name__}", (StaffEntityFilterMixin, public), {})


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
                    field_name=kind.value, method="filter_entity", label=kind.label
                )
                for kind in KINDS
            },
        }

    def filter_entity(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The mentions of the public entity `value` of kind `name`, by its id (read first,
        one query). Through the slug PostgreSQL expected a few hundred mentions of any entity
        and sorted all 97,000 of the most named one's for a page (290 ms at 100,000 articles);
        given the id, its statistics tell a widely named entity, whose mentions it reads in
        the list's order from the (article, start) index (archive.filters.mentions_entity
        does the same for the article list)."""
        entity_id, _ = public_entity_id_and_count(name, value)
        return queryset.filter(**{KINDS[name].mention_field: entity_id})
