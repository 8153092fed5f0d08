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


def today() -> str:
    """The day (UTC) what depends on the day is kept under: a launch "in 112 days", an agreement in force."""
    return timezone.now().date().isoformat()


def kept_each(
    kind: str, keys: Sequence, write: Callable[[list], dict], token: str | None, *, daily: bool = True
) -> dict:
    """`{key: value}` for each of `keys`: kept ones from the cache, the rest written by `write(missing keys) →
    {key: value}` and kept, under the record's version `token` (read before the record was) and, when `daily`,
    the day (`today`). Without a token (a transaction that changed the record) every value is written and none
    kept. A key `write` leaves out (deleted meanwhile) is left out."""
    if not token:
        return write(list(keys))
    day = f"{today()}:" if daily else ""
    names = {key: f"{kind}:{token}:{day}{key}" for key in keys}
    found = cache.get_many(list(names.values()))
    missing = [key for key in keys if names[key] not in found]
    if missing:
        written = {names[key]: value for key, value in write(missing).items()}
        cache.set_many(written, versions.TTL)
        found.update(written)
    return {key: found[name] for key, name in names.items() if name in found}


def kept_rows(
    kind: str, keys: Sequence[int], write: Callable[[list[int]], dict[int, str]], token: str | None
) -> list[str]:
    """The HTML of the row of each key, in the keys' order (`kept_each`, per day): kept ones from the cache, the
    rest written by `write(missing keys) → {key: html}`. `token` is the record's version, read before the page's
    ids were (`versions.current()`). A key `write` leaves out (deleted meanwhile) is left out."""
    rows = kept_each(f"row:{kind}", keys, write, token)
    return [rows[key] for key in keys if key in rows]


def kept(name: str, token: str | None, write: Callable[[], object], *, using: str = "default"):
    """What `write()` returns, kept in the cache `using` under the record's version `token` and `name` (which says
    what it is of); written, and not kept, without a token."""
    if not token:
        return write()
    store = caches[using]
    key = f"kept:{token}:{name}"
    value = store.get(key)
    if value is None:
        value = write()
        store.set(key, value, versions.TTL)
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
    return kept(f"page:{day.isoformat()}:{address_key(key)}", token, write, using="pages")
