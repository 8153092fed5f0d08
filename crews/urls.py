from django.urls import path

from . import views

app_name = "roster"

urlpatterns = [
    path("missions/", views.mission_list, name="mission_list"),
    path("missions/roster.csv", views.roster_csv, name="export_all"),
    path("missions/<str:slug>/", views.mission_roster, name="mission"),
    path("missions/<str:slug>/roster.csv", views.mission_roster_csv, name="export_one"),
    path("crews/", views.crew_list, name="crew_list"),
    path("crews/<str:slug>/", views.crew_detail, name="crew"),
    path("rosters/upload/", views.roster_upload, name="upload"),
]
