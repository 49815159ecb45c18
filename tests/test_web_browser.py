"""``newsdesk serve`` in a real browser: Playwright driving Debian's Chromium
(never a downloaded browser) against a server on a thread, over a database of
the seeds (../shared/seeds) and the hostile files of test_web_pages.py.

Skipped when chromium or Playwright is missing, except under CI, where they
must be there. Screenshots of the stories page and of the seed story's page
are saved to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, shared_path
from newsdesk import jobs
from newsdesk.config import load_config
from newsdesk.store import Store
from newsdesk.web import create_app
from newsdesk.web.server import CHROMIUM_ARGS, background
from test_web_pages import HOSTILE_FILES

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"
UPLOAD = b"""Tidepool aquarium reopens with a giant octopus

By Ines Marlowe

2024-06-11

The Saltmarsh Tidepool Aquarium reopened on Tuesday after a two-year refit, with a giant
Pacific octopus named Wendell as its new star.

"Wendell has already learned to open the feeding jar," said curator Bram Oduya.

About 3,000 visitors came on the first day, the aquarium said, and the queue reached the pier.
"""


def _missing(what: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{what}; CI must provide it for the browser tests")
    pytest.skip(what)


@dataclass
class Site:
    base: str
    browser: Any
    story_id: str
    ids: dict[str, str]  # seed number ("000") or hostile file name -> article id


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    chromium = shutil.which("chromium")
    if chromium is None:
        _missing("chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    seeds = shared_path("seeds")
    tmp = tmp_path_factory.mktemp("web_browser")
    hostile = tmp / "hostile"
    hostile.mkdir()
    for name, data in HOSTILE_FILES.items():
        (hostile / name).write_bytes(data)
    db = tmp / "site.db"
    config = load_config(use_user_file=False)
    with Store(db) as store:
        summary = jobs.ingest(store, [str(seeds), str(hostile)], config=config, command="test")
        assert not summary.errors, summary.errors
        jobs.analyze(store, config=config)
        ids = {Path(a.path).name.split("_")[0].split(".")[0]: a.id for a in store.articles()}
        assignments = store.story_assignments()
    (story_id,) = {assignments[ids[n]] for n in ("000", "001", "002", "003")}
    ARTIFACTS.mkdir(exist_ok=True)
    with background(create_app(db, config=config)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        try:
            yield Site(base, browser, story_id, ids)
        finally:
            browser.close()


@pytest.fixture
def page(site: Site) -> Iterator[Any]:
    context = site.browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def test_stories_story_and_its_panels(site: Site, page: Any) -> None:
    page.goto(site.base + "/")
    link = page.locator(f'a[href="/story/{site.story_id}"]')
    assert "Lady Gaga" in link.inner_text()
    page.screenshot(path=str(ARTIFACTS / "stories-page.png"), full_page=True)
    link.click()
    page.wait_for_url(f"**/story/{site.story_id}")
    # The four seeds side by side, one column each.
    heads = page.locator("table.sbs thead th a").all_inner_texts()
    assert sorted(h[:3] for h in heads) == ["000", "001", "002", "003"]
    boxes = [page.locator("table.sbs thead th").nth(i).bounding_box() for i in range(4)]
    assert all(b is not None for b in boxes)
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)  # type: ignore[index]
    assert len({round(b["y"]) for b in boxes}) == 1  # type: ignore[index]
    # The release-date discrepancy, with both days.
    disc = page.locator("#discrepancies li").filter(has_text="release date")
    assert disc.is_visible()
    text = disc.inner_text()
    assert "May 26" in text and "May 27" in text
    # Lady Gaga's altered quote, with its word diff.
    quote = page.locator(".qv.altered").filter(has_text="Lady Gaga")
    assert quote.is_visible()
    assert (
        quote.locator(".qdiff del").count() >= 2 and quote.locator(".qdiff ins").first.is_visible()
    )
    # The provenance graph: 003 -> 000, with direction and confidence.
    edge = page.locator("svg.graph g.edge.directed")
    assert edge.count() == 1
    assert edge.get_attribute("data-source") == site.ids["003"]
    assert edge.get_attribute("data-target") == site.ids["000"]
    assert re.match(
        r"003_\w+ → 000_\w+: rewrite .*direction confidence 0\.\d\d",
        edge.locator("title").text_content() or "",
    )
    assert re.search(r"rewrite 0\.\d\d", edge.locator("text").text_content() or "")
    row = page.locator("table.links tbody tr").first.inner_text()
    assert re.search(r"003_\w+\s*→\s*(copied by\s*)?000_\w+", row)
    page.screenshot(path=str(ARTIFACTS / "story-page.png"), full_page=True)
    assert not page.dialogs


def test_search_finds_the_story(site: Site, page: Any) -> None:
    page.goto(site.base + "/")
    page.fill("#site-q", "BloodPop")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/?q=BloodPop")
    assert page.locator(f'a[href="/story/{site.story_id}"]').is_visible()
    assert page.locator("p.snippet mark").first.inner_text() == "BloodPop"


def test_upload_through_the_ingest_page(site: Site, page: Any, tmp_path: Path) -> None:
    upload = tmp_path / "tidepool.txt"
    upload.write_bytes(UPLOAD)
    page.goto(site.base + "/ingest")
    page.set_input_files("#files", str(upload))
    page.select_option("#analyse", "yes")
    page.click("form.upload button[type=submit]")
    page.wait_for_url("**/ingest/jobs/*")
    page.wait_for_selector('[data-done="true"]', timeout=180_000)
    assert page.locator('[data-field="status"]').inner_text() == "Done"
    page.get_by_role("link", name="Tidepool aquarium reopens with a giant octopus").click()
    assert page.locator("h1").inner_text() == "Tidepool aquarium reopens with a giant octopus"
    assert "upload-" in page.locator("dl.meta").inner_text()
    page.goto(site.base + "/?q=Wendell")
    assert page.get_by_role(
        "link", name="Tidepool aquarium reopens with a giant octopus"
    ).is_visible()


def test_hostile_articles_run_and_link_nothing(site: Site, page: Any) -> None:
    urls = [f"/article/{site.ids[name]}" for name in ("crane", "barge", "inquiry")]
    page.goto(site.base + urls[0])
    story = page.locator("dl.meta a[href^='/story/']").get_attribute("href")
    for url in [*urls, story, "/?q=crane", "/?q=Pier+Nine"]:
        page.goto(site.base + url)
        page.wait_for_load_state("load")
        state = page.evaluate(
            """() => ({
                pwned: window.__pwned,
                scripts: [...document.scripts].map(s => s.getAttribute('src')),
                js: document.querySelectorAll(
                    '[href^="javascript:" i], [src^="javascript:" i]').length,
                handlers: [...document.querySelectorAll('*')].filter(
                    el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
                foreign: document.querySelectorAll(
                    'img, iframe, object, embed, svg:not(.graph)').length,
            })"""
        )
        assert state["pwned"] is None, url
        assert all(s.startswith("/static/app.js") for s in state["scripts"]), url
        assert state["js"] == 0 and state["handlers"] == 0 and state["foreign"] == 0, (url, state)
    page.goto(site.base + urls[0])
    assert "<script>window.__pwned = 1</script>" in page.locator("h1").inner_text()
    assert not page.dialogs


def test_reading_without_javascript(site: Site) -> None:
    context = site.browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{site.base}/story/{site.story_id}")
        assert pg.locator("table.sbs thead th").count() == 4
        assert "May 26" in pg.locator("#discrepancies").inner_text()
        pg.click("text=Choose the articles to compare")  # <details> needs no script
        assert pg.locator("label.pick").first.is_visible()
    finally:
        context.close()


def test_phone_width_and_keyboard(site: Site) -> None:
    context = site.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        pg = context.new_page()
        for url in ("/", f"/story/{site.story_id}", f"/article/{site.ids['003']}", "/ingest"):
            pg.goto(site.base + url)
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (url, width)  # nothing wider than the phone but the scrollers
        pg.goto(f"{site.base}/story/{site.story_id}")
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.textContent") == "Skip to content"
        pg.keyboard.press("Enter")
        assert pg.evaluate("document.activeElement.id") == "main"
        pg.keyboard.press("Tab")
        focused = pg.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "/"  # the first link of the page after the skip link's target
    finally:
        context.close()
