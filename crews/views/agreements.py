"""Agreement ledgers: seats allotted, flown, planned and left each way, and the balance in words."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from missions.models import Agreement

from ..filters import AgreementFilter
from ..ledgers import agreements_shown, ledger_of, ledgers
from .common import page_of, query_without_page


@require_GET
def agreement_list(request):
    """The agreements in the order they came into force, searched by name or agency; 25 a page."""
    filterset = AgreementFilter(
        request.GET or None, queryset=Agreement.objects.order_by("in_force_from", "name")
    )
    # The page first (the database sorts and filters ids only), then the agreements on it with their parties, and
    # the seats under them counted: a page costs what it shows, not how many agreements or seats are on file.
    page = page_of(request, filterset.qs.values_list("pk", flat=True))
    keys = list(page.object_list)
    agreements = {agreement.pk: agreement for agreement in agreements_shown(keys)}
    # One deleted meanwhile is left out.
    page.object_list = ledgers([agreements[pk] for pk in keys if pk in agreements])
    searched = filterset.form.cleaned_data.get("q", "").strip() if filterset.is_valid() else ""
    context = {"filter": filterset, "page": page, "query": query_without_page(request), "searched": searched}
    return render(request, "crews/agreement_list.html", context)


@require_GET
def agreement_detail(request, slug: str):
    agreement = get_object_or_404(Agreement.objects.select_related("agency_a", "agency_b"), slug=slug)
    return render(
        request, "crews/agreement_detail.html", {"ledger": ledger_of(agreement), "agreement": agreement}
    )
