"""Request checks that every view relies on, before any view runs."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader

#: Characters no query parameter of the archive can mean: C0 controls other than tab and line
#: breaks, and DEL. XML 1.0 (the feeds) cannot carry them and PostgreSQL refuses NUL in text,
#: so letting one through turns a typo or a probe into a server error.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bad_query_parameter(request: HttpRequest) -> str | None:
    """The name of the first query parameter (or name) with a control character, else None."""
    for name, values in request.GET.lists():
        if CONTROL_CHARACTERS.search(name):
            return name
        for value in values:
            if CONTROL_CHARACTERS.search(value):
                return name
    return None


class RejectControlCharactersMiddleware:
    """Answer 400 Bad Request to a query string carrying control characters (say, `?q=%00`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = bad_query_parameter(request)
        if name is not None:
            shown = CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", name)
            if request.path_info.startswith("/api/"):
                from archive.api.errors import json_error

                return json_error(400, "A query parameter holds a control character.", shown)
            content = loader.render_to_string("400.html", {"parameter": shown}, request)
            return HttpResponseBadRequest(content)
        return self.get_response(request)


class StaleCountsAfterCurationMiddleware:
    """After a staff change through the admin (a publish, a merge, an undo, an edit), the
    archive-wide counts the public pages cache (archive.services.public_cache) are stale.

    One place for every curator action: a successful POST by a staff user to the admin makes
    them stale at once, whichever admin action or form it was.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code < 400
            and request.resolver_match is not None
            and request.resolver_match.app_name == "admin"
            and getattr(request.user, "is_staff", False)
        ):
            from archive.services.public_cache import public_counts_changed

            public_counts_changed()
        return response
