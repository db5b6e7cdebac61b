"""schemathesis runs the API against its own live OpenAPI schema: whatever it sends (within the
schema, a few examples per operation), no answer is a 500 or breaks the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.test_views import build_articles

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _live_schema():
    from config.wsgi import application

    # Read from the running application, as a client would (no database query serves it).
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


schema = _live_schema()


@pytest.fixture
def archive_rows(db, settings):
    settings.API_ANON_RATE = "100000/minute"  # throttling is tested on its own
    # The WSGI application closes the database connection after each request, as a server
    # should; inside a test that connection holds the test's transaction (Django's test
    # client keeps it open the same way).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield build_articles(3)  # something to list: lists are checked with rows in them
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_request_within_its_schema(case, archive_rows):
    case.call_and_validate(checks=CHECKS)
