"""The course's chart conventions: one style, alt text on every figure, reproducible export.

Computing and drawing are separate: models return arrays or tables, the
``plot_*`` helpers in the lesson modules draw on an ``ax`` they are given, and
:func:`show` is the one way a lesson puts a figure on the page.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> use_style()
>>> OKABE_ITO["blue"]
'#0072B2'
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "DPI",
    "OKABE_ITO",
    "STYLE",
    "add_source",
    "figure_png",
    "label_simulated",
    "show",
    "use_style",
]

STYLE = Path(__file__).with_name("seedsoil.mplstyle")
DPI = 100  # fixed so stored PNGs stay small and re-render to the same bytes
FIGURES_ENV = "SEEDSOIL_FIGURES_DIR"  # where show() exports PNGs, when set
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
# PNG text chunks that would otherwise vary with the matplotlib build.
_PNG_METADATA = {"Software": None}


def use_style() -> None:
    """Apply the course style to every figure made after this call."""
    plt.style.use(STYLE)


def _check_figure(fig, function: str) -> None:
    if not isinstance(fig, Figure):
        hint = " Pass the figure (fig), not the axes (ax)." if hasattr(fig, "figure") else ""
        raise TypeError(f"{function}() needs a matplotlib Figure; got {type(fig).__name__}.{hint}")


def add_source(fig: Figure, text: str) -> None:
    """Write a source line under the figure, e.g. ``"Source: SEER (secondary)"``."""
    _check_figure(fig, "add_source")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("add_source() needs the source text, e.g. 'Source: EBCTCG 2015 (primary)'.")
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize=9, color="#444444")


_CORNERS = {
    "upper right": (0.99, 0.98, "right", "top"),
    "upper left": (0.01, 0.98, "left", "top"),
    "lower right": (0.99, 0.02, "right", "bottom"),
    "lower left": (0.01, 0.02, "left", "bottom"),
}


def label_simulated(ax, text: str = "SIMULATED DATA", *, loc: str = "upper right") -> None:
    """Stamp simulated or illustrative data as such, inside the axes.

    ``text`` is the stamp (it must say what is simulated); ``loc`` picks the
    corner ("upper right", "upper left", "lower right", "lower left") so the
    stamp need not cover a curve: ``label_simulated(ax, loc="upper left")``.

    Raises
    ------
    TypeError
        If ``ax`` is not a matplotlib Axes (e.g. the Figure) or ``text`` not text.
    ValueError
        If ``text`` is empty or a corner name (pass that as ``loc=``), or
        ``loc`` is not a corner.
    """
    if not isinstance(ax, Axes):
        hint = " Pass the axes (ax), not the figure (fig)." if isinstance(ax, Figure) else ""
        raise TypeError(f"label_simulated() needs a matplotlib Axes; got {type(ax).__name__}.{hint}")
    if not isinstance(text, str):
        raise TypeError(f"label_simulated(text=...) must be the stamp's text, e.g. 'SIMULATED DATA'; got {text!r}.")
    if not text.strip():
        raise ValueError("label_simulated(text=...) is empty; the stamp must say the data are simulated.")
    if text.strip().lower() in _CORNERS:
        raise ValueError(
            f"label_simulated(ax, {text!r}) would stamp the words {text!r} instead of the warning: the second "
            f"argument is the text. Pick the corner with loc=, e.g. label_simulated(ax, loc={text.strip().lower()!r})."
        )
    if not isinstance(loc, str) or loc not in _CORNERS:
        raise ValueError(f"label_simulated(loc={loc!r}): choose one of {sorted(_CORNERS)}.")
    x, y, ha, va = _CORNERS[loc]
    ax.text(
        x,
        y,
        text,
        transform=ax.transAxes,
        ha=ha,
        va=va,
        fontsize=10,
        fontweight="bold",
        color="#D55E00",
        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#D55E00"},
    )


def figure_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes at the course's fixed dpi (same bytes each run)."""
    from io import BytesIO

    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata=_PNG_METADATA)
    return buffer.getvalue()


def _check_alt(alt: str) -> str:
    if not isinstance(alt, str) or len(alt.strip()) < 20 or len(alt.split()) < 4:
        raise ValueError(
            "show(alt=...) needs alt text of at least 20 characters that says what "
            "the figure shows (e.g. 'Survival falls from 99% when localised to 32% "
            f"when distant'), not what it is. Got: {alt!r}."
        )
    return alt.strip()


def _check_name(name: str | None) -> str | None:
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(
            f"show(name=...) must be a short file stem (text) such as '01_survival_by_stage'; "
            f"got {type(name).__name__} {name!r}."
        )
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,79}", name):
        raise ValueError(
            f"show(name=...) must be a short file stem of lower-case letters, digits, "
            f"'_' or '-', such as '01_survival_by_stage'; got {name!r}."
        )
    return name


def _check_folder(folder: str | Path) -> None:
    if Path(folder).exists() and not Path(folder).is_dir():
        raise NotADirectoryError(
            f"The figure export folder {folder} (from {FIGURES_ENV}) is a file, not a folder; "
            f"set {FIGURES_ENV} to a folder for the exported PNGs, or unset it."
        )


def export(png: bytes, name: str, folder: str | Path) -> Path:
    """Write ``<folder>/<name>.png`` unless it already holds exactly these bytes."""
    _check_folder(folder)
    path = Path(folder) / f"{name}.png"
    if not (path.is_file() and path.read_bytes() == png):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    return path


def show(fig: Figure, alt: str, *, name: str | None = None, caption: str | None = None):
    """Display a figure with alt text stored in the notebook, then close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The finished figure.
    alt : str
        What the figure shows, for readers who cannot see it. Stored in the
        output's metadata, where nbviewer and nbconvert read it.
    name : str, optional
        File stem for export (``figures/<name>.png``). Export happens only when
        the environment variable ``SEEDSOIL_FIGURES_DIR`` names a folder
        (``make figures`` and the test suite set it), so running a lesson never
        overwrites files in the repository.
    caption : str, optional
        Markdown shown under the figure ("Figure 1 - what to see. Source: ...").

    Notes
    -----
    Call ``show`` in the cell that creates the figure: a figure left open at
    the end of a cell is also drawn by Jupyter's inline backend, without alt
    text (the hygiene tests catch that).
    """
    from IPython.display import Markdown, display

    _check_figure(fig, "show")
    alt = _check_alt(alt)
    name = _check_name(name)
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"show(caption=...) must be Markdown text or None; got {type(caption).__name__} {caption!r}.")
    folder = os.environ.get(FIGURES_ENV) if name else None
    if folder:
        _check_folder(folder)
    png = figure_png(fig)
    plt.close(fig)
    metadata = {"image/png": {"alt": alt}}
    if name:
        metadata["image/png"]["filename"] = f"{name}.png"
        if folder:
            export(png, name, folder)
    bundle = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"[Figure: {alt}]"}
    display(bundle, raw=True, metadata=metadata)
    if caption:
        display(Markdown(caption))
