"""The curators' review queue and its buttons (the "move mentions" page is move_mentions.py).

All are admin views (registered by MentionAdmin.get_urls through `review_urls`): login and staff
status are required by admin_view, and every change also needs the matching model permission
(HTTP 403 otherwise). Each button of the queue posts to its own URL, handled by a form of its
own (validation, permission check, service call, message); those URLs answer only POST (405).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.http import require_safe

from archive.admin.base import entity_admin_url, plural, require_permission, sentence_parts
from archive.admin.move_mentions import MAX_MOVED_MENTIONS, move_mentions_view
from archive.kinds import KINDS
from archive.models import ArticleStatus, Entity, Mention
from archive.services import entity_queries, merging, review
from archive.services.entity_queries import CurationError

PAGE_SIZE = 20
SAMPLES_PER_ITEM = 3


def _queue_url(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("admin:archive_review_queue")


def _change_permission(kind: str) -> str:
    return KINDS[kind].permission("change")


# --------------------------------------------------------------------------------------------
# Presentation helpers
# --------------------------------------------------------------------------------------------


def _sample_view(mention: Mention) -> dict[str, Any]:
    article = mention.article
    return {
        "mention": mention,
        "parts": sentence_parts(mention),
        "article": article,
        "article_admin_url": reverse("admin:archive_article_change", args=[article.pk]),
        "article_public_url": (
            article.get_absolute_url() + f"#mention-{mention.pk}"
            if article.status == ArticleStatus.PUBLISHED
            else ""
        ),
    }


def _alias_field(kind: str) -> forms.ModelChoiceField:
    """A canonical-record picker of `kind`: the admin's autocomplete over that kind's records."""
    model = KINDS[kind].model
    return forms.ModelChoiceField(
        queryset=model.objects.canonical(),
        widget=AutocompleteSelect(model._meta.get_field("merged_into"), admin.site),
        required=False,
    )


def _alias_widget(kind: str, pk: int) -> str:
    return _alias_field(kind).widget.render(
        f"alias_target_{kind}_{pk}", None, attrs={"id": f"alias-target-{kind}-{pk}"}
    )


def _alias_media() -> forms.Media:
    return _alias_field("organization").widget.media


# --------------------------------------------------------------------------------------------
# The queue
# --------------------------------------------------------------------------------------------


@require_safe
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """The queue itself (GET only): each of its buttons posts to a review action below."""
    require_permission(request, "archive.view_mention")
    tab = "mentions" if request.GET.get("tab") == "mentions" else "entities"
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    search = request.GET.get("q", "").strip()[:100]
    counts = entity_queries.review_queue_counts()
    if tab == "entities":
        page = Paginator(
            entity_queries.suggested_entities(kind or None, search), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        items = _entity_cards(list(page.object_list))
    else:
        page = Paginator(
            entity_queries.suggested_mention_groups(kind or None, search), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        items = _mention_group_cards(list(page.object_list))

    user = request.user
    can_change_kind = {k: user.has_perm(_change_permission(k)) for k in KINDS.values()}
    for item in items:
        item["can_change"] = can_change_kind[item["kind"]]
    base_query = {"tab": tab, "kind": kind, "q": search}
    context = {
        **admin.site.each_context(request),
        "title": "Review queue",
        "opts": Mention._meta,
        "tab": tab,
        "kind": kind,
        "search": search,
        "counts": counts,
        "kind_choices": [
            (value, label, (counts.entities if tab == "entities" else counts.mentions)[value])
            for value, label in KINDS.choices()
        ],
        "page": page,
        "items": items,
        "query_without_page": urlencode({k: v for k, v in base_query.items() if v}),
        "tab_urls": {
            name: "?" + urlencode({k: v for k, v in {**base_query, "tab": name}.items() if v})
            for name in ("entities", "mentions")
        },
        "can_change_mentions": user.has_perm("archive.change_mention"),
        "can_merge": user.has_perm("archive.merge_entities"),
        "action_urls": {name: reverse(f"admin:{url_name}") for name, url_name in ACTION_URL_NAMES},
        "media": _alias_media(),
        "next_url": request.get_full_path(),
    }
    return TemplateResponse(request, "admin/archive/review_queue.html", context)


def _entity_cards(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    refs = [(row["entity_kind"], row["pk"]) for row in rows]
    samples = entity_queries.sample_mentions(refs, per_entity=SAMPLES_PER_ITEM)
    by_ref = {
        (entity.kind_of_entity, entity.pk): entity
        for entity in entity_queries.entities_from_refs(f"{k}:{pk}" for k, pk in refs)
    }
    cards = []
    for row in rows:
        key = (row["entity_kind"], row["pk"])
        entity = by_ref.get(key)
        if entity is None:
            continue
        cards.append(
            {
                "ref": f"{key[0]}:{key[1]}",
                "kind": key[0],
                "kind_label": KINDS[key[0]].label,
                "entity": entity,
                "mention_count": row["mention_count"],
                "admin_url": entity_admin_url(*key),
                "mentions_url": reverse("admin:archive_mention_changelist") + f"?{key[0]}={key[1]}",
                "samples": [_sample_view(m) for m in samples.get(key, [])],
                "alias_widget": _alias_widget(*key),
            }
        )
    return cards


def _group_key(row: dict[str, Any]) -> tuple[str, int, str]:
    return row["kind"], row["entity_id"], row["text"]


def _mention_group_cards(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = [_group_key(row) for row in rows]
    samples = entity_queries.sample_group_mentions(keys, per_group=SAMPLES_PER_ITEM)
    entities = {
        (entity.kind_of_entity, entity.pk): entity
        for entity in entity_queries.entities_from_refs(f"{k}:{pk}" for k, pk, _ in keys)
    }
    cards = []
    for row, key in zip(rows, keys, strict=True):
        kind, entity_id, text = key
        cards.append(
            {
                "ref": f"{kind}:{entity_id}:{row['first_id']}",
                "kind": kind,
                "kind_label": KINDS[kind].label,
                "text": text,
                "entity": entities.get((kind, entity_id)),
                "admin_url": entity_admin_url(kind, entity_id),
                "mention_count": row["mention_count"],
                "samples": [_sample_view(m) for m in samples.get(key, [])],
            }
        )
    return cards


def _group_mentions(ref: str):
    """The suggested mentions of a "kind:entity_id:first_mention_id" group."""
    kind, _, rest = ref.partition(":")
    entity_id, _, first_id = rest.partition(":")
    if kind not in KINDS or not entity_id.isdigit() or not first_id.isdigit():
        raise CurationError(f"Not a mention group: {ref!r}.")
    first = Mention.objects.filter(pk=int(first_id)).only("text").first()
    if first is None:
        return Mention.objects.none()
    return entity_queries.mentions_in_group(kind, int(entity_id), first.text)


# --------------------------------------------------------------------------------------------
# The queue's buttons: one form (validation, permission, service call) and one URL each
# --------------------------------------------------------------------------------------------


class TextListField(forms.Field):
    """Every value posted under the field's name (the ticked boxes of the queue)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        return [str(item) for item in value]


def _record(ref: str) -> Entity:
    """The record of a "kind:id" reference, or a form error."""
    try:
        return entity_queries.get_entity(*entity_queries.parse_entity_ref(ref))
    except CurationError as problem:
        raise forms.ValidationError(str(problem)) from None


def _mentions_of_group(ref: str) -> QuerySet[Mention]:
    try:
        return _group_mentions(ref)
    except CurationError as problem:
        raise forms.ValidationError(str(problem)) from None


def _may_change_any_record(user: Any) -> bool:
    return any(user.has_perm(_change_permission(kind)) for kind in KINDS.values())


class ReviewActionForm(forms.Form):
    """One button of the review queue.

    The view checks `may_try` before looking at the input (the action's own permission), then
    validates, then checks `may_do` on what the input names (the permission of the records'
    kinds), and only then calls `perform`.
    """

    #: The permission the action needs whatever it is done to (None: see `may_try`).
    permission: str | None = None

    def __init__(self, data: Any, *, user: Any, decision: str = "") -> None:
        super().__init__(data)
        self.user = user
        self.decision = decision

    def may_try(self) -> bool:
        return self.permission is None or self.user.has_perm(self.permission)

    def may_do(self) -> bool:
        return True

    def perform(self, request: HttpRequest) -> HttpResponse | None:
        """Call the service and report; a response replaces the redirect back to the queue."""
        raise NotImplementedError

    @property
    def confirming(self) -> bool:
        return self.decision == "confirm"


class RecordDecisionForm(ReviewActionForm):
    """Confirm or reject one suggested record (a card's own buttons)."""

    ref = forms.CharField(error_messages={"required": "Choose a record."})

    def clean_ref(self) -> Entity:
        return _record(self.cleaned_data["ref"])

    def may_try(self) -> bool:
        return _may_change_any_record(self.user)

    def may_do(self) -> bool:
        return self.user.has_perm(_change_permission(self.cleaned_data["ref"].kind_of_entity))

    def perform(self, request: HttpRequest) -> None:
        entity = self.cleaned_data["ref"]
        if self.confirming:
            review.confirm_entities([entity], user=request.user)
            messages.success(request, f"Confirmed “{entity}”.")
        else:
            review.reject_entities([entity], user=request.user)
            messages.success(request, f"Rejected “{entity}”; it is hidden from the public.")


class TickedDecisionForm(ReviewActionForm):
    """Confirm or reject every ticked record (records tab) or mention group (mentions tab)."""

    refs = TextListField(required=False)
    groups = TextListField(required=False)

    def clean_refs(self) -> list[Entity]:
        try:
            return entity_queries.entities_from_refs(self.cleaned_data["refs"])
        except CurationError as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean_groups(self) -> list[QuerySet[Mention]]:
        return [_mentions_of_group(ref) for ref in self.cleaned_data["groups"]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not self.data.getlist("refs") and not self.data.getlist("groups"):
            raise forms.ValidationError("Tick at least one item first.")
        return cleaned

    def may_try(self) -> bool:
        return _may_change_any_record(self.user) or self.user.has_perm("archive.change_mention")

    def may_do(self) -> bool:
        kinds = {entity.kind_of_entity for entity in self.cleaned_data["refs"]}
        if not all(self.user.has_perm(_change_permission(kind)) for kind in kinds):
            return False
        return not self.cleaned_data["groups"] or self.user.has_perm("archive.change_mention")

    def perform(self, request: HttpRequest) -> None:
        verb = "Confirmed" if self.confirming else "Rejected"
        entities = self.cleaned_data["refs"]
        if self.data.getlist("refs"):
            decide = review.confirm_entities if self.confirming else review.reject_entities
            count = decide(entities, user=request.user)
            messages.success(request, f"{verb} {plural(count, 'record')}.")
        if self.cleaned_data["groups"]:
            decide_mentions = review.confirm_mentions if self.confirming else review.reject_mentions
            count = sum(decide_mentions(mentions) for mentions in self.cleaned_data["groups"])
            messages.success(request, f"{verb} {plural(count, 'mention')}.")


class AliasOfForm(ReviewActionForm):
    """“Another name of …”: merge a suggested record into the record picked on its card."""

    permission = "archive.merge_entities"
    ref = forms.CharField(error_messages={"required": "Choose a record."})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        ref = cleaned.get("ref")
        if ref is None:
            return cleaned
        try:
            kind, pk = entity_queries.parse_entity_ref(ref)
            target_id = self.data.get(f"alias_target_{kind}_{pk}", "")
            if not target_id.isdigit():
                raise CurationError("Choose the record it is another name of.")
            cleaned["entity"] = entity_queries.get_entity(kind, pk)
            cleaned["canonical"] = entity_queries.get_entity(kind, target_id)
        except CurationError as problem:
            raise forms.ValidationError(str(problem)) from None
        return cleaned

    def perform(self, request: HttpRequest) -> None:
        entity, canonical = self.cleaned_data["entity"], self.cleaned_data["canonical"]
        merging.mark_alias_of(entity, canonical, user=request.user)
        messages.success(request, f"“{entity}” is now an alias of “{canonical}”.")


class MentionForm(ReviewActionForm):
    """An action on one sample mention of a group."""

    permission = "archive.change_mention"
    mention = forms.ModelChoiceField(
        queryset=Mention.objects.all(),
        error_messages={
            "required": "Choose a mention.",
            "invalid_choice": "That mention does not exist (any more).",
        },
    )


class MentionDecisionForm(MentionForm):
    """“Right” / “Wrong” on one mention."""

    def perform(self, request: HttpRequest) -> None:
        mentions = Mention.objects.filter(pk=self.cleaned_data["mention"].pk)
        if self.confirming:
            review.confirm_mentions(mentions)
            messages.success(request, "Confirmed the mention.")
        else:
            review.reject_mentions(mentions)
            messages.success(request, "Rejected the mention.")


class MentionRelinkForm(MentionForm):
    """“Re-link…” one mention: on to the move page."""

    def perform(self, request: HttpRequest) -> HttpResponse:
        return _redirect_to_move([self.cleaned_data["mention"].pk], request)


class GroupForm(ReviewActionForm):
    """An action on every suggested mention of a group (same kind, record and text)."""

    permission = "archive.change_mention"
    group = forms.CharField(error_messages={"required": "Choose a group of mentions."})

    def clean_group(self) -> QuerySet[Mention]:
        return _mentions_of_group(self.cleaned_data["group"])


class GroupDecisionForm(GroupForm):
    """“Confirm all” / “Reject all” of a group."""

    def perform(self, request: HttpRequest) -> None:
        mentions = self.cleaned_data["group"]
        if self.confirming:
            count = review.confirm_mentions(mentions)
            messages.success(request, f"Confirmed {plural(count, 'mention')}.")
        else:
            count = review.reject_mentions(mentions)
            messages.success(request, f"Rejected {plural(count, 'mention')}.")


class GroupRelinkForm(GroupForm):
    """“Re-link all…” of a group: on to the move page."""

    def perform(self, request: HttpRequest) -> HttpResponse:
        ids = list(self.cleaned_data["group"].values_list("pk", flat=True)[:MAX_MOVED_MENTIONS])
        return _redirect_to_move(ids, request)


def _redirect_to_move(ids: list[Any], request: HttpRequest) -> HttpResponse:
    query = {"ids": ",".join(map(str, ids)), "next": _queue_url(request)}
    return HttpResponseRedirect(reverse("admin:archive_mention_move") + "?" + urlencode(query))


class ReviewActionView(View):
    """POST only (any other method: 405): check, validate, act, report, back to the queue."""

    http_method_names = ["post"]
    form_class: type[ReviewActionForm] = ReviewActionForm
    decision = ""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form_class(request.POST, user=request.user, decision=self.decision)
        if not form.may_try():
            raise PermissionDenied
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(_queue_url(request))
        if not form.may_do():
            raise PermissionDenied
        try:
            response = form.perform(request)
        except CurationError as problem:
            messages.error(request, str(problem))
            response = None
        return response or HttpResponseRedirect(_queue_url(request))


#: (path under the mention admin, URL name, form, decision) of every button of the queue.
REVIEW_ACTIONS: list[tuple[str, str, type[ReviewActionForm], str]] = [
    ("review/record/confirm/", "archive_review_confirm_record", RecordDecisionForm, "confirm"),
    ("review/record/reject/", "archive_review_reject_record", RecordDecisionForm, "reject"),
    ("review/record/alias-of/", "archive_review_alias_of", AliasOfForm, ""),
    ("review/ticked/confirm/", "archive_review_confirm_ticked", TickedDecisionForm, "confirm"),
    ("review/ticked/reject/", "archive_review_reject_ticked", TickedDecisionForm, "reject"),
    ("review/mention/confirm/", "archive_review_confirm_mention", MentionDecisionForm, "confirm"),
    ("review/mention/reject/", "archive_review_reject_mention", MentionDecisionForm, "reject"),
    ("review/mention/relink/", "archive_review_relink_mention", MentionRelinkForm, ""),
    ("review/group/confirm/", "archive_review_confirm_group", GroupDecisionForm, "confirm"),
    ("review/group/reject/", "archive_review_reject_group", GroupDecisionForm, "reject"),
    ("review/group/relink/", "archive_review_relink_group", GroupRelinkForm, ""),
]
#: The template's names for the action URLs: "confirm_record" -> admin:archive_review_confirm_...
ACTION_URL_NAMES = [
    (url_name.removeprefix("archive_review_"), url_name) for _, url_name, _, _ in REVIEW_ACTIONS
]


def review_urls(admin_site: admin.AdminSite) -> list[URLPattern]:
    """The queue, its actions and the move page, each behind the admin's login and staff check."""
    return [
        path("review/", admin_site.admin_view(review_queue_view), name="archive_review_queue"),
        *(
            path(
                route,
                admin_site.admin_view(
                    ReviewActionView.as_view(form_class=form_class, decision=decision)
                ),
                name=url_name,
            )
            for route, url_name, form_class, decision in REVIEW_ACTIONS
        ),
        path("move/", admin_site.admin_view(move_mentions_view), name="archive_mention_move"),
    ]
