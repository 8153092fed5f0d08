"""Uploading a roster: preview what it would do, say who the close names are, confirm it once; the template.

The file is kept with its preview (`RosterUpload`), so that the confirmation
imports exactly what was previewed, for the user who previewed it, once, and
only if nothing it touches changed since.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ..forms import NameChoiceForm, RosterConfirmForm, RosterUploadForm
from ..models import RosterUpload
from ..roster_csv.columns import ROSTER_COLUMNS, template_rows
from ..roster_csv.export import csv_stream_response
from ..roster_csv.importer import NameChoices, roster_import

RECORD_PERMISSION = "crews.change_record"
#: Previews left unconfirmed are dropped after a day.
KEPT_FOR = dt.timedelta(days=1)
#: A preview lists at most this many items of each kind (and says how many more).
SHOWN = 50


def _page(request, form=None, **context):
    columns = [c for c in ROSTER_COLUMNS if c.imported]
    context = {"form": form or RosterUploadForm(), "columns": columns, "shown": SHOWN, **context}
    return render(request, "crews/roster_upload.html", context)


def _names(upload: RosterUpload) -> NameChoices:
    return NameChoices.from_data(upload.names)


def _preview(request, upload: RosterUpload, name_form: NameChoiceForm | None = None):
    """The dry run: what the file would create and change, its problems, and the questions about names."""
    started = timezone.now()  # what others save from now on is news to this preview
    report = roster_import(
        data=upload.text,
        dry_run=True,
        user=request.user,
        may_change_record=request.user.has_perm(RECORD_PERMISSION),
        names=_names(upload),
    )
    asked = {name: [(s.person.pk, str(s)) for s in close] for name, close in report.close_names.items()}
    upload.names = {**_names(upload).as_data(), "asked": asked}
    upload.previewed_at, upload.digest = started, report.digest
    upload.save(update_fields=["names", "previewed_at", "digest"])
    payload = RosterConfirmForm.sign(upload.pk)
    context = {"report": report, "upload": upload}
    if report.ok and report.changes_anything:
        context["confirm"] = RosterConfirmForm(initial={"payload": payload})
    if asked:
        context["name_form"] = name_form or NameChoiceForm(initial={"payload": payload}, asked=asked)
    return _page(request, **context)


def _own_upload(request, form) -> RosterUpload | None:
    """The upload a signed form names, if it is this user's; else None, with the reason as a message."""
    if not form.is_valid():
        for error in form.errors.get("payload", ["This preview cannot be read back: upload the file again."]):
            messages.error(request, error)
        return None
    upload = RosterUpload.objects.filter(pk=form.cleaned_data["payload"], user=request.user).first()
    if upload is None:
        messages.error(request, "This preview is not yours, or no longer kept: upload the file yourself.")
    return upload


def _choose_names(request):
    upload = _own_upload(request, RosterConfirmForm(request.POST))
    if upload is None:
        return redirect("pages:upload")
    form = NameChoiceForm(request.POST, asked=upload.names.get("asked", {}))
    if not form.is_valid():  # the preview again, with what is missing said next to the question
        return _preview(request, upload, name_form=form)
    same, new = form.choices()
    names = _names(upload)
    upload.names = NameChoices(same={**names.same, **same}, new=names.new | new).as_data()
    upload.save(update_fields=["names"])
    return _preview(request, upload)


def _confirm(request):
    upload = _own_upload(request, RosterConfirmForm(request.POST))
    if upload is None:
        return redirect("pages:upload")
    with transaction.atomic():
        upload = RosterUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.imported_at is not None:
            messages.error(
                request, f"This preview was already imported, at {upload.imported_at:%Y-%m-%d %H:%M} UTC. "
                "Upload the file again to see what it would change now."
            )  # fmt: skip
            return redirect("pages:upload")
        report = roster_import(
            data=upload.text,
            user=request.user,
            may_change_record=request.user.has_perm(RECORD_PERMISSION),
            names=_names(upload),
            since=upload.previewed_at,
            expected=upload.digest,
        )
        if report.ok:
            upload.imported_at, upload.summary = timezone.now(), report.summary()
            upload.save(update_fields=["imported_at", "summary"])
    if not report.ok:
        return _page(request, report=report, upload=upload)
    messages.success(request, f"Roster imported: {report.summary()}.")
    for warning in report.warnings:
        messages.warning(request, warning)
    return redirect("pages:mission_list")


@require_http_methods(["GET", "POST"])
@permission_required("crews.add_seatassignment", raise_exception=True)
def roster_upload(request):
    """Upload a roster CSV: a dry run first, then the import once the planner confirms."""
    if request.method == "POST" and "names" in request.POST:
        return _choose_names(request)
    if request.method == "POST" and "payload" in request.POST:
        return _confirm(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        RosterUpload.objects.filter(imported_at=None, uploaded_at__lt=timezone.now() - KEPT_FOR).delete()
        upload = RosterUpload.objects.create(
            user=request.user, filename=request.FILES["file"].name[:255], text=form.cleaned_data["file"]
        )
        return _preview(request, upload)
    return _page(request, form)


@require_GET
def roster_template(request):
    """The roster columns with one example row: a file to fill in."""
    header, example = template_rows()
    return csv_stream_response(header, [example], "roster-template.csv")
