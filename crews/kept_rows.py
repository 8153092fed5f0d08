"""List rows kept between requests: each row's HTML in the cache under the record's version and the day.

A list page (/missions/, /crews/, /agreements/) chooses its page's ids in the database (the filters, the order,
the count: a few indexed queries), then shows a row per id. Working a row out (its mission, seats and rule
warnings; a person's career; an agreement's ledger) and writing it cost most of the page: 4–5 ms of a 10 ms
page at 100× the demo, several reads and their compiling. A row depends only on the record and on the day (a
launch "in 112 days", an agreement in force or expired), so its HTML is kept under the record's version
(`missions.versions`: renewed after every committed change to what the pages read) and today's date (UTC):
a page shown again reads its ids, then its rows from the cache; after a change, the first view writes them
again (`make bench` measures both). Rows are the same for every user (the planner's links are on the roster).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from django.core.cache import cache, caches
from django.utils import timezone

from missions import versions


def kept_rows(
    kind: str, keys: Sequence[int], write: Callable[[list[int]], dict[int, str]], token: str | None
) -> list[str]:
    """The HTML of the row of each key, in the keys' order: kept ones from the cache, the rest written by
    `write(missing keys) → {key: html}` and kept. `token` is the record's version, read before the page's ids
    were (`versions.current()`); without it (a transaction that changed the record) every row is written and
    none kept. A key `write` leaves out (deleted meanwhile) is left out."""
    if not token:
        written = write(list(keys))
        return [written[key] for key in keys if key in written]
    day = timezone.now().date().isoformat()
    names = {key: f"row:{kind}:{token}:{day}:{key}" for key in keys}
    kept = cache.get_many(list(names.values()))
    missing = [key for key in keys if names[key] not in kept]
    if missing:
        written = write(missing)
        cache.set_many({names[key]: html for key, html in written.items()}, versions.TTL)
        kept.update({names[key]: html for key, html in written.items()})
    return [kept[names[key]] for key in keys if names[key] in kept]


def kept(name: str, token: str | None, write: Callable[[], object]):
    """What `write()` returns, kept under the record's version `token` and `name` (which says what it is of);
    written, and not kept, without a token."""
    if not token:
        return write()
    key = f"kept:{token}:{name}"
    value = cache.get(key)
    if value is None:
        value = write()
        cache.set(key, value, versions.TTL)
    return value


def address_key(text: str) -> str:
    """A fixed-length stand-in for an address or a query string in a cache key (a key is at most 250 characters,
    and a search in Cyrillic takes six characters a letter once encoded)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def kept_page(key: str, token: str | None, day, write: Callable[[], dict]) -> dict:
    """What `write()` returns for a page (a dict of text: its title and body), kept under the record's version
    `token`, the page's `day` and `key` (the page and its query string); written, and not kept, without a
    token. For a page whose content depends only on the record, the day and its address (a station's: who is
    aboard on a day, the gaps of a period, the timeline, the lifeboat check). Kept in a cache of their own
    ("pages", a few hundred entries): a station page is some 20 kB, and every period a planner pages through is
    an address of its own, which must not push the list rows out."""
    if not token:
        return write()
    pages = caches["pages"]
    name = f"page:{token}:{day.isoformat()}:{address_key(key)}"
    page = pages.get(name)
    if page is None:
        page = write()
        pages.set(name, page, versions.TTL)
    return page
