"""System checks: every registered entity kind has all the pieces the archive asks it for, and
the languages the archive reads are ones it can name.

A kind is one registry entry (archive.kinds), but the entry names things that live elsewhere:
the model, the mention's foreign key, the stored choice, the URL names and the FilterSet.
`manage.py check` (and so every test run and deploy) names whatever of those is missing.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse

from .kinds import KINDS, KindOfEntity


def kind_problems(kind: KindOfEntity) -> list[str]:
    """What is missing or wrong for `kind`, in words a developer can act on."""
    from .models import Entity, EntityKind, Mention

    try:
        model = kind.model
    except LookupError:
        return [f"no model {kind.model_label}"]
    problems = []
    if not issubclass(model, Entity):
        problems.append(f"{kind.model_label} is not an Entity")
    try:
        link = Mention._meta.get_field(kind.mention_field)
    except FieldDoesNotExist:
        problems.append(f"Mention has no foreign key {kind.mention_field!r}")
    else:
        if getattr(link, "related_model", None) is not model:
            problems.append(f"Mention.{kind.mention_field} does not point at {kind.model_label}")
    if kind.value not in EntityKind.values:
        problems.append(f"EntityKind has no choice {kind.value!r} (add it, then makemigrations)")
    for url_name in (kind.list_url_name, kind.detail_url_name, kind.feed_url_name):
        try:
            reverse(url_name, kwargs={} if url_name.endswith("-list") else {"slug": "x"})
        except NoReverseMatch:
            problems.append(f"no URL named {url_name!r}")
    try:
        filterset = kind.filterset
    except ImportError:
        problems.append(f"no FilterSet {kind.filterset_path}")
    else:
        if filterset._meta.model is not model:
            problems.append(f"{kind.filterset_path} filters another model")
    return problems


@checks.register()
def check_entity_kinds(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"Entity kind {kind.value!r}: {problem}.",
            hint="See 'Adding a kind of entity' in README.md.",
            obj=kind,
            id="archive.E010",
        )
        for kind in KINDS
        for problem in kind_problems(kind)
    ]


@checks.register()
def check_languages(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """ARCHIVE_LANGUAGES: at least one ISO 639-1 code, each one Django can name.

    Lingua is not imported here (the check runs at every start-up); a code Django knows but
    lingua does not would fail each document's detection, which the importer reports per file.
    """
    from django.conf.locale import LANG_INFO

    from .languages import archive_languages

    codes = archive_languages()
    if not codes:
        return [checks.Error("ARCHIVE_LANGUAGES is empty.", id="archive.E020")]
    return [
        checks.Error(
            f"ARCHIVE_LANGUAGES: {code!r} is not a two-letter ISO 639-1 code.",
            hint="Use codes such as en, ru, de (see 'Languages' in README.md).",
            id="archive.E020",
        )
        for code in codes
        if len(code) != 2 or code not in LANG_INFO
    ]
