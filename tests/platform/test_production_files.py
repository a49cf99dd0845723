"""The production files in platform/ agree with the settings and the code they serve.

gunicorn's config, the nginx site and the systemd units are read as files here (none of them
runs in the test): their limits must follow from the settings, and every command they start
must exist.
"""

import re
import runpy
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings
from django.core.management import get_commands

from tests.test_deploy_checks import deploy_check

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ROOT / "platform"
NGINX = (PLATFORM / "nginx" / "praktijkbank.conf").read_text()
UNITS = sorted((PLATFORM / "systemd").glob("praktijkbank-*.service"))
# Django's default, which the settings keep: the most a request may carry besides its files.
DATA_UPLOAD_MAX_MEMORY_SIZE = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0


def gunicorn_settings(**environment):
    """platform/gunicorn.conf.py's values, read the way gunicorn reads it: as a script."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        return runpy.run_path(str(PLATFORM / "gunicorn.conf.py"))


def nginx_size(directive):
    number, unit = re.search(rf"^\s*{directive}\s+(\d+)([km]?);", NGINX, re.M).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]


def nginx_seconds(directive):
    return int(re.search(rf"^\s*{directive}\s+(\d+)s;", NGINX, re.M).group(1))


def test_the_body_cap_lets_the_largest_upload_through_and_little_more():
    largest_file = max(
        settings.SUBMISSION_MAX_ATTACHMENT_BYTES,
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
        getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024),
    )
    largest_request = largest_file + DATA_UPLOAD_MAX_MEMORY_SIZE
    cap = nginx_size("client_max_body_size")
    assert largest_request <= cap < largest_request + 1024 * 1024


def test_nginx_waits_for_the_app_as_long_as_gunicorn_lets_a_request_run():
    timeout = gunicorn_settings()["timeout"]
    assert nginx_seconds("proxy_read_timeout") == timeout
    assert nginx_seconds("proxy_send_timeout") == timeout


def test_nginx_passes_the_client_address_and_scheme_and_serves_no_private_files():
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in NGINX
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    private = Path(settings.PRIVATE_MEDIA_ROOT).name
    assert not re.search(rf"location\s+\S*{private}", NGINX)
    assert re.search(r"location /media/ \{\s*return 404;", NGINX)


def test_gunicorn_trusts_the_same_proxies_as_the_rate_limits():
    assert gunicorn_settings()["forwarded_allow_ips"] == "127.0.0.1,::1"
    chosen = gunicorn_settings(PRAKTIJKBANK_TRUSTED_PROXIES="10.0.0.0/8")
    assert chosen["forwarded_allow_ips"] == "10.0.0.0/8"


def test_gunicorn_takes_its_address_and_workers_from_the_environment():
    chosen = gunicorn_settings(GUNICORN_BIND="unix:/run/praktijkbank.sock", GUNICORN_WORKERS="3")
    assert (chosen["bind"], chosen["workers"]) == ("unix:/run/praktijkbank.sock", 3)


def test_every_setting_in_the_gunicorn_file_is_one_gunicorn_knows():
    from gunicorn import config  # in the test extra too, for this check

    known = {setting.name for setting in config.KNOWN_SETTINGS}
    chosen = {
        name
        for name, value in gunicorn_settings().items()
        if not name.startswith("_") and not callable(value) and not isinstance(value, ModuleType)
    }
    assert chosen <= known


@pytest.mark.parametrize("unit", UNITS, ids=lambda path: path.name)
def test_every_unit_runs_a_command_that_exists(unit):
    command = re.search(r"^ExecStart=(.*)$", unit.read_text(), re.M).group(1).split()
    if "manage.py" in command:
        assert command[command.index("manage.py") + 1] in get_commands()
    else:
        assert command[1:4] == ["-c", "platform/gunicorn.conf.py", "config.wsgi"]


@pytest.mark.parametrize("unit", UNITS, ids=lambda path: path.name)
def test_every_unit_is_hardened_and_writes_only_its_state_folder(unit):
    text = unit.read_text()
    for line in ("NoNewPrivileges=true", "ProtectSystem=strict", "PrivateTmp=true"):
        assert line in text
    assert re.findall(r"^ReadWritePaths=(.*)$", text, re.M) == ["/var/lib/praktijkbank"]
    assert "EnvironmentFile=/etc/praktijkbank/env" in text


def test_every_job_has_a_timer_and_the_services_do_not():
    jobs = {unit.stem for unit in UNITS if "Type=oneshot" in unit.read_text()}
    timers = {timer.stem for timer in (PLATFORM / "systemd").glob("*.timer")}
    assert jobs == timers
    assert {"praktijkbank-web", "praktijkbank-worker"}.isdisjoint(timers)


def test_the_example_environment_names_every_variable_production_reads():
    read = set()
    for module in ("base.py", "production.py"):
        source = (ROOT / "config" / "settings" / module).read_text()
        read |= set(re.findall(r"os\.environ(?:\.get\(|\[)\"([A-Z_]+)\"", source))
    # Only platform/serve sets it (plain HTTP on 127.0.0.1); a deployment never does.
    read.discard("PRAKTIJKBANK_SECURE_COOKIES")
    example = (PLATFORM / "systemd" / "env.example").read_text()
    documented = set(re.findall(r"^#?([A-Z_]+)=", example, re.M))
    assert read <= documented


def test_cookies_over_plain_http_are_reported_by_the_deployment_checks():
    result = deploy_check(PRAKTIJKBANK_SECURE_COOKIES="false")
    assert result.returncode != 0
    assert "security.W012" in result.stdout + result.stderr
