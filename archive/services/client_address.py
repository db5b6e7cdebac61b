"""The address of the client behind a request, trusting a proxy's header only from that proxy.

Behind a reverse proxy every request comes from the proxy's address, so the login lockout
(django-axes) would count everyone's failures together and anyone could lock every curator
out. A proxy names the client in a header (X-Forwarded-For by default); that header is only
believed when the request really comes from a configured trusted proxy, and it is read from
the right, skipping trusted proxies, because a client can put anything at its left.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: tuple[Network, ...]
) -> bool:
    return any(address in network for network in proxies)


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy header's nearest untrusted address.

    Settings: ARCHIVE_TRUSTED_PROXIES (networks) and ARCHIVE_CLIENT_IP_HEADER (a META key such
    as "HTTP_X_FORWARDED_FOR"). Used by django-axes through AXES_CLIENT_IP_CALLABLE.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies: tuple[Network, ...] = getattr(settings, "ARCHIVE_TRUSTED_PROXIES", ())
    header = getattr(settings, "ARCHIVE_CLIENT_IP_HEADER", "")
    remote_address = _address(remote or "")
    if not proxies or not header or remote_address is None:
        return remote
    if not _is_trusted(remote_address, proxies):
        return remote  # not from our proxy: its header is whatever the client wrote
    hops = [hop for hop in request.META.get(header, "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a garbled header: fall back to the proxy, never to a guess
        if not _is_trusted(address, proxies):
            return str(address)
    return remote
