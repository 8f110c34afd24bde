"""Rendering: each notebook as nbviewer shows it, opened in a real headless browser.

nbviewer renders with nbconvert's classic HTML template, which also carries an
image's alt text from the output metadata. We open that page in Debian's
Chromium (driven by Playwright, which never downloads a browser here) and check
that every stored figure decodes, has a size on the page and keeps its alt
text, and that the page fetches nothing from outside except the scripts
nbviewer's template itself loads (jQuery, require.js, MathJax, mermaid from cdnjs) —
those are blocked here and recorded, since the test machine is offline.
"""

import os
import re
import shutil

import pytest
from conftest import skip_or_fail
from nbconvert import HTMLExporter
from notebook_tools import NOTEBOOKS, images, read

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TEMPLATE_SCRIPTS = re.compile(r"^https://cdnjs\.cloudflare\.com/ajax/libs/(jquery|require\.js|mathjax|mermaid)/")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM:
        skip_or_fail("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Python package playwright is missing; run `make setup`")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS, env={**os.environ, "HOME": str(profile)}
        )
        yield context
        context.close()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_page_shows_every_figure_and_fetches_nothing_else(browser, path, tmp_path):
    html, _ = HTMLExporter(template_name="classic").from_notebook_node(__import__("nbformat").read(path, as_version=4))
    page_file = tmp_path / f"{path.stem}.html"
    page_file.write_text(html, encoding="utf-8")

    outside, template = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file://", "data:")):
            return request_route.continue_()
        (template if TEMPLATE_SCRIPTS.match(url) else outside).append(url)
        return request_route.abort()

    page = browser.new_page()
    try:
        page.route("**/*", route)
        page.goto(page_file.as_uri(), wait_until="load")
        found = page.evaluate(
            """() => Array.from(document.querySelectorAll('img')).map(img => ({
                   decoded: img.complete && img.naturalWidth > 0,
                   width: img.getBoundingClientRect().width,
                   height: img.getBoundingClientRect().height,
                   alt: img.getAttribute('alt') || ''}))"""
        )
    finally:
        page.close()

    expected = [meta.get("alt", "") for _png, meta in images(read(path))]
    assert len(found) == len(expected), f"{len(expected)} figures stored, {len(found)} on the page"
    for image, alt in zip(found, expected, strict=True):
        assert image["decoded"], f"figure did not decode: {alt[:60]}"
        assert image["width"] > 100 and image["height"] > 100, f"figure too small on the page: {image}"
        assert image["alt"] == alt and "No description" not in image["alt"]
    assert not outside, f"the page fetches from outside: {outside[:5]}"
