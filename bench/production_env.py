"""The settings every benchmark runs Django with: production's (DJANGO_DEBUG=0).

With DEBUG on, Django wraps every cursor to log each query and its time, which costs the
importer about a tenth of its database side; a deployment runs without it, so the benchmarks do
too. Values already in the environment win (a run can still opt back in with DJANGO_DEBUG=1).
"""

from __future__ import annotations

import os

PRODUCTION_LIKE = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
    "DJANGO_HTTPS": "0",  # in process and over plain HTTP: no redirect to https
}


def use_production_settings(environ: dict | None = None) -> dict:
    """Fill `environ` (os.environ by default) with the production-like settings it lacks."""
    target = os.environ if environ is None else environ
    for name, value in PRODUCTION_LIKE.items():
        target.setdefault(name, value)
    return target
