"""Who did a change, and why, as django-simple-history records it: one definition for services.

simple_history reads `_history_user` and `_change_reason` off an instance when it is saved or
deleted; bulk helpers take `default_user` / `default_change_reason` instead. A request's user may
be anonymous, and management commands have none: neither may be written as the author.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def acting_user(user: Any | None) -> Any | None:
    """`user` when it is a signed-in user, else None (anonymous, a command, no request)."""
    return user if getattr(user, "is_authenticated", False) else None


def attribute_change(obj: models.Model, reason: str, user: Any | None) -> None:
    """Tag `obj` so the history row of its next save() or delete() names `reason` and `user`."""
    obj._change_reason = reason
    author = acting_user(user)
    if author is not None:
        obj._history_user = author


def has_history(model: type[models.Model]) -> bool:
    """Whether simple_history keeps the model's history."""
    return hasattr(model._meta, "simple_history_manager_attribute")


def save_with_history(obj: models.Model, reason: str, user: Any | None) -> None:
    """save() so simple_history records the change, with a reason and (when known) who did it."""
    attribute_change(obj, reason, user)
    obj.save()
