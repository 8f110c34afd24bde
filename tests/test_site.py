"""The course website (`make site`): built offline, navigable, accessible, with every link resolving.

The site is built once into a temporary folder (tools/build_site.py, the same
code `make site` runs) and then checked as a reader would meet it: pages served
on 127.0.0.1 and opened in Debian's headless Chromium, every request to
anywhere else blocked and recorded, axe-core run on every page, search used.
A second build from a copy whose one repository setting names a fork proves
that every launch link follows that setting.
"""

import functools
import http.server
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import threading
from html import unescape
from pathlib import Path

import pytest
from conftest import skip_or_fail
from notebook_tools import images, markdown_text, read

from seedsoil.course import LESSONS, repository

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
MATHJAX = ROOT / "site" / "node_modules" / "mathjax" / "es5" / "tex-mml-chtml.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
WRITTEN = [lesson for lesson in LESSONS if lesson.available]
REFERENCE_PAGES = ["glossary", "data_sources", "instructor_guide"]
PAGES = ["index", *(lesson.stem for lesson in WRITTEN), *REFERENCE_PAGES, "search", "genindex"]
LAUNCH_HOSTS = ("mybinder.org", "colab.research.google.com", "nbviewer.org", "github.com")


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _needs_mathjax():
    if not MATHJAX.is_file():
        skip_or_fail("MathJax is not installed in site/node_modules; `make site` or `make test` installs it with npm")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    _needs_mathjax()
    out = tmp_path_factory.mktemp("site") / "site"
    build_site = _tool("build_site")
    build_site.build(out, out.with_name("site-src"))
    return out


def _html(site: Path, name: str) -> str:
    return (site / f"{name}.html").read_text(encoding="utf-8")


def _hrefs(html: str) -> list[str]:
    return re.findall(r'<a\b[^>]*\bhref="([^"]+)"', html)


# --- what the build makes ----------------------------------------------------------------


def test_every_page_is_built_and_no_notebook_is_run(site):
    for name in PAGES:
        assert (site / f"{name}.html").is_file(), f"{name}.html missing"
    conf = (ROOT / "site" / "conf.py").read_text(encoding="utf-8")
    assert re.search(r'^nb_execution_mode = "off"$', conf, re.M)
    # The lessons' stored outputs are on the page: a figure of every written lesson that has one.
    for lesson in WRITTEN:
        stored = list(images(read(lesson.path)))
        assert _html(site, lesson.stem).count('src="_images/') == len(stored), lesson.stem


def test_scripts_styles_and_mathjax_come_from_the_site_itself(site):
    for name in PAGES:
        html = _html(site, name)
        used = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html) + re.findall(
            r'<link\b[^>]*\brel="(?:stylesheet|preload|icon|modulepreload)"[^>]*\bhref="([^"]+)"', html
        )
        outside = [url for url in used if re.match(r"(https?:)?//", url)]
        assert not outside, f"{name}.html loads {outside[:3]}"
    lesson = _html(site, WRITTEN[3].stem)  # lesson 03 has display equations
    assert 'src="_static/mathjax/tex-mml-chtml.js' in lesson
    assert (site / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()


def test_navigation_lists_the_lessons_in_course_order_then_the_reference_pages(site):
    html = _html(site, "index")
    nav = html[html.index('class="bd-links bd-docs-nav"') :]
    nav = nav[: nav.index("</nav>")]
    order = [href.removesuffix(".html") for href in _hrefs(nav) if not href.startswith(("#", "http"))]
    order = [name for name in order if name != "index"]
    assert order == [lesson.stem for lesson in WRITTEN] + REFERENCE_PAGES


def test_home_page_maps_the_course_and_marks_lessons_to_come(site):
    html = _html(site, "index")
    text = unescape(html).replace("\u2018", "'").replace("\u2019", "'")  # typeset as curly quotes
    for lesson in LESSONS:
        assert lesson.question in text, lesson.number
        if lesson.available:
            assert f'href="{lesson.stem}.html"' in html
        else:
            assert f'href="{lesson.stem}.html"' not in html


def test_figures_keep_the_alt_text_stored_in_the_notebook(site):
    for lesson in WRITTEN:
        html = _html(site, lesson.stem)
        shown = [unescape(alt) for alt in re.findall(r'<img\b[^>]*\balt="([^"]*)"[^>]*\bsrc="_images/', html)]
        stored = [meta.get("alt", "") for _png, meta in images(read(lesson.path))]
        assert shown == stored, f"{lesson.stem}: alt text on the site differs from the notebook's"
        assert all(alt and not alt.endswith(".png") for alt in shown)


def test_glossary_terms_stay_links_to_their_entries(site):
    glossary = _html(site, "glossary")
    for path in [lesson.path for lesson in WRITTEN] + [ROOT / "notebooks" / "instructor_guide.ipynb"]:
        terms = set()
        for text in markdown_text(read(path)):
            terms |= set(re.findall(r"\]\(glossary\.ipynb#([a-z0-9-]+)\)", text))
        html = _html(site, path.stem)
        for term in sorted(terms):
            assert f'href="glossary.html#{term}"' in html, f"{path.stem}: link to glossary term {term!r} lost"
            assert f'id="{term}"' in glossary, f"glossary has no entry {term!r}"


def test_data_sources_page_lists_every_table_and_every_reference(site):
    import csv

    html = _html(site, "data_sources")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if (ROOT / "data" / resource["path"]).is_file():
            assert f'<code class="docutils literal notranslate"><span class="pre">{resource["name"]}' in html
            assert f'href="data/{resource["path"]}"' in html and (site / "data" / resource["path"]).is_file()
    with (ROOT / "data" / "references.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert f'id="ref-{row["key"].replace("_", "-")}"' in html, row["key"]
            if row["doi"]:
                assert f"https://doi.org/{row['doi']}" in html
    assert "Retracted" in html


def test_instructor_guide_is_a_page_with_its_contents_links(site):
    html = _html(site, "instructor_guide")
    assert "Instructor guide" in html and 'href="#before-the-day-a-setup-checklist"' in html


def test_every_internal_link_and_anchor_resolves(site):
    problems = _tool("check_external_links").internal_problems(site)
    assert not problems, "\n".join(problems[:20])


def test_the_link_checker_finds_a_broken_anchor_and_a_missing_page(site, tmp_path):
    broken = tmp_path / "site"
    shutil.copytree(site, broken, ignore=shutil.ignore_patterns("_static", "_images", "notebooks", "data"))
    page = broken / f"{WRITTEN[1].stem}.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace('href="glossary.html#', 'href="glossary.html#no-such-', 1).replace(
        'href="data_sources.html"', 'href="data_sourcez.html"', 1
    )
    page.write_text(html, encoding="utf-8")
    problems = [p for p in _tool("check_external_links").internal_problems(broken) if p.startswith(page.name)]
    assert any("no-such-" in p and "no anchor" in p for p in problems), problems
    assert any("data_sourcez.html" in p and "no file" in p for p in problems), problems


def _launch_links(html: str) -> list[str]:
    """The site's own launch links on a lesson page: the theme's header buttons and the launch bar.

    (A lesson's text may hold more links, such as lesson 00's course map; those
    are made by tools/update_readme.py and sync_setup_cells.py when a fork runs them.)
    """
    header = html[html.index('class="article-header-buttons"') :]
    header = header[: header.index('class="bd-article"') if 'class="bd-article"' in header else 20000]
    bar = html[html.index("<strong>Run this lesson:</strong>") :]
    bar = bar[: bar.index("</p>")]
    return [u for u in _hrefs(header) + _hrefs(bar) if any(h in u for h in LAUNCH_HOSTS)]


def test_launch_links_follow_the_one_repository_setting(site, tmp_path):
    """A fork changes [tool.seedsoil] in pyproject.toml, and every launch link on the site follows."""
    _needs_mathjax()
    fork = tmp_path / "fork"
    for name in ("notebooks", "data", "src", "tools"):
        shutil.copytree(ROOT / name, fork / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "site", fork / "site", ignore=shutil.ignore_patterns("node_modules"))
    (fork / "site" / "node_modules").symlink_to(ROOT / "site" / "node_modules")
    original, branch = repository()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    changed = pyproject.replace(f'repository = "{original}"', 'repository = "https://github.com/a-teacher/bone-course"')
    changed = changed.replace(f'branch = "{branch}"', 'branch = "spring-term"')
    assert changed.count("a-teacher/bone-course") == 1 and "spring-term" in changed
    (fork / "pyproject.toml").write_text(changed, encoding="utf-8")
    out = tmp_path / "fork-site"
    result = subprocess.run(
        [sys.executable, str(fork / "tools" / "build_site.py"), "--out", str(out)],
        cwd=fork,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

    old = original.removeprefix("https://github.com/")
    for lesson in WRITTEN:
        for built, owner, br in ((site, old, branch), (out, "a-teacher/bone-course", "spring-term")):
            links = _launch_links(_html(built, lesson.stem))
            kinds = {host for host in LAUNCH_HOSTS for u in links if host in u}
            assert kinds == set(LAUNCH_HOSTS), f"{lesson.stem}: launch links {kinds}"
            for url in links:
                assert owner in url, f"{lesson.stem}: {url} does not follow the setting"
                # every link but the theme's repository button names the branch too
                assert br in url or url.rstrip("/").endswith(owner), f"{lesson.stem}: {url} misses the branch"
    for name in ("index", "data_sources"):
        assert old not in _html(out, name)


# --- in a browser ------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        skip_or_fail("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Python package playwright is missing; run `make setup`")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def _open(browser, url: str, base: str):
    """A page at ``url`` whose requests outside ``base`` are blocked and recorded."""
    outside: list[str] = []

    def route(request_route):
        requested = request_route.request.url
        if requested.startswith((base, "data:", "blob:")):
            return request_route.continue_()
        outside.append(requested)
        return request_route.abort()

    page = browser.new_page()
    page.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load")
    return page, outside, errors


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_and_axe_finds_no_serious_violation(browser, served, site, name):
    from axe_playwright_python.sync_playwright import Axe

    page, outside, errors = _open(browser, f"{served}{name}.html", served)
    try:
        has_math = 'class="math notranslate nohighlight"' in _html(site, name)
        if has_math:  # MathJax, loaded from the site, typesets every equation without an error
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000)
            page.evaluate("() => MathJax.startup.promise")
            assert page.locator("mjx-container").count() > 0
            assert page.locator("mjx-merror").count() == 0, "MathJax shows an error box"
        results = Axe().run(page).response
    finally:
        page.close()
    assert not outside, f"{name}.html fetched from outside: {outside[:5]}"
    assert not errors, f"{name}.html raised script errors: {errors[:3]}"
    assert results.get("passes"), "axe-core did not run"
    bad = [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — e.g. {v['nodes'][0]['target']}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"} or v["id"] == "region"  # region: content outside landmarks
    ]
    assert not bad, f"{name}.html:\n" + "\n".join(bad)


def test_search_works_in_the_browser(browser, served):
    page, outside, errors = _open(browser, f"{served}search.html?q=osteoclast", served)
    try:
        page.wait_for_selector("#search-results li a", timeout=20000)
        found = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.getAttribute('href'))")
    finally:
        page.close()
    assert not outside and not errors
    assert any(href.startswith("glossary.html") for href in found), found
    assert any(href.startswith(WRITTEN[3].stem) for href in found), found


# --- make test-latest's comparison -------------------------------------------------------------


def test_latest_run_compares_outputs_fairly():
    """Split stream pieces and stderr are no change; a change seen under the lock too is not the upgrade's."""
    latest = _tool("test_latest")
    stored = [{"output_type": "stream", "name": "stdout", "text": "a\nb\n"}]
    fresh = [
        {"output_type": "stream", "name": "stdout", "text": "a\n"},
        {"output_type": "stream", "name": "stderr", "text": "DeprecationWarning: x\n"},
        {"output_type": "stream", "name": "stdout", "text": "b\n"},
    ]
    assert [latest._text(o) for o in latest._visible(stored)] == [latest._text(o) for o in latest._visible(fresh)]
    assert latest._text({"output_type": "execute_result", "data": {"text/plain": "<x at 0x7f00deadbeef>"}}) == (
        "<x at 0xADDRESS>"
    )
    change = {"cell": 3, "diff": ["-1", "+2"]}
    result = {"notebook": "99_x.ipynb", "changed": [change], "images": 0, "warnings": [], "errors": []}
    only_upgrade = latest.report(Path(sys.executable), [json.loads(json.dumps(result))], {"99_x.ipynb": {}})
    assert "1 cell(s) changed by the upgrade" in only_upgrade
    both = latest.report(Path(sys.executable), [json.loads(json.dumps(result))], {"99_x.ipynb": result})
    assert "0 cell(s) changed by the upgrade" in both and "*(also under the lock)*" in both
