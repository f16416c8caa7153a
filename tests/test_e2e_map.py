"""End to end in real headless Chromium: the event map (Leaflet over packaged borders, no tiles)
and the event timeline of an entity page, with no console error and no request leaving the app.
Screenshots as in test_e2e_web.py (``VEZHA_SCREENSHOTS=docs/screenshots`` writes the README's).
Skipped without /usr/bin/chromium.
"""
from __future__ import annotations

import pytest

from test_e2e_web import CHROMIUM, chromium, live_url, shots, snap  # noqa: F401 (module fixtures)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent on this machine"),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory, live_url):  # noqa: F811
    """A Chromium page that records console errors and aborts (and records) every request to
    anywhere but the app."""
    with chromium(tmp_path_factory) as (context, page):
        page.errors, page.outside = [], []
        page.on("console", lambda m: page.errors.append(m.text) if _error(m) else None)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        context.route("**/*", lambda route: _only_the_app(route, live_url, page.outside))
        yield page


def _error(message) -> bool:
    """A console error, but not the browser's own request for /favicon.ico (the app has none)."""
    return message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")


def _only_the_app(route, base: str, outside: list[str]) -> None:
    url = route.request.url
    if url.startswith(base) or not url.startswith(("http:", "https:", "ws:", "wss:")):
        route.continue_()
    else:
        outside.append(url)
        route.abort()


def first_event(page, live_url, **filters):  # noqa: F811
    query = "&".join(f"{k}={v}" for k, v in {"limit": 50, **filters}.items())
    return page.request.get(f"{live_url}/api/events?{query}").json()["events"]


def test_map_draws_borders_and_markers_and_lists_a_places_events(live_url, page, shots):  # noqa: F811
    page.goto(live_url + "/map")
    page.wait_for_selector("#map[data-ready]", timeout=20_000)
    markers = int(page.get_attribute("#map", "data-markers"))
    assert markers > 0 and page.locator("path.marker").count() == markers
    assert page.locator(".leaflet-overlay-pane path:not(.marker)").count() > 100   # countries
    assert page.locator("path.oblast").count() == 27                               # and oblasts
    assert page.locator(".leaflet-tile").count() == 0                               # no tiles
    page.locator("path.marker").first.click(force=True)
    page.wait_for_selector("#map-events li.event a.source")
    assert page.locator("#map-title a").get_attribute("href").startswith("/entity/")
    snap(page, shots, "map")
    assert page.errors == [] and page.outside == []


def test_map_filters_by_type(live_url, page):  # noqa: F811
    page.goto(live_url + "/map")
    page.wait_for_selector("#map[data-ready]", timeout=20_000)
    every = int(page.get_attribute("#map", "data-markers"))
    page.select_option("form.events-filter select[name=type]", "battle")
    page.click("form.events-filter button")
    page.wait_for_selector("#map[data-ready]", timeout=20_000)
    assert "type=battle" in page.url
    assert 0 < int(page.get_attribute("#map", "data-markers")) < every
    assert page.errors == [] and page.outside == []


def test_entity_page_shows_its_event_timeline_and_filters_it(live_url, page, shots):  # noqa: F811
    place = next(e["place"] for e in first_event(page, live_url) if e["place"])
    page.goto(f"{live_url}/entity/{place}")
    page.wait_for_selector("ol.events li.event")
    items = page.locator("ol.events li.event")
    assert items.count() > 0 and page.locator("ol.events li.event mark").count() == items.count()
    assert page.locator("ol.events li.event a.source").first.get_attribute("href").startswith("/article/")
    page.locator("section.entity-events").scroll_into_view_if_needed()
    snap(page, shots, "entity-events")
    kind = items.first.get_attribute("data-type")
    page.select_option("section.entity-events select[name=type]", kind)
    page.click("section.entity-events form button")
    page.wait_for_selector("ol.events li.event")
    assert {page.locator("ol.events li.event").nth(i).get_attribute("data-type")
            for i in range(page.locator("ol.events li.event").count())} == {kind}
    assert page.errors == [] and page.outside == []
