"""The data stewards' page of the record: the sources it is imported from, the names an import proposes as
someone on file (answered here, then the source imported again), and the anomalies the imports found.

Only for `crews.change_record`. An answer is checked against what the steward was shown: a proposal answered
meanwhile (by another steward, or settled by an import), or now proposing another person, is refused with
who answered it and when — never recorded twice, never a 500.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..filters import SearchInput
from ..models import Anomaly, RecordSource, SourceName
from ..sources import astronaut_db, people_feed
from ..sources.identity import answer
from ..sources.report import SourceReport
from .uploads import RECORD_PERMISSION

ANOMALIES_PER_PAGE = 50
#: Proposals listed at once (the page says how many more wait).
PROPOSALS_SHOWN = 50
#: Names held back by an import, listed in its messages.
HELD_SHOWN = 10


# --- The sources an import can be run again from ---------------------------------------------------------


@dataclass(frozen=True)
class Importer:
    label: str  # "the Astronaut Database": for buttons and messages
    module: ModuleType  # its FILE (the copy kept in the project) and read()
    run: Callable[..., SourceReport]
    written: Callable[[dict[str, str]], str]  # a file row → the person's key (`SourceName.written`)


IMPORTERS = {
    astronaut_db.SOURCE: Importer(
        "the Astronaut Database",
        astronaut_db,
        astronaut_db.import_astronaut_db,
        astronaut_db.person_key,
    ),
    people_feed.SOURCE: Importer(
        "the people-in-space feed",
        people_feed,
        people_feed.import_people_feed,
        people_feed.person_key,
    ),
}


def source_label(key: str) -> str:
    importer = IMPORTERS.get(key)
    return importer.label if importer else key


def rows_in_kept_file(source: str) -> dict[str, tuple[list[int], str]]:
    """A person's key → (their row numbers, the name as written) in the copy of the source the project keeps
    (the file an import reads). Read again only when the file changes."""
    importer = IMPORTERS.get(source)
    try:
        stamp = importer.module.FILE.stat().st_mtime_ns if importer else None
    except OSError:
        stamp = None
    return {} if stamp is None else _rows_by_key(source, str(importer.module.FILE), stamp)


@functools.lru_cache(maxsize=4)
def _rows_by_key(source: str, path: str, stamp: int) -> dict[str, tuple[list[int], str]]:
    importer = IMPORTERS[source]
    found: dict[str, tuple[list[int], str]] = {}
    rows = importer.module.read(Path(path).read_bytes(), SourceReport(source))
    for number, row in enumerate(rows, start=2):  # row 1 is the header, as the importers count
        found.setdefault(importer.written(row), ([], " ".join(row["name"].split())))[0].append(number)
    return found


# --- Forms --------------------------------------------------------------------------------------------------


class BackToForm(forms.Form):
    """Every action carries the page's query string, to come back to the same filters and page."""

    query = forms.CharField(required=False, max_length=2000)


class AnswerForm(BackToForm):
    """A steward's answer to one proposal, with what the page showed of it when they chose."""

    proposal = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=SourceName.Status.choices)
    proposed = forms.IntegerField(min_value=1, required=False)
    answer = forms.ChoiceField(choices=[("same", "Same person"), ("new", "A different person")])


class ResolveForm(BackToForm):
    anomaly = forms.IntegerField(min_value=1)
    resolved = forms.TypedChoiceField(choices=[("1", "resolved"), ("0", "open")], coerce=lambda v: v == "1")


class ImportForm(BackToForm):
    source = forms.ChoiceField(choices=[(key, i.label) for key, i in IMPORTERS.items()])


STATES = {"": Q(resolved=False), "resolved": Q(resolved=True), "all": Q()}


class AnomalyFilterForm(forms.Form):
    """The anomaly list's filters; choices are the sources and kinds on file (a bad value: a message)."""

    q = forms.CharField(
        label="Search", required=False, max_length=200,
        widget=SearchInput(attrs={"placeholder": "Subject, text or row number"}),
    )  # fmt: skip
    source = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False)
    state = forms.ChoiceField(
        label="Show", required=False,
        choices=[("", "Open only"), ("resolved", "Resolved only"), ("all", "Open and resolved")],
    )  # fmt: skip

    def __init__(self, *args, counts: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        sources = sorted({c["source"] for c in counts})
        self.fields["source"].choices = [("", "Any source")] + [(s, source_label(s)) for s in sources]
        self.fields["kind"].choices = [("", "Any kind")] + [
            (k, k) for k in sorted({c["kind"] for c in counts})
        ]
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")

    def chosen(self, name: str) -> str:
        """A filter's value when it is valid; "" (not applied) otherwise."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


# --- The page -----------------------------------------------------------------------------------------------


def _sources() -> list[RecordSource]:
    """The sources on file, each with how many stewards' answers wait for it to be imported again."""
    last_import = RecordSource.objects.filter(key=OuterRef("source")).values("imported_at")[:1]
    waiting = dict(
        SourceName.objects.filter(decided_by__isnull=False, decided_at__gt=Subquery(last_import))
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values_list("source", "n")
    )
    sources = list(RecordSource.objects.all())
    for source in sources:
        source.waiting = waiting.get(source.key, 0)
        source.importer = IMPORTERS.get(source.key)
    return sources


def _proposals() -> tuple[list[SourceName], int]:
    """The open proposals (surest first), each with its rows and name as written in the kept file."""
    proposals = SourceName.objects.filter(status=SourceName.Status.PROPOSED).select_related(
        "proposed__agency"
    )
    shown = list(proposals.order_by("source", "-score", "written", "pk")[:PROPOSALS_SHOWN])
    for proposal in shown:
        proposal.rows, proposal.written_as = rows_in_kept_file(proposal.source).get(
            proposal.written, ([], "")
        )
        proposal.source_label = source_label(proposal.source)
    total = len(shown) if len(shown) < PROPOSALS_SHOWN else proposals.count()
    return shown, total


def _waiting_answers(sources: list[RecordSource]) -> list[SourceName]:
    """The stewards' answers not yet imported (the sources' counts, by name)."""
    if not any(s.waiting for s in sources):
        return []
    since = Q()
    for source in sources:
        if source.waiting:
            since |= Q(source=source.key, decided_at__gt=source.imported_at)
    answers = list(
        SourceName.objects.filter(since, decided_by__isnull=False)
        .select_related("crew_member", "decided_by")
        .order_by("source", "-decided_at")[:PROPOSALS_SHOWN]
    )
    for name in answers:
        name.written_as = written_as(name)
    return answers


def _anomalies(request) -> dict:
    """The anomalies filtered by the query string, a page of them, and the counts per kind."""
    counts = list(Anomaly.objects.order_by().values("source", "kind", "resolved").annotate(n=Count("pk")))
    form = AnomalyFilterForm(request.GET or None, counts=counts)
    source, kind, state, text = (form.chosen(n) for n in ("source", "kind", "state", "q"))
    wanted = STATES[state]
    per_kind = Counter()
    for c in counts:
        if (not source or c["source"] == source) and (
            state == "all" or c["resolved"] == (state == "resolved")
        ):
            per_kind[c["kind"]] += c["n"]
    anomalies = Anomaly.objects.filter(wanted)
    if source:
        anomalies = anomalies.filter(source=source)
    if kind:
        anomalies = anomalies.filter(kind=kind)
    if text.strip():
        words = text.strip()
        anomalies = anomalies.filter(
            Q(subject__icontains=words) | Q(text__icontains=words) | Q(rows__icontains=words)
        )
    page = Paginator(anomalies.order_by("source", "kind", "subject", "pk"), ANOMALIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for anomaly in page:
        anomaly.source_label = source_label(anomaly.source)
    kinds_query = QueryDict(mutable=True)
    kinds_query.update({k: v for k, v in (("source", source), ("state", state), ("q", text)) if v})
    return {
        "filter": {"form": form},
        "page": page,
        "kinds": sorted(per_kind.items()),
        "kind": kind,
        "kinds_query": kinds_query.urlencode(),
        "state": state,
        "open_total": sum(c["n"] for c in counts if not c["resolved"]),
    }


@require_GET
@permission_required(RECORD_PERMISSION, raise_exception=True)
def reconciliation(request):
    """The sources on file, the proposals waiting for an answer, the anomalies (filtered, paged)."""
    sources = _sources()
    proposals, proposals_total = _proposals()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "sources": sources,
        "proposals": proposals,
        "proposals_total": proposals_total,
        "waiting": _waiting_answers(sources),
        "query": query.urlencode(),
        "this_query": request.GET.urlencode(),
        **_anomalies(request),
    }
    return render(request, "crews/reconciliation.html", context)


# --- The actions --------------------------------------------------------------------------------------------


def _back(form: BackToForm | None = None):
    """The page again, with the filters and page the action was taken on (a query string read back, not
    copied: nothing else can ride along)."""
    query = form.cleaned_data.get("query", "") if form is not None and hasattr(form, "cleaned_data") else ""
    query = QueryDict(query).urlencode()
    return redirect(reverse("pages:reconciliation") + (f"?{query}" if query else ""))


def _unreadable(request, form: forms.Form, what: str):
    wrong = ", ".join(sorted(form.errors)) or "the form"
    messages.error(request, f"This {what} cannot be read ({wrong}): take it again from the page below.")
    return _back(form)


def written_as(name: SourceName) -> str:
    """The name as the source's file writes it (its key when the kept file does not have it)."""
    return rows_in_kept_file(name.source).get(name.written, ([], name.written))[1]


def _answered_already(name: SourceName) -> str:
    """How a proposal was settled, in words: by whom, when, and as what."""
    steward = name.decided_by
    who = f"by {steward.get_full_name() or steward.get_username()}" if steward else "by an import"
    when = f" at {name.decided_at:%Y-%m-%d %H:%M} UTC" if name.decided_at else ""
    if name.status == SourceName.Status.SAME:
        what = f"the same person as {name.crew_member.name}" if name.crew_member else "the same person"
    else:
        what = "a different person"
    return f"{who}{when}: {what}"


def _refusal(name: SourceName, label: str, *, shown_status: str, shown_person: int | None) -> str | None:
    """Why an answer to what the page showed cannot be recorded now, or None."""
    if name.status != SourceName.Status.PROPOSED:
        return f"{label} was already answered {_answered_already(name)}. Your answer was not recorded."
    if shown_status != name.status or shown_person != name.proposed_id:
        now = name.proposed.name if name.proposed else "nobody"
        return (
            f"The proposal for {label} changed since the page was shown: it now proposes {now}. "
            "Your answer was not recorded; answer it again below."
        )
    return None


@require_POST
@permission_required(RECORD_PERMISSION, raise_exception=True)
def answer_proposal(request):
    """A steward's answer (same person or a different one), recorded unless the proposal changed since shown."""
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _unreadable(request, form, "answer")
    data = form.cleaned_data
    with transaction.atomic():
        name = get_object_or_404(SourceName.objects.select_for_update(), pk=data["proposal"])
        label = f"“{written_as(name)}” ({source_label(name.source)})"
        refusal = _refusal(name, label, shown_status=data["status"], shown_person=data["proposed"])
        if refusal is None and data["answer"] == "same" and name.proposed_id is None:
            refusal = f"{label} names nobody on file: it can only be answered “A different person”."
        if refusal is None:
            answer(name, same=data["answer"] == "same", user=request.user)
    if refusal:
        messages.error(request, refusal)
        return _back(form)
    importer = IMPORTERS.get(name.source)
    then = f" Import {importer.label} again to put their rows on file." if importer else ""
    person = f"the same person as {name.proposed.name}" if data["answer"] == "same" else "a different person"
    messages.success(request, f"Recorded: {label} is {person}.{then}")
    return _back(form)


@require_POST
@permission_required(RECORD_PERMISSION, raise_exception=True)
def resolve_anomaly(request):
    """Mark an anomaly resolved (or open again)."""
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _unreadable(request, form, "request")
    anomaly = get_object_or_404(Anomaly, pk=form.cleaned_data["anomaly"])
    resolved = form.cleaned_data["resolved"]
    state = "resolved" if resolved else "open"
    changed = Anomaly.objects.filter(pk=anomaly.pk, resolved=not resolved).update(resolved=resolved)
    if changed:
        messages.success(
            request, f"Marked {state}: {anomaly.subject} ({anomaly.kind}, {source_label(anomaly.source)})."
        )
    else:
        messages.info(request, f"{anomaly.subject} ({anomaly.kind}) was already marked {state}.")
    return _back(form)


@require_POST
@permission_required(RECORD_PERMISSION, raise_exception=True)
def import_source(request):
    """Import a source again (its copy kept in the project) as this steward, so that the answers take effect."""
    form = ImportForm(request.POST)
    if not form.is_valid():
        return _unreadable(request, form, "import request")
    key = form.cleaned_data["source"]
    importer = IMPORTERS[key]
    source = next((s for s in _sources() if s.key == key), None)
    if source is not None and source.imported_at is not None and not source.waiting:
        messages.info(
            request, f"No answer waits for {importer.label}: it was imported again at "
            f"{source.imported_at:%Y-%m-%d %H:%M} UTC, after the last answer. Nothing was imported."
        )  # fmt: skip
        return _back(form)
    try:
        report = importer.run(user=request.user)
    except OSError as exc:  # the kept copy is missing or unreadable: a deployment problem, said as such
        messages.error(
            request, f"{importer.label.capitalize()} cannot be read ({exc.strerror}): nothing was imported."
        )
        return _back(form)
    if not report.ok:
        problems = [*report.problems, *(map(str, report.roster.problems) if report.roster else [])]
        messages.error(
            request, f"{importer.label.capitalize()} did not import; nothing of it was written: "
            + "; ".join(problems[:5]) + (f" … ({len(problems)} problems)" if len(problems) > 5 else "")
        )  # fmt: skip
        return _back(form)
    messages.success(request, f"Imported {importer.label} again: {report.summary()}.")
    for held in report.held[:HELD_SHOWN]:
        messages.warning(request, f"Held back for a steward: {held}.")
    if len(report.held) > HELD_SHOWN:
        messages.warning(request, f"… and {len(report.held) - HELD_SHOWN} more held back: see the proposals.")
    return _back(form)
