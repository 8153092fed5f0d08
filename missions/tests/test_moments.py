import datetime as dt

import pytest

from missions.moments import Moment


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
