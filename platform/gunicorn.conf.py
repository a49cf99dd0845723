"""gunicorn's settings for the praktijkbank: `gunicorn -c platform/gunicorn.conf.py config.wsgi`.

gunicorn reads this file by its path; it is not part of a Python package (platform/ has none).
Every value can be changed through the environment (the systemd unit's EnvironmentFile,
/etc/praktijkbank/env, or platform/serve), so the file itself stays the same everywhere.
"""

import multiprocessing
import os


def _number(name, default):
    return int(os.environ.get(name, default))


# nginx on the same machine connects here: a TCP port on the loopback interface by default,
# or a unix socket ("unix:/run/praktijkbank/gunicorn.sock") when the unit sets GUNICORN_BIND.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# gunicorn's own rule of thumb: two workers per core plus one, so one worker waiting on the
# database or the search engine never leaves a core idle.
workers = _number("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# A few threads per worker (the gthread worker): a slow export or a slow engine answer then
# holds one thread, not a whole process. Django is thread-safe; each thread has its own
# database connection.
threads = _number("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"

# The slowest legitimate request is the open-data export of every practice: about 30 s for
# 100,000 practices (platform/bench --exports). 60 s is twice that, so a big export finishes
# while a request that hangs is still cut off within a minute. nginx's proxy timeouts
# (platform/nginx/praktijkbank.conf) use the same 60 s.
timeout = _number("GUNICORN_TIMEOUT", 60)
# On a restart or stop (SIGTERM), requests under way get this long to finish. Long enough for
# a normal page; an export that is cut off can be downloaded again.
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 30)
# The longest request line gunicorn takes (its maximum; its default is half): a long finder URL
# then reaches the site, which refuses what it cannot use with a Dutch page, instead of
# gunicorn's bare English "414". nginx's default header buffers (8k) allow the same.
limit_request_line = 8190
# nginx keeps connections to the upstream open briefly between requests.
keepalive = _number("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (with jitter, so not all at once): memory
# that a library keeps growing stays bounded.
max_requests = _number("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _number("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Access log on stdout (journald under systemd), with the request time in microseconds (%(D)s)
# and the client address from X-Forwarded-For, which the trusted nginx sets.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(f)s" "%(a)s"'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Only the nginx in front may say a request came over HTTPS (X-Forwarded-Proto): the same
# addresses that the rate limits trust for the client's address (PRAKTIJKBANK_TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("PRAKTIJKBANK_TRUSTED_PROXIES", "127.0.0.1,::1")

# The application is loaded in each worker, not in the master: a restart (systemctl reload,
# SIGHUP) then picks up new code, and no database connection is shared across a fork.
preload_app = False
proc_name = "praktijkbank"
