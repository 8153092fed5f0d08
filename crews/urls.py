from django.urls import path, register_converter

from .views import agreements, assistant, planning, reconciliation, rosters, stations, uploads


class UnicodeSlugConverter:
    """Slugs in any script (letters, digits, hyphens, underscores), nothing else."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "pages"

urlpatterns = [
    path("missions/", rosters.mission_list, name="mission_list"),
    path("missions/roster.csv", rosters.roster_csv, name="export_all"),
    path("missions/new/", planning.mission_create, name="mission_create"),
    path("missions/<uslug:slug>/", rosters.mission_roster, name="mission"),
    path("missions/<uslug:slug>/roster.csv", rosters.mission_roster_csv, name="export_one"),
    path("missions/<uslug:slug>/edit/", planning.mission_edit, name="mission_edit"),
    path("missions/<uslug:slug>/assign/", planning.seat_assign, name="seat_assign"),
    path("missions/<uslug:slug>/seats/<int:pk>/move/", planning.seat_move, name="seat_move"),
    path("missions/<uslug:slug>/seats/<int:pk>/swap/", planning.seat_swap, name="seat_swap"),
    path("missions/<uslug:slug>/seats/<int:pk>/release/", planning.seat_release, name="seat_release"),
    path("missions/<uslug:slug>/seats/<int:pk>/return/", planning.return_record, name="return_record"),
    path("missions/<uslug:slug>/return-crew/", planning.crew_return, name="crew_return"),
    path("crews/", rosters.crew_list, name="crew_list"),
    path("crews/<uslug:slug>/", rosters.crew_detail, name="crew"),
    path("rosters/upload/", uploads.roster_upload, name="upload"),
    path("rosters/template.csv", uploads.roster_template, name="roster_template"),
    path("agreements/", agreements.agreement_list, name="agreement_list"),
    path("agreements/<uslug:slug>/", agreements.agreement_detail, name="agreement"),
    path("stations/", stations.station_list, name="station_list"),
    path("stations/<uslug:slug>/", stations.station_detail, name="station"),
    path("stations/<uslug:slug>/aboard.csv", stations.station_aboard_csv, name="station_aboard_csv"),
    path("stations/<uslug:slug>/gaps.csv", stations.station_gaps_csv, name="station_gaps_csv"),
    path("planning/", assistant.plan_home, name="plan_home"),
    path("planning/runs/<int:pk>/", assistant.plan_run, name="plan_run"),
    path("planning/runs/<int:pk>/accept/", assistant.plan_accept, name="plan_accept"),
    path("planning/checks/", assistant.plan_check_create, name="plan_check_create"),
    path("planning/checks/<int:pk>/", assistant.plan_check, name="plan_check"),
    path("record/", reconciliation.reconciliation, name="reconciliation"),
    path("record/names/answer/", reconciliation.answer_proposal, name="proposal_answer"),
    path("record/anomalies/resolve/", reconciliation.resolve_anomaly, name="anomaly_resolve"),
    path("record/sources/import/", reconciliation.import_source, name="source_import"),
]
