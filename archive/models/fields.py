"""Field shapes the models share, defined once."""

from __future__ import annotations

from typing import Any

from django.db import models


def optional_link(to: Any, *, related_name: str, **options: Any) -> models.ForeignKey:
    """A reference that may be empty and outlives its target: deleting the target empties it.

    Used wherever a record must survive what it points at (an article its source, a merge
    its curator, a story its representative), so the choice of `on_delete` is made once.
    """
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name, **options
    )
