import datetime as dt

import pytest

from missions.moments import Moment, lands_before_launch


def test_a_time_when_known():
    m = Moment.parse("2022-09-21T13:54Z")
    assert m.has_time and m.isoformat() == "2022-09-21T13:54Z"
    assert m.earliest == m.latest == dt.datetime(2022, 9, 21, 13, 54, tzinfo=dt.UTC)


def test_a_date_alone_is_never_given_a_time():
    m = Moment.parse("2023-03-28")
    assert not m.has_time and m.isoformat() == "2023-03-28"
    assert m.earliest == dt.datetime(2023, 3, 28, tzinfo=dt.UTC)
    assert m.latest == dt.datetime(2023, 3, 29, tzinfo=dt.UTC)
    assert m.local("Asia/Qyzylorda") is None


def test_seconds_are_kept_when_given():
    assert Moment.parse("2022-09-21T13:54:07Z").isoformat() == "2022-09-21T13:54:07Z"


def test_local_time_at_the_launch_site():
    m = Moment.parse("2022-09-21T13:54Z")
    assert m.local("Asia/Qyzylorda").strftime("%Y-%m-%d %H:%M %z") == "2022-09-21 18:54 +0500"
    assert Moment.parse("2022-10-05T16:00Z").local("America/New_York").strftime("%H:%M %Z") == "12:00 EDT"


@pytest.mark.parametrize(
    "text", ["21/09/2022", "2022-09-21T13:54", "2022-09-21 13:54+03:00", "", "2022-9-21"]
)
def test_other_forms_are_refused_with_a_sentence(text):
    with pytest.raises(ValueError, match="is not a date"):
        Moment.parse(text)


def test_impossible_dates_are_refused():
    with pytest.raises(ValueError, match="not a real date"):
        Moment.parse("2022-02-30")
    with pytest.raises(ValueError, match="not a real date"):
        Moment.parse("2022-02-03T25:00Z")


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest", "shown"),
    [
        ("1961", "year", (1961, 1, 1), (1962, 1, 1), "1961"),
        ("1961-04", "month", (1961, 4, 1), (1961, 5, 1), "Apr 1961"),
        ("1964-02", "month", (1964, 2, 1), (1964, 3, 1), "Feb 1964"),
        ("1961-04-12", "day", (1961, 4, 12), (1961, 4, 13), "1961-04-12"),
    ],
)
def test_a_date_known_to_the_year_month_or_day_covers_its_period(text, precision, earliest, latest, shown):
    m = Moment.parse(text)
    assert (m.precision, m.isoformat(), m.shown()) == (precision, text, shown)
    assert m.earliest == dt.datetime(*earliest, tzinfo=dt.UTC)
    assert m.latest == dt.datetime(*latest, tzinfo=dt.UTC)
    assert m.is_approximate == (precision != "day")


def test_an_imprecise_date_is_kept_as_the_first_day_of_its_period():
    assert Moment(dt.date(1961, 4, 12), None, "year").date == dt.date(1961, 1, 1)
    assert Moment(dt.date(1961, 4, 12), None, "month").date == dt.date(1961, 4, 1)
    assert Moment.parse("1961-04-12T06:07Z").shown() == "1961-04-12 06:07 UTC"
    with pytest.raises(ValueError, match="known to the day"):
        Moment(dt.date(1961, 4, 1), dt.time(6, 7), "month")


@pytest.mark.parametrize(("text", "says"), [("1961-13", "is not a real date"), ("61", "is not a date"),
                                            ("1961-4", "is not a date"), ("1961-04-12T06:07", "is not a date")])  # fmt: skip
def test_what_is_not_a_date_says_how_to_write_one(text, says):
    with pytest.raises(ValueError, match=says) as exc:
        Moment.parse(text)
    if says == "is not a date":
        assert "2022-09 or 2022 when only the month or the year is" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "last_day", "words"),
    [("1964", "1964-12-31", "in 1964"), ("1964-02", "1964-02-29", "in Feb 1964"),
     ("1964-02-03T10:00Z", "1964-02-03", "on 1964-02-03")],
)  # fmt: skip
def test_the_last_day_a_moment_can_fall_on(text, last_day, words):
    moment = Moment.parse(text)
    assert (moment.last_day.isoformat(), moment.on_or_in()) == (last_day, words)


@pytest.mark.parametrize(
    ("launch", "landing", "before"),
    [("2031-03-02", "2031-03-01", True), ("2031-03-02T10:00Z", "2031-03-01", True),
     ("2031-03-02", "2031-03-02", False), ("2031-03-02T10:00Z", "2031-03-02", False),
     ("2031-03-02T10:00Z", "2031-03-02T10:00Z", False), ("2031-03-02T10:00Z", "2031-03-02T09:59Z", True),
     ("2031-03-01", "2031-02", True), ("2031-03-01", "2031-03", False), ("2031", "2030-12-31", True),
     ("2031", "2031-01-01", False)],
)  # fmt: skip
def test_a_landing_without_a_time_is_before_a_launch_when_over_before_it_can_begin(launch, landing, before):
    assert lands_before_launch(Moment.parse(launch), Moment.parse(landing)) is before


@pytest.mark.parametrize(
    ("launch", "landing", "shown"),
    [
        ("2022-09-21T13:54Z", "2023-03-28T07:45Z", "187 d 18 h"),
        ("2022-09-21T13:54Z", "2022-09-21T16:00Z", "2 h"),
        ("2022-09-21T13:54Z", "2023-03-28", "188 days (by the dates)"),
        ("2022-09-21", "2022-09-22", "1 day (by the dates)"),
        ("1965-03", "1965-09", "≈ 6 months"),
        ("1965", "1966-01-02", ""),
        ("2022-09-21", None, ""),
    ],
)
def test_a_flight_s_duration_as_precisely_as_its_dates_allow(launch, landing, shown):
    """Issue 13, item 14: the roster shows how long a flight lasts (or is planned to)."""
    from missions.templatetags.moments import duration

    assert duration(Moment.parse(launch), Moment.parse(landing) if landing else None) == shown


def test_a_day_without_its_time_says_so_when_asked():
    from missions.templatetags.moments import moment_html

    assert "time not known" in moment_html(Moment.parse("2023-03-28"), "Asia/Qyzylorda", say_no_time=True)
    assert "time not known" not in moment_html(Moment.parse("2023-03-28"), "Asia/Qyzylorda")
    assert "time not known" not in moment_html(Moment.parse("2023-03"), "", say_no_time=True)
