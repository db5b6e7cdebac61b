"""The "move mentions" page: re-link mentions to another record, or split a wrongly merged one.

An admin view (registered by `review_urls`): login and staff status are required by admin_view,
and the change needs the mention permission and, for a new record, the kind's add permission.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from archive.admin.base import plural, require_permission, sentence_parts
from archive.kinds import KINDS
from archive.models import EntityKind, Mention
from archive.services import review
from archive.services.entity_queries import CurationError

#: The most mentions one move takes (a longer list is cut).
MAX_MOVED_MENTIONS = 500


class MoveMentionsForm(forms.Form):
    """Exactly one target: an existing record of any kind, or a new one by name."""

    new_name = forms.CharField(
        required=False, max_length=300, label="…or a new record named", strip=True
    )
    new_kind = forms.ChoiceField(
        required=False,
        choices=[("", "same kind as the mentions"), *EntityKind.choices],
        label="of kind",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in KINDS:
            self.fields[kind.mention_field] = forms.ModelChoiceField(
                queryset=kind.model.objects.canonical(),
                required=False,
                label=f"Existing {kind.label.lower()}",
                widget=AutocompleteSelect(Mention._meta.get_field(kind.mention_field), admin.site),
            )
        # Keep the existing-record fields first.
        order = [*KINDS.mention_fields(), "new_name", "new_kind"]
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = [cleaned[field] for field in KINDS.mention_fields() if cleaned.get(field)]
        if len(chosen) + bool(cleaned.get("new_name")) != 1:
            raise forms.ValidationError("Choose exactly one existing record, or name a new one.")
        cleaned["target"] = chosen[0] if chosen else None
        return cleaned


def move_mentions_view(request: HttpRequest) -> HttpResponse:
    require_permission(request, "archive.change_mention")
    raw_ids = request.POST.get("ids") or request.GET.get("ids") or ""
    ids = [int(part) for part in raw_ids.split(",") if part.strip().isdigit()][:MAX_MOVED_MENTIONS]
    mentions = list(Mention.objects.filter(pk__in=ids).with_entity().select_related("article"))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = reverse("admin:archive_mention_changelist")
    if not mentions:
        messages.warning(request, "No mentions selected.")
        return HttpResponseRedirect(next_url)
    form = MoveMentionsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["target"] is not None:
                target = form.cleaned_data["target"]
                result = review.move_mentions(mentions, target, user=request.user)
            else:
                kind = form.cleaned_data["new_kind"] or None
                kinds = {m.kind for m in mentions}
                new_kind = kind or (kinds.pop() if len(kinds) == 1 else "")
                if not new_kind:
                    raise CurationError("Choose the kind of the new record.")
                require_permission(request, KINDS[new_kind].permission("add"))
                target, result = review.move_mentions_to_new_entity(
                    mentions, form.cleaned_data["new_name"], kind=new_kind, user=request.user
                )
        except CurationError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, f"Moved {plural(result.moved, 'mention')} to “{target}”.")
            if result.conflicts:
                messages.warning(
                    request,
                    f"{plural(len(result.conflicts), 'mention')} stayed: the article already "
                    f"has a {target.kind_of_entity} mention at the same place.",
                )
            return HttpResponseRedirect(next_url)
    context = {
        **admin.site.each_context(request),
        "title": f"Move {plural(len(mentions), 'mention')} to another record",
        "opts": Mention._meta,
        "mentions": [{"mention": m, "parts": sentence_parts(m)} for m in mentions],
        "form": form,
        "ids": ",".join(str(m.pk) for m in mentions),
        "next_url": next_url,
        "media": form.media,
    }
    return TemplateResponse(request, "admin/archive/move_mentions.html", context)
