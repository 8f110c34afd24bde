"""Sphinx settings for the course website (built by tools/build_site.py, `make site`).

Offline by design: notebooks are not executed (their stored outputs are shown),
MathJax comes from site/node_modules (copied into _static by build_site.py),
and the theme and search ship inside their Python packages.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from seedsoil.course import repository  # noqa: E402

REPOSITORY, BRANCH = repository()

project = "Seed & Soil"
author = "The Seed & Soil authors"
copyright = "the Seed & Soil authors; text, figures and data CC BY 4.0, code MIT"
language = "en"

extensions = ["myst_nb", "seedsoil_site"]
exclude_patterns = ["_extra", "_mathjax", "**.ipynb_checkpoints", "jupyter_execute"]
master_doc = "index"

# Show what is stored; never run a kernel.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "html_image"]
# The instructor guide's contents list links its headings by their slugs.
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]

# MathJax from the site itself (copied by build_site.py), never a CDN.
mathjax_path = "mathjax/tex-mml-chtml.js"

html_theme = "sphinx_book_theme"
html_title = "Seed & Soil"
html_static_path = ["_static"]  # seedsoil_site adds the source folder's _mathjax/ and _extra/
html_css_files = ["seedsoil.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    # The one repository setting ([tool.seedsoil] in pyproject.toml) drives every launch link.
    "repository_url": REPOSITORY,
    "repository_branch": BRANCH,
    "path_to_docs": "notebooks",
    "use_repository_button": True,
    "use_download_button": False,
    "use_edit_page_button": False,
    "use_source_button": False,
    "use_issues_button": False,
    "launch_buttons": {
        "binderhub_url": "https://mybinder.org",
        "colab_url": "https://colab.research.google.com",
        "notebook_interface": "jupyterlab",
    },
    "show_toc_level": 2,
    "home_page_in_toc": True,
}
