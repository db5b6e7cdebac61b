"""Every error of the API is JSON: a message and, when one query parameter is to blame, its name.

{"status": 400, "message": "year: Enter a whole number.", "parameter": "year",
 "errors": {"year": ["Enter a whole number."]}}
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

API_PREFIX = "/api/"


class InvalidParameter(exceptions.ValidationError):
    """A bad value of one query parameter (a cursor, a page size, an include)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__({parameter: [message]})


class MovedPermanently(exceptions.APIException):
    """A record merged into another: its address answers 301 with the survivor's in `Location`."""

    status_code = 301
    default_detail = "Moved permanently."

    def __init__(self, location: str, message: str) -> None:
        super().__init__(message)
        self.location = location


def error_body(status: int, message: str, parameter: str | None = None, errors=None) -> dict:
    body: dict[str, Any] = {"status": status, "message": message, "parameter": parameter}
    if errors is not None:
        body["errors"] = errors
    return body


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


def json_exception_handler(exc: Exception, context: dict) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's handler500 answers
    detail = getattr(exc, "detail", response.data)
    if isinstance(exc, exceptions.ValidationError) and isinstance(detail, dict):
        errors = {name: _flatten(value) for name, value in detail.items()}
        parameter = next(iter(errors), None)
        first = errors[parameter][0] if parameter and errors[parameter] else "Invalid request."
        message = f"{parameter}: {first}" if parameter else first
        response.data = error_body(response.status_code, message, parameter, errors)
    else:
        messages = _flatten(detail)
        response.data = error_body(response.status_code, messages[0] if messages else "Error.")
    if isinstance(exc, MovedPermanently):
        response["Location"] = exc.location
    return response


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    return JsonResponse(error_body(status, message, parameter), status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None):
    """handler404: JSON under /api/, the site's own page elsewhere."""
    if is_api_request(request):
        return json_error(404, "Not found.")
    from archive.views import page_not_found as html_page_not_found

    return html_page_not_found(request, exception)


def server_error(request: HttpRequest):
    """handler500: JSON under /api/, the site's own page elsewhere."""
    if is_api_request(request):
        return json_error(500, "Server error.")
    from archive.views import server_error as html_server_error

    return html_server_error(request)
