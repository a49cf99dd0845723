"""The client's address: X-Forwarded-For is believed only from a trusted reverse proxy.

config/client_address.py decides which address the submission rate limits and the admin's
login lockout count under. Without a trusted proxy the header is ignored (anyone can send it);
behind nginx each visitor has an address of their own.
"""

import ipaddress

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from config.client_address import client_address
from practices.submissions.models import Submission
from tests.practices.submissions.journey import START_URL, start_data

NGINX = "127.0.0.1"
LOAD_BALANCER = "10.0.0.5"
VISITOR = "203.0.113.7"
OTHER_VISITOR = "198.51.100.9"


def request_from(remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


@pytest.fixture
def behind_nginx(settings):
    settings.PRAKTIJKBANK_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    return settings


# Without a trusted proxy ------------------------------------------------------------------------


def test_without_a_proxy_the_address_is_the_connections_own():
    assert client_address(request_from(VISITOR)) == VISITOR


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(behind_nginx):
    assert client_address(request_from(VISITOR, forwarded_for="192.0.2.1")) == VISITOR


def test_no_proxy_is_trusted_by_default_so_even_localhost_cannot_name_another_address():
    assert client_address(request_from(NGINX, forwarded_for=VISITOR)) == NGINX


# Behind trusted proxies -------------------------------------------------------------------------


def test_behind_nginx_the_address_nginx_saw_is_the_client(behind_nginx):
    assert client_address(request_from(NGINX, forwarded_for=VISITOR)) == VISITOR


def test_behind_nginx_what_the_client_wrote_to_the_left_is_not_believed(behind_nginx):
    # The client sent "X-Forwarded-For: 192.0.2.1"; nginx appended the address it saw.
    forwarded = f"192.0.2.1, {VISITOR}"
    assert client_address(request_from(NGINX, forwarded_for=forwarded)) == VISITOR


def test_through_chained_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client(
    behind_nginx,
):
    behind_nginx.PRAKTIJKBANK_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    forwarded = f"192.0.2.1, {VISITOR}, {LOAD_BALANCER}"
    assert client_address(request_from(NGINX, forwarded_for=forwarded)) == VISITOR


def test_a_malformed_entry_falls_back_to_the_last_trusted_hop(behind_nginx):
    behind_nginx.PRAKTIJKBANK_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    forwarded = f"not-an-address, {LOAD_BALANCER}"
    assert client_address(request_from(NGINX, forwarded_for=forwarded)) == LOAD_BALANCER


def test_an_empty_header_from_the_proxy_leaves_the_proxys_address(behind_nginx):
    assert client_address(request_from(NGINX, forwarded_for="")) == NGINX


def test_an_ipv6_proxy_and_an_ipv6_client_are_understood(behind_nginx):
    request = request_from("::1", forwarded_for="2001:DB8::0:1")
    assert client_address(request) == "2001:db8::1"


def test_an_ipv4_address_written_as_ipv6_counts_as_the_ipv4_address(behind_nginx):
    request = request_from("::ffff:127.0.0.1", forwarded_for=f"::ffff:{VISITOR}")
    assert client_address(request) == VISITOR


def test_a_missing_remote_address_still_gives_an_address():
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert ipaddress.ip_address(client_address(request))


def test_a_wrong_trusted_proxy_entry_is_a_configuration_error(settings):
    settings.PRAKTIJKBANK_TRUSTED_PROXIES = ["nginx.local"]
    with pytest.raises(ImproperlyConfigured, match=r"nginx\.local"):
        client_address(request_from(NGINX, forwarded_for=VISITOR))


header_text = st.text(
    alphabet=st.characters(codec="latin-1", exclude_categories=["Cs"]), max_size=200
)
header_values = st.one_of(
    header_text,
    st.lists(st.one_of(st.ip_addresses().map(str), header_text, st.just(" ")), max_size=8).map(
        ", ".join
    ),
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(remote_addr=st.one_of(st.ip_addresses().map(str), header_text), forwarded=header_values)
def test_any_header_values_give_an_ip_address_and_never_an_exception(remote_addr, forwarded):
    # Nothing trusted, everything trusted, and nginx behind a private network.
    for trusted in ([], ["0.0.0.0/0", "::/0"], ["127.0.0.1", "::1", "10.0.0.0/8"]):
        with override_settings(PRAKTIJKBANK_TRUSTED_PROXIES=trusted):
            address = client_address(request_from(remote_addr, forwarded_for=forwarded))
        assert str(ipaddress.ip_address(address)) == address


# Through the submission form's rate limit ------------------------------------------------------


@pytest.fixture
def one_new_case_per_address(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SUBMISSION_RATE_LIMITS = {
        "start_per_ip": (1, 3600),
        "start_per_email": (10_000, 3600),
        "post_per_ip": (100_000, 600),
    }
    cache.clear()
    yield settings
    cache.clear()


def start_case(remote_addr, forwarded_for, email):
    client = Client(REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post(START_URL, start_data(email=email)).status_code


@pytest.mark.django_db
def test_behind_nginx_two_visitors_are_limited_separately(one_new_case_per_address, behind_nginx):
    assert start_case(NGINX, VISITOR, "een@gemeente.example") == 302
    assert start_case(NGINX, OTHER_VISITOR, "twee@gemeente.example") == 302
    assert start_case(NGINX, VISITOR, "drie@gemeente.example") == 429
    assert Submission.objects.count() == 2


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_the_limit(one_new_case_per_address, behind_nginx):
    assert start_case(VISITOR, "192.0.2.1", "een@gemeente.example") == 302
    assert start_case(VISITOR, "192.0.2.2", "twee@gemeente.example") == 429
    assert Submission.objects.count() == 1
