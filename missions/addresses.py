"""Objects' addresses, remembered.

`reverse()` takes about 35 µs (the resolver, the script prefix and the active
language are looked up each time), and a page asks for the same kinds of address
again and again: a roster's people and missions, a list's rows. An address only
changes with the URLconf or the script prefix the site is served under, so it
is kept per process for those (and forgotten when a test changes the URLconf).
"""

from __future__ import annotations

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=8192)
def _reversed(viewname: str, args: tuple, prefix: str, urlconf) -> str:
    return reverse(viewname, args=args, urlconf=urlconf)


def address(viewname: str, *args) -> str:
    """`reverse(viewname, args=args)`, remembered for the script prefix and URLconf in use."""
    return _reversed(viewname, args, get_script_prefix(), get_urlconf())


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
