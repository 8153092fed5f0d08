"""Issue 13 in a real browser: a full leg says so, the crew comes home in one step, the picker narrows as you
type and marks who is busy."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from crews.models import SeatAssignment
from crews.tests.browser.test_flows import click_and_wait, log_in, roster_names, scene  # noqa: F401
from crews.tests.world import assign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(driver) -> None:
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.seat-form button[type=submit]"))


def test_a_full_ascent_says_so_and_the_return_is_chosen_explicitly(driver, live_server, scene):  # noqa: F811
    world, planned = scene
    assign(planned, world.kikina, 3)
    log_in(driver, live_server, "ana")
    driver.get(f"{live_server.url}/missions/{planned.slug}/assign/?leg=ascent&seat=3")
    notice = driver.find_element(By.CSS_SELECTOR, ".alert-warning").text
    assert notice == "Ascent full (3 of 3): release or move someone first or choose a return seat."
    position = Select(driver.find_element(By.NAME, "position"))
    assert position.first_selected_option.text == "— choose a seat —"
    # Petelin, up in ascent seat 2, is listed first, as on this mission: the crew a return is planned for.
    Select(driver.find_element(By.NAME, "crew_member")).select_by_visible_text(
        "Dmitry Petelin (Roscosmos) — ascent seat 2, flight engineer"
    )
    submit(driver)  # no seat chosen: refused on the field, nothing written
    assert "This field is required." in driver.find_element(By.CSS_SELECTOR, ".seat-form").text
    Select(driver.find_element(By.NAME, "position")).select_by_visible_text("Return — seat 2")
    submit(driver)
    assert (
        "Dmitry Petelin has return seat 2 on Soyuz MS-90."
        in driver.find_element(By.CSS_SELECTOR, ".alert-success").text
    )
    assert roster_names(driver, "return")[1] == "Dmitry Petelin"


def test_the_crew_comes_home_in_one_step(driver, live_server, scene):  # noqa: F811
    _, planned = scene
    log_in(driver, live_server, "ana")
    driver.get(f"{live_server.url}{planned.get_absolute_url()}")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Bring the crew home…"))
    rows = driver.find_elements(By.CSS_SELECTOR, ".crew-return-plan tbody tr")
    assert [r.text for r in rows] == ["Sergey Prokopyev 1 Commander —", "Dmitry Petelin 2 Flight engineer —"]
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[text()='Bring them home on Soyuz MS-90']"))
    assert (
        "Sergey Prokopyev and Dmitry Petelin return on Soyuz MS-90 (return seats 1, 2)."
        in driver.find_element(By.CSS_SELECTOR, ".alert-success").text
    )
    assert roster_names(driver, "return")[:2] == ["Sergey Prokopyev", "Dmitry Petelin"]
    assert not driver.find_elements(By.LINK_TEXT, "Bring the crew home…")
    assert SeatAssignment.objects.filter(mission=planned, leg="return").count() == 2


def test_the_picker_narrows_as_you_type_and_marks_who_is_busy(driver, live_server, scene):  # noqa: F811
    world, planned = scene
    elsewhere = world.dragon_mission("SpaceX Crew-90", "2031-05-01", "2031-11-01")
    assign(elsewhere, world.mann, 1, role="commander")
    log_in(driver, live_server, "ana")
    driver.get(f"{live_server.url}/missions/{planned.slug}/assign/?leg=ascent&seat=3")
    box = driver.find_element(By.CSS_SELECTOR, "input.typeahead")
    box.send_keys("busy")
    picker = driver.find_element(By.NAME, "crew_member")
    shown = [
        o.text
        for o in picker.find_elements(By.CSS_SELECTOR, "option")
        if o.get_attribute("hidden") is None and o.get_attribute("value")
    ]
    assert shown == ["Nicole Mann (NASA) — not trained; busy: SpaceX Crew-90 (2031-05-01 → 2031-11-01)"]
    assert driver.find_element(By.CSS_SELECTOR, ".typeahead-count").text == "1 person matches"
    box.clear()
    box.send_keys("kikína")  # an accent the name does not have: ignored
    assert Select(picker).first_selected_option.text == "Anna Kikina (Roscosmos)"
    submit(driver)
    assert (
        "Anna Kikina has ascent seat 3 on Soyuz MS-90."
        in driver.find_element(By.CSS_SELECTOR, ".alert-success").text
    )


def test_an_expired_agreement_is_shown_with_what_to_do(driver, live_server, scene):  # noqa: F811
    """Issue 13, item 1: the scene's NASA–Roscosmos agreement ended on 2025-12-31; MS-90 launches in 2031."""
    _, planned = scene
    log_in(driver, live_server, "ana")
    driver.get(f"{live_server.url}/missions/{planned.slug}/assign/?leg=ascent&seat=3")
    listed = driver.find_element(By.CSS_SELECTOR, ".unusable-agreements").text
    assert (
        "NASA–Roscosmos integrated crew agreement (NASA crew): expired on 2025-12-31, before this launch on "
        "2031-03-01." in listed
    )
    driver.find_element(By.CSS_SELECTOR, "input.typeahead").send_keys("rubio")
    submit(driver)
    feedback = driver.find_element(By.CSS_SELECTOR, ".seat-form").text
    assert "name an agreement between NASA and Roscosmos" in feedback
    assert "NASA–Roscosmos integrated crew agreement cannot be used: expired on 2025-12-31" in feedback
    assert not SeatAssignment.objects.filter(mission=planned, seat=3).exists()


def test_a_printed_roster_says_when_and_by_whom_and_keeps_every_column(driver, live_server, scene):  # noqa: F811
    """Issue 13, item 13, printed from a phone-width window: nationality and agreement columns kept."""
    log_in(driver, live_server, "vic")
    driver.set_window_size(390, 844)
    try:
        driver.get(f"{live_server.url}/missions/soyuz-ms-22/")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        header = driver.find_element(By.CSS_SELECTOR, ".print-header")
        assert header.is_displayed()
        assert "printed by vic" in header.text and " UTC" in header.text and "as of 20" in header.text
        table = driver.find_element(By.CSS_SELECTOR, "table[data-leg=ascent]")
        for column in ("col-nationality", "col-cross"):
            assert table.find_element(By.CSS_SELECTOR, f"th.{column}").is_displayed(), column
        assert "NASA–Roscosmos integrated crew agreement" in table.text
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.set_window_size(1366, 900)


def test_continuity_looks_ahead_to_the_last_planned_landing(driver, live_server, scene):  # noqa: F811
    """Issue 13, item 2: a Roscosmos gap after the last planned launch shows with the default period; today is
    marked; the period is in the date fields, not empty boxes."""
    world, _ = scene
    from crews.tests.test_station_planner import flight

    flight(world.soyuz_mission("Soyuz MS-97", "2026-06-01", "2027-09-21"), world.kikina)
    flight(world.dragon_mission("SpaceX Crew-97", "2026-06-02", "2028-01-10"), world.mann)
    log_in(driver, live_server, "vic")
    driver.get(f"{live_server.url}/stations/iss/")
    summary = driver.find_element(By.CSS_SELECTOR, ".gap-summary").text
    # The scene plans Soyuz MS-90 for 2031: the period runs to its landing, and the gap shows up to it.
    assert "Roscosmos 1256.4 days from 2027-09-22" in summary
    assert driver.find_element(By.ID, "id_period_end").get_attribute("value") == "2031-09-02"
    assert driver.find_element(By.ID, "id_period_start").get_attribute("value")
    assert driver.find_element(By.CSS_SELECTOR, "svg.timeline g.today").is_displayed()
    assert "end of the period" in driver.find_element(By.CSS_SELECTOR, "svg.timeline .period-end-label").text
