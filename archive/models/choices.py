"""Choices shared by several models: review states and the kinds of entity."""

from __future__ import annotations

from django.db import models

from ..kinds import KINDS


class ReviewStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested by the machine"
    CONFIRMED = "confirmed", "Confirmed by a curator"
    REJECTED = "rejected", "Rejected"


#: The kinds of entity as stored choices, built from the registry (archive.kinds) so that a
#: kind is defined in one place; `EntityKind.ORGANIZATION == "organization"`.
EntityKind = models.TextChoices(
    "EntityKind", [(kind.value.upper(), (kind.value, kind.label)) for kind in KINDS]
)
