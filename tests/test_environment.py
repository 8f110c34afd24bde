"""One lock: requirements.txt pins everything; environment.yml, the Makefile,
CI, Binder and Colab all follow it."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names.
CONDA_TO_PIP = {"matplotlib-base": "matplotlib"}
SHAPES_OUTPUTS = [
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib-inline",
    "scipy",
    "lifelines",
    "ipykernel",
    "ipython",
    "nbval",
    "pytest",
    "nbconvert",
    "nbclient",
    "nbformat",
    "frictionless",
    "jupyterlab",
]


def lock() -> dict[str, str]:
    pins = {}
    for number, line in enumerate((ROOT / "requirements.txt").read_text().splitlines(), 1):
        line = line.split("#")[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([\w.\-+!]+)", line)
        assert match, f"requirements.txt line {number} is not an exact pin: {line!r}"
        pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_lock_pins_everything_that_shapes_outputs():
    pins = lock()
    missing = [p for p in SHAPES_OUTPUTS if p not in pins]
    assert not missing, f"not pinned in requirements.txt: {missing}"


def test_environment_yml_agrees_with_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    pins = lock()
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    python = next(d for d in conda if d.startswith("python="))
    assert python == "python=3.11"
    checked = 0
    for dep in conda:
        name, _, version = dep.partition("=")
        if name in {"python", "pip"}:
            continue
        pip_name = CONDA_TO_PIP.get(name, name)
        assert pip_name in pins, f"environment.yml lists {name}, which the lock does not pin"
        assert version == pins[pip_name], f"{name}: environment.yml {version} vs lock {pins[pip_name]}"
        checked += 1
    listed = {CONDA_TO_PIP.get(d.partition("=")[0], d.partition("=")[0]) for d in conda}
    assert set(SHAPES_OUTPUTS) <= listed, f"add to environment.yml: {set(SHAPES_OUTPUTS) - listed}"
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-r requirements.txt" in pip_section
    assert checked >= len(SHAPES_OUTPUTS)


def test_makefile_ci_and_binder_install_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install" in makefile and "-r requirements.txt" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "pip install" in (ROOT / "postBuild").read_text()


def test_readme_names_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("## ")]
    assert "make lab" in head and "make test" in head


def test_the_website_stack_is_locked_too():
    """Sphinx and friends are in the one lock; MathJax is pinned (with its hash) in site/package-lock.json."""
    import json

    pins = lock()
    site_stack = ("sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme")
    site_stack += ("axe-playwright-python",)
    for name in site_stack:
        assert name in pins, f"{name} is not pinned in requirements.txt"
    package = json.loads((ROOT / "site" / "package.json").read_text())
    locked = json.loads((ROOT / "site" / "package-lock.json").read_text())["packages"]
    wanted = package["dependencies"]["mathjax"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"site/package.json must pin MathJax exactly, not {wanted!r}"
    assert locked["node_modules/mathjax"]["version"] == wanted
    assert locked["node_modules/mathjax"]["integrity"].startswith("sha512-")
    makefile = (ROOT / "Makefile").read_text()
    assert "npm ci --prefix site" in makefile  # installs exactly the lock, never resolves anew
    ci = (ROOT / ".ci" / "run").read_text()
    assert "npm" in ci and "chromium" in ci
