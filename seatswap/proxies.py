"""Which address a request comes from, believing X-Forwarded-For only from configured proxies.

With TRUSTED_PROXY_COUNT = 0 (the default) the client is the connection's address
(REMOTE_ADDR), whatever X-Forwarded-For says: anyone can write that header. With N
proxies in front, each appending the address it was called from, the header ends
`…, client, proxy1, …, proxyN-1` and the client is its N-th entry from the right;
what a client wrote itself stays to the left and is never read.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address for login throttling."""
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
