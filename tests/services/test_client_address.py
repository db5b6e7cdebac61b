"""The client address behind a trusted proxy, and never a header from anyone else."""

import ipaddress

import pytest
from django.test import RequestFactory

from archive.services.client_address import client_ip_address

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.ARCHIVE_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/24"),)
    settings.ARCHIVE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/admin/login/", **extra)


def test_without_a_configured_proxy_the_connection_address_counts(settings):
    settings.ARCHIVE_TRUSTED_PROXIES = ()

    assert client_ip_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, "203.0.113.9", "203.0.113.9"),
        # A client may write anything at the left: the proxy appends the real address.
        (PROXY, "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        # Two trusted hops (say a load balancer and the web server's proxy).
        (PROXY, "203.0.113.9, 10.0.0.3", "203.0.113.9"),
        (PROXY, "2001:db8::1", "2001:db8::1"),
        # Not from the proxy: the header is the client's own claim and is ignored.
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),
        # Garbled or missing: fall back to the proxy's address, never a guess.
        (PROXY, "not-an-address", PROXY),
        (PROXY, None, PROXY),
        (PROXY, "10.0.0.3", PROXY),
    ],
)
def test_behind_a_trusted_proxy_the_nearest_untrusted_hop_counts(remote, forwarded, expected):
    assert client_ip_address(request_from(remote, forwarded)) == expected
