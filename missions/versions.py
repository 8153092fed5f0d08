"""The record's version: a token that changes after every committed change to what the rules read or a kept page
shows.

What is worked out from the record and kept between requests (the launches list's rule warnings, the list pages'
rows, counts and filter menus, a station page: `crews.kept_rows`, kept in the cache) is kept under the token
read *before* the record was read. The token changes right after the change
commits (`transaction.on_commit`), so:

- a reader that read the new token reads data that has the change (it committed first);
- a reader that read the old token may read the change or not, and keeps what it worked out under the old
  token, which nobody asks for once the new token is there.

Nothing is ever served from before a change that committed before the token was read; and a transaction that
has changed the record itself keeps nothing and is served nothing kept (`current()` is None) until it commits. Changing the token after
the commit, in a statement of its own, takes no lock inside anybody's transaction (one row that every writer
updated inside its transaction would make writers that lock rows in different orders deadlock). The cost: a
process that stops between the commit and the token's change leaves the token as it was; what is kept expires
after an hour (`TTL`), whatever happens.

The receivers that call `changed()` are connected by `crews` (the app that knows what the rules read);
bulk writes (`bulk_create`, `QuerySet.update`) send no signals and call `changed()` themselves.
"""

from __future__ import annotations

import uuid

from django.db import DEFAULT_DB_ALIAS, connections, transaction

#: Seconds that something worked out from the record is kept, whatever the token says.
TTL = 3600


def current(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The token now (one query), or None when nothing may be kept: this connection's own transaction has
    changed the record and not committed yet (what it reads is not what the token stands for), or the row is
    missing (it is made by a migration)."""
    from .models import RecordVersion

    if _pending(using):
        return None
    connection = connections[using]
    quote = connection.ops.quote_name
    # Written by hand, as the page asks on every request: the ORM took longer to build this query than the
    # database to answer it.
    with connection.cursor() as cursor:
        meta = RecordVersion._meta
        token, table, key = quote(meta.get_field("token").column), quote(meta.db_table), quote(meta.pk.column)
        cursor.execute(f"SELECT {token} FROM {table} WHERE {key} = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def _pending(using: str) -> bool:
    """This connection's transaction has changed the record: a new token waits for its commit."""
    connection = connections[using]
    return connection.in_atomic_block and any(
        getattr(func, "record_version_of", None) == using for _sids, func, _robust in connection.run_on_commit
    )


def _new_token(using: str) -> None:
    from .models import RecordVersion

    token = uuid.uuid4().hex
    if not RecordVersion.objects.using(using).filter(pk=1).update(token=token):
        RecordVersion.objects.using(using).update_or_create(pk=1, defaults={"token": token})


def changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """The record changed: give it a new token once the transaction commits (at once outside a transaction).
    Called many times in one transaction, the token still changes once."""
    if _pending(using):
        return

    def renew() -> None:
        _new_token(using)

    renew.record_version_of = using
    transaction.on_commit(renew, using=using)
