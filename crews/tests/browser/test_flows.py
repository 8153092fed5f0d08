"""The planners' flows in a real browser (headless Chromium) against a live server."""

import csv
import importlib
import io
import time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from crews.models import SeatAssignment
from crews.tests.world import World, assign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ensure_groups():
    """The Planners and Viewers groups (made by a data migration; the live server's tests flush tables)."""
    if not Group.objects.filter(name="Planners").exists():
        migration = importlib.import_module("crews.migrations.0003_planner_and_viewer_groups")
        migration.create_groups(apps, None)


@pytest.fixture
def scene(live_server):
    ensure_groups()
    world = World.build()
    for name, group in (("ana", "Planners"), ("vic", "Viewers")):
        user = get_user_model().objects.create_user(name, password=f"pw-{name}-123")
        user.groups.add(Group.objects.get(name=group))
    world.flown_rubio()
    planned = world.soyuz_mission("Soyuz MS-90", "2031-03-01T09:00Z", "2031-09-01")
    assign(planned, world.prokopyev, 1, role="commander")
    assign(planned, world.petelin, 2)
    return world, planned


def click_and_wait(driver, element) -> None:
    """Click, then wait until the browser has left the current page and loaded the next one."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def left(d) -> bool:
        try:
            page.is_enabled()
        except WebDriverException:  # stale, or already detached from the new document
            return True
        return False

    wait = WebDriverWait(driver, 10)
    wait.until(left)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def log_in(driver, live_server, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{live_server.url}/")
    assert "/accounts/login/" in driver.current_url
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(f"pw-{username}-123")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert driver.current_url.endswith("/missions/")


def roster_names(driver, leg: str) -> list[str]:
    table = driver.find_element(By.CSS_SELECTOR, f"table[data-leg={leg}]")
    return [
        row.find_elements(By.CSS_SELECTOR, "td")[2].text.split("\n")[0]
        for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]


def test_log_in_and_assign_a_seat(driver, live_server, scene):
    world, planned = scene
    log_in(driver, live_server, "ana")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Soyuz MS-90"))
    table = driver.find_element(By.CSS_SELECTOR, "table[data-leg=ascent]")
    click_and_wait(driver, table.find_element(By.LINK_TEXT, "Assign"))
    assert Select(driver.find_element(By.NAME, "position")).first_selected_option.text == "Ascent — seat 3"
    Select(driver.find_element(By.NAME, "crew_member")).select_by_visible_text("Anna Kikina (Roscosmos)")
    Select(driver.find_element(By.NAME, "role")).select_by_visible_text("Flight engineer")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.seat-form button[type=submit]"))
    assert (
        "Anna Kikina has ascent seat 3 on Soyuz MS-90."
        in driver.find_element(By.CSS_SELECTOR, ".alert-success").text
    )
    assert roster_names(driver, "ascent") == ["Sergey Prokopyev", "Dmitry Petelin", "Anna Kikina"]


def test_the_clash_error_next_to_the_field(driver, live_server, scene):
    world, _ = scene
    during = world.dragon_mission("SpaceX Crew-90", "2023-01-10", "2023-06-01")
    log_in(driver, live_server, "ana")
    driver.get(f"{live_server.url}/missions/{during.slug}/assign/")
    # The picker warns (he is listed as busy, saying where); the rules refuse, to the minute.
    Select(driver.find_element(By.NAME, "crew_member")).select_by_visible_text(
        "Frank Rubio (NASA) — not trained; busy: Soyuz MS-22, Soyuz MS-23 (2022-09-21 → 2023-09-27)"
    )
    Select(driver.find_element(By.NAME, "role")).select_by_visible_text("Commander")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.seat-form button[type=submit]"))
    error = driver.find_element(
        By.CSS_SELECTOR, "#id_crew_member ~ .invalid-feedback, #error_1_id_crew_member"
    )
    assert error.text.startswith("Frank Rubio is already aboard Soyuz MS-22 from 2022-09-21 to 2023-09-27")
    assert Select(driver.find_element(By.NAME, "role")).first_selected_option.text == "Commander"
    assert not SeatAssignment.objects.filter(mission=during).exists()


def test_swap_two_crew_members(driver, live_server, scene):
    _, planned = scene
    log_in(driver, live_server, "ana")
    driver.get(f"{live_server.url}{planned.get_absolute_url()}")
    first_row = driver.find_element(By.CSS_SELECTOR, "table[data-leg=ascent] tbody tr")
    click_and_wait(driver, first_row.find_element(By.LINK_TEXT, "Swap"))
    Select(driver.find_element(By.NAME, "other")).select_by_visible_text(
        "Ascent seat 2: Dmitry Petelin (flight engineer)"
    )
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.seat-form button[type=submit]"))
    assert (
        "Swapped Sergey Prokopyev and Dmitry Petelin: Sergey Prokopyev is now flight engineer, ascent seat 2; "
        "Dmitry Petelin is now commander, ascent seat 1."
        in driver.find_element(By.CSS_SELECTOR, ".alert-success").text
    )
    assert roster_names(driver, "ascent")[:2] == ["Dmitry Petelin", "Sergey Prokopyev"]
    changes = driver.find_element(By.CSS_SELECTOR, ".recent-changes").text
    assert "ana: moved Sergey Prokopyev on Soyuz MS-90 from ascent seat 1 to ascent seat 2" in changes


def test_download_the_csv_and_parse_it(driver, live_server, scene, downloads):
    log_in(driver, live_server, "vic")
    driver.get(f"{live_server.url}/missions/soyuz-ms-22/")
    driver.find_element(By.LINK_TEXT, "Download CSV").click()
    target = downloads / "roster-soyuz-ms-22.csv"
    for _ in range(50):
        if target.exists() and not list(downloads.glob("*.crdownload")):
            break
        time.sleep(0.1)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["leg"], r["seat"], r["crew_member"], r["cross_agency"]) for r in rows] == [
        ("ascent", "1", "Sergey Prokopyev", "no"),
        ("ascent", "2", "Dmitry Petelin", "no"),
        ("ascent", "3", "Frank Rubio", "yes"),
    ]


def test_a_viewer_finds_no_edit_controls(driver, live_server, scene):
    _, planned = scene
    log_in(driver, live_server, "vic")
    driver.implicitly_wait(0)  # looking for what must not be there: no need to wait for it
    try:
        for path in ("/missions/", planned.get_absolute_url()):
            driver.get(f"{live_server.url}{path}")
            assert driver.find_element(By.LINK_TEXT, "Download CSV")
            for text in (
                "New mission",
                "Edit mission",
                "Assign",
                "Move",
                "Swap",
                "Release",
                "Upload a roster",
            ):
                assert not driver.find_elements(By.LINK_TEXT, text), (path, text)
    finally:
        driver.implicitly_wait(3)
    driver.get(f"{live_server.url}{planned.get_absolute_url()}assign/")
    assert "403" in driver.title or "Forbidden" in driver.page_source


def test_the_station_timeline_renders(driver, live_server, scene):
    world, _ = scene
    log_in(driver, live_server, "vic")
    driver.get(f"{live_server.url}/stations/iss/?ground=soyuz-ms&from=2023-01-01")
    timelines = driver.find_elements(By.CSS_SELECTOR, "svg.timeline")
    assert len(timelines) == 2  # as recorded, and with Soyuz grounded
    for svg in timelines:
        assert svg.size["width"] > 500 and svg.size["height"] > 50
        assert svg.find_elements(By.CSS_SELECTOR, "g.mission")
