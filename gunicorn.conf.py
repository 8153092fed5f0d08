"""gunicorn's settings for seatswap (`make serve`; gunicorn also reads ./gunicorn.conf.py by itself), from the
environment. The app keeps no state outside the database, so any number of these may serve one PostgreSQL.

X-Forwarded-Proto and the other X-Forwarded-* headers are believed only from a proxy seatswap was told about:
TRUSTED_PROXY_COUNT (the same setting Django's login throttling reads) is 0 by default, and then no address is
trusted, not even loopback. Behind a proxy, set TRUSTED_PROXY_COUNT and list the proxies' addresses in
FORWARDED_ALLOW_IPS (default: loopback, a proxy on the same machine).
"""

import multiprocessing
import os


def trusted_forwarders(environ=os.environ) -> str:
    count = environ.get("TRUSTED_PROXY_COUNT", "").strip()
    if not count or int(count) <= 0:
        return ""
    return environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
# A long import or export finishes well inside this (README: import sizes and speeds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
forwarded_allow_ips = trusted_forwarders()
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
