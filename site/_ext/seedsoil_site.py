r"""Sphinx extension for the Seed & Soil site.

* A figure's alt text on the site is the one stored in the notebook
  (``outputs[].metadata["image/png"]["alt"]``, written by ``seedsoil.plotting.show``);
  myst-nb 1.4 reads only width and height from there.
* Anchors written as raw HTML (the glossary's ``<a id="metastasis"></a>``)
  are registered as targets of their page, so that MyST resolves
  ``[metastasis](glossary.ipynb#metastasis)`` without a warning; the build runs
  with warnings as errors, so a link to a missing term fails it.
* A display equation with ``\tag{n}`` is passed to MathJax as written:
  Sphinx wraps a multi-line equation in ``split``, where MathJax refuses a tag
  (lesson 03's equation 7 showed an error box instead of the matrix).
* The original notebooks and data files are served beside the pages
  (``notebooks/*.ipynb``, ``data/*.csv``) for the download links.
* The theme's left sidebar becomes a labelled region, so the course title and
  search button at its top sit inside a landmark (axe-core's "region" rule:
  screen-reader users jump between landmarks, and content outside them is skipped).
"""

import re
from pathlib import Path

from docutils import nodes
from myst_nb.core.render import NbElementRenderer

_render_image = NbElementRenderer.render_image


def _render_image_with_alt(self, data):
    nodes = _render_image(self, data)
    alt = data.output_metadata.get(data.mime_type, {}).get("alt")
    if alt:
        for node in nodes:
            node["alt"] = str(alt)
    return nodes


_HTML_ID = re.compile(r"""\bid=["']([^"']+)["']""")


def _register_raw_ids(app, doctree):
    docname = app.env.docname
    labels = app.env.domaindata["std"]["anonlabels"]
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split():
            for anchor in _HTML_ID.findall(raw.astext()):
                # Keyed by page, so the same id on two pages never collides.
                labels[f"{docname}#{anchor}"] = (docname, anchor)


def _keep_tagged_equations(app, doctree):
    for block in doctree.findall(nodes.math_block):
        latex = block.astext()
        if "\\tag" in latex and not block.get("nowrap"):
            block.children = [nodes.Text(f"\\[{latex}\\]")]
            block["nowrap"] = True


def _paths(app, config):
    """The source folder's _extra (downloads) and _mathjax (MathJax) join the site."""
    extra, mathjax = Path(app.srcdir) / "_extra", Path(app.srcdir) / "_mathjax"
    if extra.is_dir():
        config.html_extra_path = [str(extra)]
    if mathjax.is_dir():
        config.html_static_path = [*config.html_static_path, str(mathjax)]


_SIDEBAR = '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'
_SIDEBAR_REGION = _SIDEBAR[:-1] + ' role="region" aria-label="Course contents">'


def _label_sidebar(app, exception):
    """Give every page's primary sidebar a landmark role and name (after the build, on the HTML)."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if _SIDEBAR in html:
            page.write_text(html.replace(_SIDEBAR, _SIDEBAR_REGION), encoding="utf-8")


def setup(app):
    NbElementRenderer.render_image = _render_image_with_alt
    app.connect("config-inited", _paths)
    app.connect("doctree-read", _register_raw_ids)
    app.connect("doctree-read", _keep_tagged_equations)
    app.connect("build-finished", _label_sidebar)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
