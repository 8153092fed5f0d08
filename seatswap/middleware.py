"""Response headers every page needs: Permissions-Policy, and no caching of private pages.

A logged-in user's pages and every CSV export carry `Cache-Control: private, no-store`,
so that neither a shared proxy nor the browser's disk keeps a roster after logout. A
response whose view already chose its own Cache-Control keeps it.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def _is_export(response) -> bool:
    content_type = response.get("Content-Type", "")
    disposition = response.get("Content-Disposition", "")
    return content_type.startswith("text/csv") or disposition.lower().startswith("attachment")


class DoorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        if "Cache-Control" not in response and (logged_in or _is_export(response)):
            patch_cache_control(response, private=True, no_store=True)
        return response
