"""Issue 14 in a real browser: a planner asks the assistant for a plan, the background worker solves it while
the run's page follows, the planner reviews the changes and accepts one mission's, and sees the seats on that
mission's roster."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from crews.models import CrewMember, PlanRun
from crews.tests.browser.test_flows import click_and_wait, ensure_groups, log_in, roster_names
from crews.tests.plan_scenes import run_worker, two_soyuz
from crews.tests.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _set(driver, name: str, value: str) -> None:
    field = driver.find_element(By.NAME, name)
    driver.execute_script("arguments[0].value = arguments[1];", field, value)


def _press(driver, text: str) -> None:
    button = driver.find_element(By.XPATH, f"//button[text()='{text}']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    click_and_wait(driver, button)


def test_propose_review_and_accept_one_mission(driver, live_server):
    ensure_groups()
    world = World.build()
    ms90, ms91, _ = two_soyuz(world)
    ana = get_user_model().objects.create_user(
        "ana", password="pw-ana-123", first_name="Ana", last_name="Planner"
    )
    ana.groups.add(Group.objects.get(name="Planners"))

    log_in(driver, live_server, "ana")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Planning"))
    assert driver.find_element(By.NAME, "continuity_gap_day").get_attribute("value") == "1000"
    _set(driver, "starts_on", "2031-01-01")
    _set(driver, "ends_on", "2031-12-31")
    _set(driver, "time_limit", "10")
    _press(driver, "Propose a plan")
    assert driver.find_element(By.CSS_SELECTOR, ".plan-run-status").text == "Queued"
    assert "Waiting for the background worker." in driver.find_element(By.CSS_SELECTOR, ".plan-progress").text

    run_worker()  # what `make run`'s worker does, once through the queue
    # The page looks again by itself: an element found just before it reloads is gone when read (a flaky failure
    # once), so the wait looks again.
    WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".plan-run-status").text == "Done"
    )
    run = PlanRun.objects.get()
    names = dict(CrewMember.objects.values_list("pk", "name"))

    # The review: the score in sentences, the changes by mission, as the run stored them.
    score = driver.find_element(By.CSS_SELECTOR, ".plan-score").text
    assert "Station continuity" in score and "Integrated crews 2030: balanced → NASA owes" in score
    for mission in (ms90, ms91):
        section = driver.find_element(By.CSS_SELECTOR, f".plan-mission[data-mission='{mission.slug}']")
        shown = [li.text for li in section.find_elements(By.CSS_SELECTOR, ".plan-change")]
        assert shown == [c["text"] for c in run.best["changes"] if c["mission"] == mission.pk]
    proposed = [
        names[s["person"]]
        for s in sorted(run.best["seats"], key=lambda s: s["seat"])
        if s["mission"] == ms90.pk and s["leg"] == "ascent"
    ]
    assert len(proposed) == 3 and proposed[0] == "Sergey Prokopyev"

    _press(driver, "Accept the changes to Soyuz MS-90")
    assert (
        "Accepted the proposal for Soyuz MS-90: the seats are on the rosters."
        in driver.find_element(By.CSS_SELECTOR, ".alert-success").text
    )
    section = driver.find_element(By.CSS_SELECTOR, f".plan-mission[data-mission='{ms90.slug}']")
    assert "accepted" in section.text
    assert driver.find_elements(By.XPATH, "//button[text()='Accept the changes to Soyuz MS-91']")

    link = section.find_element(By.LINK_TEXT, "Soyuz MS-90")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", link)
    click_and_wait(driver, link)
    assert roster_names(driver, "ascent") == proposed
    assert "proposed by the planning assistant, accepted by Ana Planner" in driver.page_source
    assert ms91.seat_assignments.count() == 1  # the other mission is as it was
