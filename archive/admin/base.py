"""What every admin class of the archive shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from archive.kinds import KINDS
from archive.models import Article, Entity
from archive.models.articles import SEARCH_INDEX_FIELDS
from archive.services.wording import plural


class CurationAdminMixin:
    """Refuse, with HTTP 403, an action POST the user may not run.

    Django's admin silently drops actions a user lacks permission for and answers a POST naming
    one with "No action selected" and a redirect; a forged POST should be refused outright.
    """

    # Curators paste addresses without a scheme; Django 6 will assume https, so do it now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def is_changelist_request(self, request: HttpRequest) -> bool:
        """True on this model's changelist (not its autocomplete, change or history pages).

        Changelist-only annotations (counts) stay out of the queries behind other pages.
        """
        match = getattr(request, "resolver_match", None)
        opts = self.model._meta
        return bool(match) and match.url_name == f"{opts.app_label}_{opts.model_name}_changelist"

    def report(self, request: HttpRequest, message: str, level: int = messages.SUCCESS) -> None:
        self.message_user(request, message, level=level)

    def undo_each(
        self, request: HttpRequest, queryset: Any, undo: Callable[..., Any], noun: str
    ) -> None:
        """Undo the selected curation records newest first, each on its own, reporting those
        already undone and any the service refuses (a CurationError) by name."""
        from archive.services.entity_queries import CurationError

        already = queryset.filter(undone_at__isnull=False).count()
        if already:
            self.report(
                request, f"Left {plural(already, noun)} alone: already undone.", messages.WARNING
            )
        undone = 0
        for record in queryset.filter(undone_at__isnull=True).order_by("-pk"):
            try:
                undo(record, user=request.user)
                undone += 1
            except CurationError as problem:
                self.report(request, f"{record}: {problem}", messages.ERROR)
        if undone:
            self.report(request, f"Undid {plural(undone, noun)}.")

    def page_url(
        self, route: str, view: Callable[..., HttpResponse], name: str, *, post_only: bool = False
    ) -> URLPattern:
        """A page of this admin's own, named "<app>_<model>_<name>", behind the admin's login
        wrapper; a POST-only page answers any other method with 405."""
        opts = self.model._meta
        wrapped = require_POST(view) if post_only else view
        return path(
            route,
            self.admin_site.admin_view(wrapped),
            name=f"{opts.app_label}_{opts.model_name}_{name}",
        )


def require_permission(request: HttpRequest, permission: str) -> None:
    """HTTP 403 unless the user has `permission` ("archive.change_mention")."""
    if not request.user.has_perm(permission):
        raise PermissionDenied


def sentence_parts(mention: Any) -> dict[str, str]:
    """The mention's sentence cut around its text, so the template can mark it (and escape it)."""
    sentence = mention.sentence or mention.text
    at = sentence.find(mention.text)
    if at == -1:
        return {"before": sentence, "match": "", "after": ""}
    return {
        "before": sentence[:at],
        "match": mention.text,
        "after": sentence[at + len(mention.text) :],
    }


class IsSetListFilter(admin.SimpleListFilter):
    """A yes/no sidebar filter on whether `null_field` is set ("no": it is empty)."""

    null_field = ""
    no_label = ""
    yes_label = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", self.no_label), ("yes", self.yes_label)]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
        if self.value() in ("no", "yes"):
            return queryset.filter(**{f"{self.null_field}__isnull": self.value() == "no"})
        return queryset


class UndoneListFilter(IsSetListFilter):
    """Curation records that can be undone: still in effect, or undone."""

    title = "undone"
    parameter_name = "undone"
    null_field = "undone_at"
    no_label = "In effect"
    yes_label = "Undone"


def is_autocomplete_request(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match) and match.url_name == "autocomplete"


def admin_change_url(obj_or_model: Any, pk: int | None = None) -> str:
    opts = obj_or_model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change",
        args=[pk if pk is not None else obj_or_model.pk],
    )


def entity_admin_url(kind: str, pk: int) -> str:
    return admin_change_url(KINDS[kind].model, pk)


def entity_link(entity: Entity | None) -> str:
    if entity is None:
        return "—"
    return format_html(
        '<a href="{}">{}</a> <small class="quiet">{}</small>',
        admin_change_url(entity),
        entity.name,
        entity.kind_of_entity,
    )


__all__ = [
    "CurationAdminMixin",
    "IsSetListFilter",
    "admin",
    "admin_change_url",
    "entity_admin_url",
    "entity_link",
    "is_autocomplete_request",
    "plural",
]


def article_text_fields(*names: str, prefix: str = "") -> list[str]:
    """Those of `names` (and the search index's columns, if the model has them) that Article
    has, each after `prefix` ("article__" from a mention): the big text columns a list that
    shows none of them leaves in the database."""
    existing = {f.name for f in Article._meta.concrete_fields}
    return [prefix + name for name in (*names, *SEARCH_INDEX_FIELDS) if name in existing]
