"""The address of the client that sent a request, as seen through the trusted reverse proxies.

In production nginx on the same host forwards every request, so REMOTE_ADDR is nginx's own
address for every visitor; rate limits and login lockouts keyed on it would put everyone in
one bucket. nginx appends the address it saw to X-Forwarded-For. Anyone can send that header
too, so it is read only when the request came from a proxy named in
PRAKTIJKBANK_TRUSTED_PROXIES, and only from the right, where the trusted proxies wrote: the
first address from the right that is not a trusted proxy is the client. What a client wrote
further left is never believed.

Used by the submission rate limits (practices.submissions.ratelimit) and by django-axes for
the admin's login lockout (AXES_CLIENT_IP_CALLABLE).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Django's WSGI handler always sets REMOTE_ADDR; without a valid one (a test double or a
# misconfigured server) the request still gets an address, shared by every such request.
# bandit's B104 takes it for a server binding to every interface; it is only counted under.
UNKNOWN_ADDRESS = "0.0.0.0"  # nosec B104


def client_address(request):
    """The client's IP address as a string, never raising whatever the headers hold."""
    address = parse_address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return UNKNOWN_ADDRESS
    for entry in reversed(forwarded_for(request)):
        if not is_trusted_proxy(address):
            break
        hop = parse_address(entry)
        if hop is None:  # a malformed entry: nothing left of it can be believed
            break
        address = hop
    return str(address)


def forwarded_for(request):
    """The X-Forwarded-For entries, left to right (several headers arrive joined by commas)."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [entry.strip() for entry in str(header).split(",")]


def parse_address(text):
    """An ip_address, or None for anything else; IPv4 written as IPv6 (::ffff:a.b.c.d) as IPv4."""
    try:
        address = ipaddress.ip_address(str(text).strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_trusted_proxy(address):
    networks = trusted_networks(tuple(settings.PRAKTIJKBANK_TRUSTED_PROXIES))
    return any(address in network for network in networks)


@lru_cache(maxsize=8)
def trusted_networks(entries):
    """The networks of PRAKTIJKBANK_TRUSTED_PROXIES; a wrong entry is a configuration error."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"PRAKTIJKBANK_TRUSTED_PROXIES: {entry!r} is no IP address or network."
            ) from error
    return tuple(networks)
