"""The data stewards' page of the record (/record/): sources, names to confirm, anomalies — and its admin.

Tests that load the whole record (the module fixture `record`) come last: that fixture's data stays until
the module ends.
"""

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crews.models import Anomaly, CrewMember, RecordSource, SeatAssignment, SourceName
from crews.sources import astronaut_db, people_feed
from crews.sources.identity import answer
from crews.sources.report import SourceReport
from crews.tests.factories import CrewMemberFactory
from crews.tests.helpers import text
from crews.views.reconciliation import rows_in_kept_file

PAGE = "/record/"
ANSWER, RESOLVE, IMPORT = "/record/names/answer/", "/record/anomalies/resolve/", "/record/sources/import/"


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- A proposal, as an import makes one ---------------------------------------------------------------------


def feed_row(name, craft, launched, first, last, *, agency="JAXA", country="Japan") -> dict:
    return {
        "name": name, "spacecraft": craft, "launched_utc": launched, "country": country, "agency": agency,
        "position": "Flight Engineer", "first_seen_date": first, "last_seen_date": last, "n_versions": "3",
    }  # fmt: skip


def feed_file(*rows: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=people_feed.COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


WAKATA_ON_CREW_5 = feed_row("Koichi Wakata", "Crew-5 Dragon", "2022-10-05T16:00:00Z", "2022-10-06", "2023-03-11")  # fmt: skip
#: The same man, misspelt, on a flight that is not on file (only close to Koichi Wakata: a proposal).
WAKATTA_ON_CREW_7 = feed_row("Koichi Wakatta", "Crew-7 Dragon", "2023-08-26T07:27:00Z", "2024-01-10", "2024-03-12")  # fmt: skip


@pytest.fixture
def proposal(db, tmp_path, monkeypatch) -> SourceName:
    """Koichi Wakata on file (Crew-5); the feed's kept file then has “Koichi Wakatta” on Crew-7 (its row 3)."""
    assert people_feed.import_people_feed(feed_file(WAKATA_ON_CREW_5)).ok
    kept = tmp_path / "people_in_space.csv"
    kept.write_text(feed_file(WAKATA_ON_CREW_5, WAKATTA_ON_CREW_7), encoding="utf-8")
    monkeypatch.setattr(people_feed, "FILE", kept)  # the file "Import … again" reads
    report = people_feed.import_people_feed()
    assert report.ok and report.held
    return SourceName.objects.get(written="koichi wakatta", status="proposed")


def answer_of(shown: SourceName, said: str, **changes) -> dict:
    """The form of the proposal's row, as the page shows it, with the button `said` pressed."""
    form = {"proposal": shown.pk, "status": shown.status, "proposed": shown.proposed_id, "answer": said}
    return {**form, **changes}


def crew_7_flyers() -> list[str]:
    crew = SeatAssignment.objects.filter(mission__name="SpaceX Crew-7")
    return list(crew.values_list("crew_member__name", flat=True))


# --- Who may see and do what --------------------------------------------------------------------------------


@pytest.fixture
def anomaly(db) -> Anomaly:
    return Anomaly.objects.create(source="astronaut_db", kind="career", subject="Alan Bean hours", text="off")


POSTS = [
    (ANSWER, lambda p, a: answer_of(p, "same")),
    (RESOLVE, lambda p, a: {"anomaly": a.pk, "resolved": "1"}),
    (IMPORT, lambda p, a: {"source": "people_in_space"}),
]


@pytest.mark.parametrize("persona", ["planner_client", "viewer_client"])
def test_without_the_permission_the_page_and_its_actions_are_refused(request, persona, proposal, anomaly):
    client = request.getfixturevalue(persona)
    assert client.get(PAGE).status_code == 403
    for url, data in POSTS:
        assert client.post(url, data(proposal, anomaly)).status_code == 403, url
    proposal.refresh_from_db()
    anomaly.refresh_from_db()
    assert (proposal.status, proposal.decided_by, anomaly.resolved) == ("proposed", None, False)
    assert "Koichi Wakatta" not in crew_7_flyers() and "Koichi Wakata" not in crew_7_flyers()


def test_anonymous_is_sent_to_log_in_and_changes_nothing(client, proposal, anomaly):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=/record/")
    for url, data in POSTS:
        assert client.post(url, data(proposal, anomaly)).status_code == 302, url
    proposal.refresh_from_db()
    anomaly.refresh_from_db()
    assert (proposal.status, anomaly.resolved) == ("proposed", False)


def test_the_nav_link_is_shown_only_to_those_who_may_use_it(data_steward_client, planner_client):
    link = f'href="{reverse("pages:reconciliation")}">Record</a>'
    assert link in text(data_steward_client.get("/crews/"))
    assert link not in text(planner_client.get("/crews/"))
    assert data_steward_client.get(PAGE).status_code == 200
    assert [data_steward_client.get(url).status_code for url in (ANSWER, RESOLVE, IMPORT)] == [405] * 3


# --- The sources --------------------------------------------------------------------------------------------


def test_the_sources_on_file_are_listed(data_steward_client):
    RecordSource.objects.create(
        key="astronaut_db", name="The Astronaut Database", licence="MIT (TidyTuesday)",
        url="https://example.org/astronauts", record_ends=dt.date(2019, 12, 31),
        imported_at=dt.datetime(2025, 3, 4, 5, 6, tzinfo=dt.UTC), summary="1277 rows read; 289 anomalies reported",
    )  # fmt: skip
    page = text(data_steward_client.get(PAGE))
    row = re.search(r'<table class="table table-sm align-middle sources">.*?</table>', page).group()
    for shown in ("The Astronaut Database", "MIT (TidyTuesday)", "2019-12-31", "2025-03-04 05:06",
                  "1277 rows read; 289 anomalies reported", 'href="https://example.org/astronauts"'):  # fmt: skip
        assert shown in row
    assert "Import the Astronaut Database again" not in page  # nothing was answered since


# --- Proposals: answered, then imported again ---------------------------------------------------------------


def test_a_proposal_is_shown_with_its_person_score_rows_and_buttons(data_steward_client, proposal):
    page = text(data_steward_client.get(PAGE))
    row = re.search(rf'<tr id="proposal-{proposal.pk}">.*?</tr>', page).group()
    wakata = CrewMember.objects.get(name="Koichi Wakata")
    assert "Koichi Wakatta" in row and f'<a href="/crews/{wakata.slug}/">Koichi Wakata</a>' in row
    assert f"{proposal.score:.2f}" in row and '<td class="small">3</td>' in row  # row 3 of the kept file
    assert ">Same person</button>" in row and ">A different person</button>" in row
    assert 'name="csrfmiddlewaretoken"' in row


def test_same_person_then_import_again_puts_the_flight_on_them_and_leaves_no_proposal(
    data_steward, data_steward_client, proposal
):
    assert crew_7_flyers() == []  # held back
    response = data_steward_client.post(ANSWER, answer_of(proposal, "same"), follow=True)
    assert messages_of(response) == [
        "Recorded: “Koichi Wakatta” (the people-in-space feed) is the same person as Koichi Wakata. "
        "Import the people-in-space feed again to put their rows on file."
    ]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.crew_member.name, proposal.decided_by) == ("same", "Koichi Wakata", data_steward)  # fmt: skip
    page = text(response)
    assert "1 answer waits for an import." in page and ">Import the people-in-space feed again</button>" in page  # fmt: skip

    response = data_steward_client.post(IMPORT, {"source": "people_in_space"}, follow=True)
    assert [m for m in messages_of(response) if m.startswith("Imported the people-in-space feed again: ")]
    assert crew_7_flyers() == ["Koichi Wakata"]
    written_by = SeatAssignment.history.filter(mission__name="SpaceX Crew-7", crew_member__name="Koichi Wakata")  # fmt: skip
    assert list(written_by.values_list("history_user__username", flat=True)) == ["dora"]  # imported as Dora
    assert CrewMember.objects.filter(name__startswith="Koichi").count() == 1
    assert not SourceName.objects.filter(status="proposed").exists()
    page = text(response)
    assert "No name waits for an answer." in page and "Import the people-in-space feed again" not in page


def test_a_different_person_then_import_again_makes_them_a_new_person(data_steward_client, proposal):
    data_steward_client.post(ANSWER, answer_of(proposal, "new"))
    data_steward_client.post(IMPORT, {"source": "people_in_space"})
    assert crew_7_flyers() == ["Koichi Wakatta"]
    koichis = CrewMember.objects.filter(name__startswith="Koichi").values_list("name", flat=True)
    assert sorted(koichis) == ["Koichi Wakata", "Koichi Wakatta"]


def test_an_answer_given_meanwhile_by_another_steward_is_kept_and_named(
    steward, data_steward_client, proposal
):
    shown = answer_of(proposal, "same")  # Dora's page, loaded before …
    answer(SourceName.objects.get(pk=proposal.pk), same=False, user=steward)  # … the steward answered
    response = data_steward_client.post(ANSWER, shown, follow=True)
    assert response.status_code == 200
    [message] = messages_of(response)
    assert message.startswith("“Koichi Wakatta” (the people-in-space feed) was already answered by steward at ")  # fmt: skip
    assert message.endswith(": a different person. Your answer was not recorded.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.crew_member) == ("new", steward, None)


def test_an_answer_to_a_proposal_that_now_names_another_person_is_refused(data_steward_client, proposal):
    other = CrewMemberFactory(name="Koichi Wakada")
    SourceName.objects.filter(pk=proposal.pk).update(proposed=other)  # re-proposed by an import meanwhile
    response = data_steward_client.post(ANSWER, answer_of(proposal, "same"), follow=True)
    assert messages_of(response) == [
        "The proposal for “Koichi Wakatta” (the people-in-space feed) changed since the page was shown: it now "
        "proposes Koichi Wakada. Your answer was not recorded; answer it again below."
    ]
    assert SourceName.objects.get(pk=proposal.pk).status == "proposed"


def test_an_answer_to_a_proposal_that_does_not_exist_is_a_404(data_steward_client, proposal):
    gone = answer_of(proposal, "same", proposal=proposal.pk + 1000)
    assert data_steward_client.post(ANSWER, gone).status_code == 404


@pytest.mark.parametrize(
    "url, data",
    [
        (ANSWER, {"proposal": "x'; DROP", "status": "maybe", "answer": "perhaps"}),
        (ANSWER, {}),
        (RESOLVE, {"anomaly": "-3", "resolved": "yes"}),
        (IMPORT, {"source": "../../etc/passwd"}),
    ],
)
def test_a_garbage_post_is_a_message_not_a_500(data_steward_client, proposal, anomaly, url, data):
    response = data_steward_client.post(url, data, follow=True)
    assert response.status_code == 200
    [message] = messages_of(response)
    assert "cannot be read" in message and "take it again from the page below" in message
    assert SourceName.objects.get(pk=proposal.pk).status == "proposed"
    assert not Anomaly.objects.get(pk=anomaly.pk).resolved


def test_an_import_with_nothing_waiting_is_not_run_again(data_steward_client, proposal):
    data_steward_client.post(ANSWER, answer_of(proposal, "same"), follow=True)
    data_steward_client.post(IMPORT, {"source": "people_in_space"}, follow=True)
    imported_at = RecordSource.objects.get(key="people_in_space").imported_at
    response = data_steward_client.post(IMPORT, {"source": "people_in_space"}, follow=True)  # a second click
    [message] = messages_of(response)
    assert message.startswith("No answer waits for the people-in-space feed: it was imported again at ")
    assert RecordSource.objects.get(key="people_in_space").imported_at == imported_at


def test_an_answer_without_the_csrf_token_is_refused(data_steward, proposal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(data_steward)
    assert client.post(ANSWER, answer_of(proposal, "same")).status_code == 403
    assert SourceName.objects.get(pk=proposal.pk).status == "proposed"


def test_a_proposal_naming_nobody_can_only_be_a_different_person(data_steward_client, proposal):
    SourceName.objects.filter(pk=proposal.pk).update(proposed=None)  # as the admin may leave it
    shown = SourceName.objects.get(pk=proposal.pk)
    page = text(data_steward_client.get(PAGE))
    row = re.search(rf'<tr id="proposal-{proposal.pk}">.*?</tr>', page).group()
    assert "nobody" in row and "Same person" not in row and "A different person" in row
    refused = data_steward_client.post(ANSWER, answer_of(shown, "same", proposed=""), follow=True)
    assert messages_of(refused) == [
        "“Koichi Wakatta” (the people-in-space feed) names nobody on file: it can only be answered "
        "“A different person”."
    ]
    data_steward_client.post(ANSWER, answer_of(shown, "new", proposed=""))
    assert SourceName.objects.get(pk=proposal.pk).status == "new"


def test_an_import_whose_kept_file_is_missing_is_a_message(
    data_steward_client, proposal, tmp_path, monkeypatch
):
    data_steward_client.post(ANSWER, answer_of(proposal, "same"), follow=True)
    monkeypatch.setattr(people_feed, "FILE", tmp_path / "gone.csv")
    response = data_steward_client.post(IMPORT, {"source": "people_in_space"}, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == [
        "The people-in-space feed cannot be read (No such file or directory): nothing was imported."
    ]
    assert crew_7_flyers() == []


def test_the_rows_shown_are_the_importers_own_for_the_astronaut_database():
    """Every person of the kept Astronaut Database file: the rows the page shows are those the importer reads."""
    report = SourceReport("astronaut_db")
    record = astronaut_db.reconcile(astronaut_db.read(astronaut_db.FILE.read_bytes(), report), report)
    shown = {key: rows for key, (rows, _) in rows_in_kept_file("astronaut_db").items()}
    assert shown == {key: person.rows for key, person in record.people.items()} and len(shown) > 500


def test_the_page_prints_without_its_buttons(data_steward_client, proposal, anomaly):
    data_steward_client.post(ANSWER, answer_of(proposal, "same"))
    html = data_steward_client.get(PAGE).content.decode()
    assert html.count("<button") >= 3
    assert printed_controls(html) == []


class _Controls(HTMLParser):
    """Buttons, inputs and forms of the page's content that a printer would print (no d-print-none around)."""

    VOID = {"input", "br", "img", "meta", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.printed: list[str] = []

    def handle_starttag(self, tag, attrs):
        hidden = "d-print-none" in (dict(attrs).get("class") or "") or (self.stack and self.stack[-1])
        control = tag in ("button", "select", "form") or (tag == "input" and dict(attrs).get("type") != "hidden")  # fmt: skip
        if control and not hidden:
            self.printed.append(f"<{tag} {dict(attrs)}>")
        if tag not in self.VOID:
            self.stack.append(bool(hidden))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()


def printed_controls(html: str) -> list[str]:
    main = html[html.index("<main") :]
    parser = _Controls()
    parser.feed(main)
    return parser.printed


# --- Anomalies ----------------------------------------------------------------------------------------------


@pytest.fixture
def anomalies(db) -> None:
    """60 career anomalies and 3 commander ones of the Astronaut Database, 2 launch ones of the feed (1 resolved)."""
    Anomaly.objects.bulk_create(
        [Anomaly(source="astronaut_db", kind="career", subject=f"Person {n:02} hours", text="off", rows=str(n))
         for n in range(60)]
        + [Anomaly(source="astronaut_db", kind="commander", subject=f"STS-{n} ascent", text="two commanders")
           for n in range(3)]
        + [Anomaly(source="people_in_space", kind="launch", subject="Soyuz MS-22", text="several launch times"),
           Anomaly(source="people_in_space", kind="launch", subject="Crew-7", text="gone", resolved=True)]
    )  # fmt: skip


def subjects(response) -> list[str]:
    return [s.strip() for s in re.findall(r'<tr id="anomaly-\d+"[^>]*>.*?<td>([^<]*)', text(response))]


def kind_counts(response) -> dict[str, int]:
    nav = re.search(r'<nav aria-label="Kinds".*?</nav>', text(response)).group()
    return {k: int(n) for k, n in re.findall(r'> ?([\w ]+?) <span class="badge text-bg-light">(\d+)</span>', nav)}  # fmt: skip


def test_open_anomalies_are_listed_50_a_page_with_counts_per_kind(data_steward_client, anomalies):
    first = data_steward_client.get(PAGE)
    assert kind_counts(first) == {"career": 60, "commander": 3, "launch": 1}
    assert len(subjects(first)) == 50 and "64 anomalies, page 1 of 2; resolved ones are hidden." in text(first)  # fmt: skip
    last = data_steward_client.get(PAGE, {"page": 2})
    assert len(subjects(last)) == 14 and "Crew-7" not in subjects(last)  # the resolved one is hidden


def test_anomalies_are_filtered_by_source_kind_search_and_state(data_steward_client, anomalies):
    feed = data_steward_client.get(PAGE, {"source": "people_in_space"})
    assert subjects(feed) == ["Soyuz MS-22"] and kind_counts(feed) == {"launch": 1}
    assert subjects(data_steward_client.get(PAGE, {"kind": "commander"})) == ["STS-0 ascent", "STS-1 ascent", "STS-2 ascent"]  # fmt: skip
    assert subjects(data_steward_client.get(PAGE, {"q": "Person 07"})) == ["Person 07 hours"]
    assert subjects(data_steward_client.get(PAGE, {"q": "several LAUNCH"})) == ["Soyuz MS-22"]
    assert subjects(data_steward_client.get(PAGE, {"state": "resolved"})) == ["Crew-7"]
    both = data_steward_client.get(PAGE, {"state": "all", "source": "people_in_space"})
    assert subjects(both) == ["Crew-7", "Soyuz MS-22"] and kind_counts(both) == {"launch": 2}


def test_a_bad_filter_value_is_a_message_and_the_others_still_apply(data_steward_client, anomalies):
    response = data_steward_client.get(PAGE, {"kind": "nonsense", "source": "people_in_space", "page": "zz"})
    assert response.status_code == 200
    page = text(response)
    assert "Some filters were not applied" in page and "Kind: Select a valid choice." in page
    assert subjects(response) == ["Soyuz MS-22"]


def test_mark_resolved_hides_it_and_comes_back_to_the_same_filters(data_steward_client, anomalies):
    target = Anomaly.objects.get(subject="Person 55 hours")
    back = "kind=career&page=2"
    response = data_steward_client.post(RESOLVE, {"anomaly": target.pk, "resolved": "1", "query": back})
    assert response.status_code == 302 and response.url == f"{PAGE}?{back}"
    assert Anomaly.objects.get(pk=target.pk).resolved
    page = data_steward_client.get(response.url)
    assert messages_of(page) == ["Marked resolved: Person 55 hours (career, the Astronaut Database)."]
    assert "Person 55 hours" not in subjects(page) and len(subjects(page)) == 9
    again = data_steward_client.post(RESOLVE, {"anomaly": target.pk, "resolved": "1"}, follow=True)
    assert messages_of(again) == ["Person 55 hours (career) was already marked resolved."]
    data_steward_client.post(RESOLVE, {"anomaly": target.pk, "resolved": "0"})
    assert not Anomaly.objects.get(pk=target.pk).resolved


def test_the_way_back_carries_only_a_query_string(data_steward_client, anomaly):
    response = data_steward_client.post(
        RESOLVE, {"anomaly": anomaly.pk, "resolved": "1", "query": "x=1\r\nSet-Cookie: a=b&//evil.example"}
    )
    assert response.url.startswith(f"{PAGE}?") and "\n" not in response.url and "//evil" not in response.url


def test_mark_resolved_of_an_anomaly_that_does_not_exist_is_a_404(data_steward_client, anomaly):
    gone = {"anomaly": anomaly.pk + 1000, "resolved": "1"}
    assert data_steward_client.post(RESOLVE, gone).status_code == 404


def add_names(by, count: int, start: int) -> None:
    """`count` proposals of the Astronaut Database, and as many answers waiting for the feed's next import."""
    people = [CrewMemberFactory(name=f"Person {n}") for n in range(start, start + count)]
    SourceName.objects.bulk_create(
        [SourceName(source="astronaut_db", written=f"{n}:Persn, {n}", proposed=p, score=0.6, status="proposed")
         for n, p in enumerate(people, start=start)]
        + [SourceName(source="people_in_space", written=f"answered {n}", crew_member=p, status="same",
                      decided_by=by, decided_at=timezone.now())
           for n, p in enumerate(people, start=start)]
    )  # fmt: skip


def test_the_page_does_not_query_per_anomaly_or_proposal(
    data_steward, data_steward_client, proposal, anomalies, django_assert_max_num_queries
):
    add_names(data_steward, 1, start=0)
    with CaptureQueriesContext(connection) as few:
        assert "answered 0" in text(data_steward_client.get(PAGE, {"state": "all"}))
    add_names(data_steward, 10, start=1)
    more = [Anomaly(source="astronaut_db", kind=f"kind {n % 7}", subject=f"More {n}", text="x") for n in range(200)]  # fmt: skip
    Anomaly.objects.bulk_create(more)
    # session, user, permissions (the user's, the groups'), answers waiting per source, the sources, the
    # proposals, the answers waiting, the anomaly counts per source and kind, the page's count, the page:
    # the same with 2 or 12 names to confirm, 1 or 11 answers waiting, 65 or 265 anomalies.
    with django_assert_max_num_queries(len(few)):
        response = data_steward_client.get(PAGE, {"state": "all"})
    assert "answered 10" in text(response) and "Persn, 10" in text(response) and len(subjects(response)) == 50


# --- The admin ----------------------------------------------------------------------------------------------


def test_the_admin_lists_anomalies_names_and_sources_with_filters_and_search(
    steward_client, proposal, anomaly
):
    for url in (
        "/admin/crews/anomaly/?source=astronaut_db&kind=career&resolved__exact=0&q=Bean",
        "/admin/crews/sourcename/?status=proposed&source=people_in_space&q=wakatt",
        "/admin/crews/recordsource/?q=people",
    ):
        response = steward_client.get(url)
        assert response.status_code == 200, url
        assert response.context["cl"].result_count == 1, url
    assert steward_client.get("/admin/crews/recordsource/add/").status_code == 403
    assert steward_client.get("/admin/crews/anomaly/add/").status_code == 403
    source = RecordSource.objects.get()
    page = steward_client.get(f"/admin/crews/recordsource/{source.pk}/change/")
    assert page.status_code == 200 and 'name="summary"' not in page.content.decode()  # read only


def test_an_answer_changed_in_the_admin_is_recorded_with_the_steward(steward, steward_client, proposal):
    wakata = proposal.proposed
    response = steward_client.post(
        f"/admin/crews/sourcename/{proposal.pk}/change/",
        {"source": proposal.source, "written": proposal.written, "crew_member": wakata.pk,
         "proposed": wakata.pk, "score": proposal.score, "status": "same"},
    )  # fmt: skip
    assert response.status_code == 302, response.context and response.context["adminform"].errors
    proposal.refresh_from_db()
    assert (proposal.status, proposal.crew_member, proposal.decided_by) == ("same", wakata, steward)


def test_the_admin_action_marks_anomalies_resolved(steward_client, anomaly):
    steward_client.post(
        "/admin/crews/anomaly/", {"action": "mark_resolved", "_selected_action": [anomaly.pk]}, follow=True
    )
    assert Anomaly.objects.get(pk=anomaly.pk).resolved


# --- The whole record (loaded once for the rest of this module) ---------------------------------------------


def test_the_whole_record_on_the_page_in_a_bounded_number_of_queries(
    record, data_steward_client, django_assert_max_num_queries
):
    open_anomalies = Anomaly.objects.filter(resolved=False).count()
    assert open_anomalies > 250
    # session, user, the user's and group's permissions (2), answers waiting, sources, proposals,
    # anomaly counts, the page's count, the page of 50.
    with django_assert_max_num_queries(10):
        response = data_steward_client.get(PAGE)
    page = text(response)
    assert f"{open_anomalies} open" in page and len(subjects(response)) == 50
    assert "The Astronaut Database, 1961–2019" in page and "People in space 2020–2026" in page
    assert "No name waits for an answer." in page  # the project's confirmed names answered them all
    counts = kind_counts(response)
    assert sum(counts.values()) == open_anomalies and counts["career"] > 200
