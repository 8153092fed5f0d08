"""gunicorn's settings for seatswap (gunicorn reads ./gunicorn.conf.py by itself).

X-Forwarded-Proto and the other X-Forwarded-* headers are believed only from a
proxy seatswap was told about: TRUSTED_PROXY_COUNT (the same setting Django's
login throttling reads) is 0 by default, and then no address is trusted, not even
loopback. Behind a proxy, set TRUSTED_PROXY_COUNT and list the proxies' addresses
in FORWARDED_ALLOW_IPS (default: loopback, a proxy on the same machine).
"""

import os


def trusted_forwarders(environ=os.environ) -> str:
    count = environ.get("TRUSTED_PROXY_COUNT", "").strip()
    if not count or int(count) <= 0:
        return ""
    return environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


forwarded_allow_ips = trusted_forwarders()
