"""Agreement ledgers: seats allotted, flown, planned and left each way, and the balance in words."""

from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from missions import versions
from missions.models import Agreement

from ..filters import AgreementFilter
from ..kept_rows import kept_rows
from ..ledgers import agreements_shown, ledger_of, ledgers
from ..templatetags.list_rows import agreement_rows
from .common import page_of, query_without_page


@require_GET
def agreement_list(request):
    """The agreements in the order they came into force, searched by name or agency; 25 a page."""
    token = versions.current()  # before the record is read: what is kept under it is never stale
    filterset = AgreementFilter(
        request.GET or None, queryset=Agreement.objects.order_by("in_force_from", "name")
    )
    # The page first (the database sorts and filters ids only), then the agreements on it with their parties, and
    # the seats under them counted: a page costs what it shows, not how many agreements or seats are on file.
    page = page_of(request, filterset.qs.values_list("pk", flat=True), kept_as="agreements", token=token)

    def write(keys: list[int]) -> dict[int, str]:
        agreements = agreements_shown(keys)  # one deleted meanwhile is left out
        return {ledger.agreement.pk: agreement_rows(ledger) for ledger in ledgers(agreements)}

    rows = kept_rows("agreement", list(page.object_list), write, token)
    searched = filterset.form.cleaned_data.get("q", "").strip() if filterset.is_valid() else ""
    context = {
        "filter": filterset,
        "page": page,
        "rows": [mark_safe(row) for row in rows],  # written by agreement_rows, which escapes what it writes
        "query": query_without_page(request),
        "searched": searched,
    }
    return render(request, "crews/agreement_list.html", context)


@require_GET
def agreement_detail(request, slug: str):
    agreement = get_object_or_404(Agreement.objects.select_related("agency_a", "agency_b"), slug=slug)
    return render(
        request, "crews/agreement_detail.html", {"ledger": ledger_of(agreement), "agreement": agreement}
    )
