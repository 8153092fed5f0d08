"""What `base.html` shows on every page, written in Python: the main menu and the static files' addresses.

Every page paid for the menu's thirty-odd template nodes (ten links, their `active` conditions, the permission
checks) and for three `{% static %}` look-ups in the static files' manifest: about a millisecond, on pages whose
floor (a view returning "ok" through the middleware) is 1.4 ms. `main_nav` writes the menu's markup as the template
wrote it (`missions/tests/test_base_page.py` compares the two), and `static_address` remembers each address
for the process (forgotten when a test changes the static files' settings).
"""

from __future__ import annotations

import functools
from html import escape

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from missions.addresses import address

register = template.Library()

_INDENT = "\n            "


def _item(href: str, label: str, active: bool = False) -> str:
    state = " active" if active else ""
    return f'<li class="nav-item"><a class="nav-link{state}" href="{escape(href)}">{label}</a></li>'


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The items of the main menu for this page (`request.resolver_match`) and user (their permissions)."""
    request, user = context["request"], context["user"]
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match is not None else None
    station = getattr(context.get("station"), "short_name", "")
    items = [
        _item(address("pages:mission_list"), "Launches", here in ("mission_list", "mission")),
        _item(address("pages:crew_list"), "Crew members", here in ("crew_list", "crew")),
        _item(address("pages:station", "iss"), "ISS", here == "station" and station == "ISS"),
        _item(
            address("pages:station_list"),
            "Stations",
            here == "station_list" or (here == "station" and station != "ISS"),
        ),
        _item(address("pages:agreement_list"), "Agreements", here in ("agreement_list", "agreement")),
    ]
    parts = [_INDENT, _INDENT.join(items), _INDENT]
    for shown, item in (
        (user.has_perm("crews.add_seatassignment"), lambda: _item(address("pages:upload"), "Upload a roster",
                                                                  here == "upload")),
        (user.has_perm("crews.add_seatassignment"), lambda: _item(address("pages:plan_home"), "Planning",
                                                                  (here or "").startswith("plan_"))),
        (user.has_perm("crews.change_record"), lambda: _item(address("pages:reconciliation"), "Record",
                                                             here == "reconciliation")),
        (user.is_staff, lambda: _item(address("admin:index"), "Admin")),
    ):  # fmt: skip
        if shown:
            parts += [_INDENT, item(), _INDENT]
        parts.append(_INDENT)
    return mark_safe("".join(parts))


@functools.lru_cache(maxsize=64)
def _static(path: str, prefix: str) -> str:
    return escape(static(path))


@register.simple_tag
def static_address(path: str) -> SafeString:
    """`{% static path %}`, remembered for the process and the script prefix the site is served under (the
    manifest of the static files does not change while the process runs)."""
    return mark_safe(_static(path, get_script_prefix()))


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "FORCE_SCRIPT_NAME"}:
        _static.cache_clear()
