"""Agreement ledgers: seats allotted, flown, planned and left each way, and the balance in words."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from missions.models import Agreement

from ..ledgers import ledger_of, ledgers


@require_GET
def agreement_list(request):
    return render(
        request,
        "crews/agreement_list.html",
        {"ledgers": ledgers(Agreement.objects.order_by("in_force_from", "name"))},
    )


@require_GET
def agreement_detail(request, slug: str):
    agreement = get_object_or_404(Agreement.objects.select_related("agency_a", "agency_b"), slug=slug)
    return render(
        request, "crews/agreement_detail.html", {"ledger": ledger_of(agreement), "agreement": agreement}
    )
