"""gunicorn's settings for seatswap (`make serve`, or `gunicorn -c gunicorn.conf.py seatswap.wsgi`), from the
environment. The app keeps no state outside the database, so any number of these may serve one PostgreSQL."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
# A long import or export finishes well inside this (README: import sizes and speeds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# X-Forwarded-* headers are believed only from the proxies named here (comma-separated addresses); none by
# default, so that nobody can claim HTTPS or another address by sending the header to an exposed app server.
# Set it, and BEHIND_TLS_PROXY=1, only when the app runs behind such a proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
