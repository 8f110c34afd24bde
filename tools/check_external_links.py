"""Check the built site's links: internal ones offline, external ones where a network exists.

    python tools/check_external_links.py            # external links of build/site/ (`make check-links`)
    python tools/check_external_links.py --internal # only files and anchors inside the site (offline)

Internal links (pages, anchors, images, scripts, styles, downloads) are
checked by the test suite through ``internal_problems``: every relative URL in
every page must name a file of the site and, for a page, an id in it.

External links (DOIs, publishers, Binder, Colab, GitHub) need the network, so
they are checked by this separate command, before each term and after
changing references.csv or the repository setting. A site that refuses robots
(401, 403, 429) is listed as "check by hand", not as broken.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src", "source": "src"}
REFUSES_ROBOTS = {401, 403, 405, 406, 429, 999}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.ids.add(attributes[name])
        url = attributes.get(LINK_ATTRIBUTES.get(tag, ""))
        if url and not (tag == "link" and attributes.get("rel") in {"preconnect", "dns-prefetch"}):
            self.links.append(url)


def read_site(site: Path) -> dict[Path, _Page]:
    """Every HTML page of the site, parsed: its ids and the URLs it uses.

    Files under _static/ are assets, not pages (the theme ships a Jinja macro
    file there with an .html name).
    """
    pages = {}
    for path in sorted(site.rglob("*.html")):
        if "_static" in path.relative_to(site).parts:
            continue
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    return pages


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in {"http", "https"}


def internal_problems(site: Path) -> list[str]:
    """Relative links of the site whose file or anchor does not exist."""
    site = site.resolve()
    pages = read_site(site)
    problems = []
    for path, page in pages.items():
        for url in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                if parts.scheme not in {"http", "https", "mailto", "data", "javascript"}:
                    problems.append(f"{path.relative_to(site)}: unexpected link {url!r}")
                continue
            target_path, fragment = urldefrag(url.split("?")[0])[0], urldefrag(url)[1]
            target = (path.parent / unquote(target_path)).resolve() if target_path else path
            if target.is_dir():
                target = target / "index.html"
            if site not in target.parents and target != site:
                problems.append(f"{path.relative_to(site)}: {url!r} leaves the site")
            elif not target.is_file():
                problems.append(f"{path.relative_to(site)}: {url!r} names no file")
            elif fragment and target in pages and unquote(fragment) not in pages[target].ids:
                problems.append(f"{path.relative_to(site)}: {url!r} names no anchor in {target.name}")
    return problems


def external_links(site: Path) -> dict[str, list[str]]:
    """External URL -> the pages that use it."""
    found: dict[str, list[str]] = {}
    for path, page in read_site(site.resolve()).items():
        for url in page.links:
            if is_external(url):
                found.setdefault(url, []).append(path.name)
    return found


def check_url(url: str, timeout: float = 20) -> tuple[str, str]:
    """('ok' | 'by hand' | 'broken', detail) for one external URL."""
    import requests

    headers = {"User-Agent": "Seed-and-Soil link check (course website maintenance)"}
    try:
        response = requests.head(url, allow_redirects=True, timeout=timeout, headers=headers)
        if response.status_code >= 400:  # many servers answer HEAD badly; ask properly
            response = requests.get(url, allow_redirects=True, timeout=timeout, headers=headers, stream=True)
            response.close()
    except requests.RequestException as error:
        return "broken", type(error).__name__
    if response.status_code < 400:
        return "ok", str(response.status_code)
    if response.status_code in REFUSES_ROBOTS:
        return "by hand", f"HTTP {response.status_code} (refuses robots)"
    return "broken", f"HTTP {response.status_code}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--internal", action="store_true", help="check only links inside the site (offline)")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"No site in {args.site}: run `make site` first.")
    problems = internal_problems(args.site)
    for problem in problems:
        print("internal:", problem)
    print(f"internal links: {len(problems)} problem(s)")
    if args.internal:
        sys.exit(1 if problems else 0)
    links = external_links(args.site)
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = dict(zip(links, pool.map(lambda url: check_url(url, args.timeout), links), strict=True))
    for verdict in ("broken", "by hand"):
        for url, (result, detail) in sorted(results.items()):
            if result == verdict:
                print(f"{verdict:8} {detail:32} {url}  (on {', '.join(sorted(set(links[url]))[:3])})")
    counts = {v: sum(1 for r, _ in results.values() if r == v) for v in ("ok", "by hand", "broken")}
    print(
        f"external links: {len(results)} checked, {counts['ok']} ok, {counts['by hand']} to check by hand, "
        f"{counts['broken']} broken"
    )
    if results and counts["ok"] == 0 and all(d.endswith("Error") for r, d in results.values() if r == "broken"):
        raise SystemExit("No external link could be reached at all: is there a network here? (nothing was judged)")
    sys.exit(1 if problems or counts["broken"] else 0)


if __name__ == "__main__":
    main()
