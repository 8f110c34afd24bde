"""Test-session setup shared by every layer.

* Notebooks run under nbval export their figures into a temporary folder
  (never into the repository); tests marked ``after_notebooks`` compare those
  fresh exports with what is committed, so they are moved to the end.
* In CI (``CI=true``) a layer that cannot run fails instead of skipping.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FRESH_FIGURES = Path(tempfile.mkdtemp(prefix="seedsoil-figures-"))


def pytest_configure(config):
    # Set before nbval starts any kernel: kernels inherit the environment.
    os.environ["SEEDSOIL_FIGURES_DIR"] = str(FRESH_FIGURES)
    config.addinivalue_line("markers", "after_notebooks: needs the notebooks executed first")


def pytest_collection_modifyitems(config, items):
    late = [i for i in items if i.get_closest_marker("after_notebooks")]
    items[:] = [i for i in items if i not in late] + late


def pytest_unconfigure(config):
    shutil.rmtree(FRESH_FIGURES, ignore_errors=True)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str):
    """Skip with a visible reason locally; in CI a missing layer is a failure."""
    if in_ci():
        pytest.fail(f"{reason} (CI must run every layer)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def fresh_figures() -> Path:
    return FRESH_FIGURES


@pytest.fixture(scope="session")
def notebooks_executed(request) -> set[str]:
    """Names of notebooks that nbval ran in this session, before this test."""
    return {
        Path(item.nodeid.split("::")[0]).name
        for item in request.session.items
        if item.nodeid.startswith("notebooks/") and ".ipynb::" in item.nodeid
    }
