"""Issue 13, item 11, at a phone's width (390 px): the launches list as cards with the mission first and the
filters folded; the crews and agreements tables say they scroll sideways."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from crews.tests.browser.test_flows import log_in, scene  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(driver):
    driver.set_window_size(390, 844)
    yield driver
    driver.set_window_size(1366, 900)


def overflow(driver) -> int:
    return driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


def test_the_launches_list_on_a_phone(phone, live_server, scene):  # noqa: F811
    log_in(phone, live_server, "vic")
    assert overflow(phone) <= 0  # nothing off to the side
    filters = phone.find_element(By.ID, "filters")
    assert not filters.is_displayed()
    toggle = phone.find_element(By.CSS_SELECTOR, ".filters-toggle")
    assert toggle.is_displayed() and toggle.text == "Search and filters"
    first = phone.find_element(By.CSS_SELECTOR, "table.roster-list tbody tr")
    mission = first.find_element(By.CSS_SELECTOR, "td.col-mission a")
    launch = first.find_element(By.CSS_SELECTOR, "td.col-launch time")
    assert mission.location["y"] < launch.location["y"]  # the mission first, then its date
    assert mission.size["width"] > 100  # the name is not squeezed into a narrow column
    toggle.click()
    WebDriverWait(phone, 5).until(lambda d: d.find_element(By.ID, "filters").is_displayed())


def test_wide_tables_say_they_scroll_sideways_on_a_phone(phone, live_server, scene):  # noqa: F811
    log_in(phone, live_server, "vic")
    for path in ("/crews/", "/agreements/"):
        phone.get(f"{live_server.url}{path}")
        assert phone.find_element(By.CSS_SELECTOR, ".scroll-hint").is_displayed(), path
    phone.set_window_size(1366, 900)
    assert not phone.find_element(By.CSS_SELECTOR, ".scroll-hint").is_displayed()
    assert phone.find_element(By.ID, "filters").is_displayed()


def test_a_roster_on_a_phone_keeps_its_buttons_on_screen(phone, live_server, scene):  # noqa: F811
    """The screenshot review: at 390 px the seat table scrolled sideways and the Assign button of an open seat was
    off-screen."""
    _, planned = scene
    log_in(phone, live_server, "ana")
    phone.get(f"{live_server.url}{planned.get_absolute_url()}")
    assert overflow(phone) <= 0
    for table in phone.find_elements(By.CSS_SELECTOR, ".seat-table"):
        assert table.size["width"] <= 390
    assign = phone.find_element(By.CSS_SELECTOR, "table[data-leg=ascent]").find_element(
        By.LINK_TEXT, "Assign"
    )
    left, width = assign.location["x"], assign.size["width"]
    assert assign.is_displayed() and left + width <= 390


def test_who_is_aboard_on_a_phone_is_a_card_per_person_with_labels(phone, live_server, scene):  # noqa: F811
    """The screenshot review: at 390 px the aboard table squeezed 'landing not on file (followed to …)' into a
    column a word wide. Each person is a card: agency and name, then 'brought by' and 'ride home', labelled."""
    world, _ = scene
    log_in(phone, live_server, "vic")
    phone.get(f"{live_server.url}/stations/{world.iss.slug}/?date=2022-12-01")
    assert overflow(phone) <= 0
    rows = phone.find_elements(By.CSS_SELECTOR, "table.aboard tbody tr")
    assert rows
    for row in rows:
        assert row.size["width"] <= 390
        ride = row.find_element(By.CSS_SELECTOR, "td[data-label='ride home']")
        label = phone.execute_script("return getComputedStyle(arguments[0], '::before').content", ride)
        assert label == '"ride home: "'
        assert ride.size["width"] > 300  # a line of its own, not a column a word wide
    phone.set_window_size(1366, 900)
    assert phone.find_element(By.CSS_SELECTOR, "table.aboard thead").is_displayed()
