"""The course's chart conventions: one style, named series, drawing helpers, alt text, export.

A lesson's figure is three short cells: *compute* (a model returns arrays or
tables), *draw* (one ``plot_*`` call per panel, then a title), *show*
(:func:`show` with alt text and a caption built from the values)::

    run = bone.simulate(params, start, 400)
    fig, ax = plt.subplots()
    plot_bone_run(ax, run, series="tumour", label="tumour (Ayati 2010)")
    show(fig, alt=f"Bone mass falls to {run['bone_mass'].iloc[-1]:.0f}% ...", caption="**Figure 3** ...")

Every ``plot_*(ax, ...)`` draws on the axes it is given and returns them; none
computes a model and none calls ``plt.show()``. Each recurring series (a
scenario, an arm of a trial, a cell type, a stage) has one look in
:data:`SERIES`, so a curve looks the same in every lesson; :func:`style_of`
gives it as keyword arguments for matplotlib.

Helpers
-------
plot_bone_run          one column of one bone-model run against days
plot_cell_traces       osteoclasts and osteoblasts of one run (cells or % of rest)
mark_day, shade_days   a day (cells arrive, a drug starts) or a period (LOX secreted)
plot_survival_curves   Kaplan–Meier step curves with their bands, several groups
add_at_risk            the number still at risk, written under a survival plot
plot_survival_lines    survival against time as lines (observed, expected, relative)
plot_forest            ratios with 95% CIs on a log axis, any number of rows and groups
plot_funnel            the metastatic cascade's funnel from ``cascade.funnel_summary``

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> use_style()
>>> OKABE_ITO["blue"]
'#0072B2'
>>> style_of("LOX, no drug")
{'color': '#D55E00', 'linestyle': '--', 'marker': 'none'}
"""

from __future__ import annotations

import base64
import math
import os
import re
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from seedsoil._validation import number as _number
from seedsoil._validation import numbers as _numbers
from seedsoil._validation import probability as _probability
from seedsoil._validation import require as _require
from seedsoil._validation import table as _table

__all__ = [
    "DPI",
    "OKABE_ITO",
    "SERIES",
    "STYLE",
    "add_at_risk",
    "add_source",
    "export",
    "figure_png",
    "label_simulated",
    "mark_day",
    "plot_bone_run",
    "plot_cell_traces",
    "plot_forest",
    "plot_funnel",
    "plot_incidence_curves",
    "plot_noninferiority",
    "plot_paired_bars",
    "plot_survival_curves",
    "plot_survival_lines",
    "plot_timeline",
    "shade_days",
    "show",
    "style_of",
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


def _look(colour: str, linestyle: str, marker: str, hatch: str = "") -> Mapping[str, str]:
    """A read-only look, so that changing one series cannot restyle the others that share it."""
    return MappingProxyType({"color": OKABE_ITO[colour], "linestyle": linestyle, "marker": marker, "hatch": hatch})


# One look per *arm*: names that are the same arm share it, so a curve keeps its
# look from lesson to lesson (the untreated tumour run of lesson 03 is the
# "no drug" run of lesson 05; the LOX run of lesson 04 is "LOX, no drug" in 05).
_DISEASE = _look("vermillion", "--", "s")  # the disease left alone
_TREATED = _look("blue", "-", "D")  # treated from the start
_LATE = _look("purple", "-.", "v")  # treated, but late
_REFERENCE = _look("black", ":", "x")  # nothing happening: no disease, or the resting level

SERIES: dict[str, Mapping[str, str]] = {
    # bone-model scenarios (lessons 03-05)
    "reference": _REFERENCE,
    "tumour": _DISEASE,
    "no drug": _DISEASE,
    "LOX, no drug": _DISEASE,
    "drug": _TREATED,
    "bisphosphonate": _TREATED,
    "LOX + drug": _TREATED,
    "late drug": _LATE,
    "LOX + late drug": _LATE,
    # what one run holds (lesson 03, 04)
    "osteoclasts": _look("orange", "--", "v"),
    "osteoblasts": _look("green", "-.", "^"),
    "bone mass": _look("blue", "-", "o"),
    # arms and groups of a trial or a cohort (lessons 05, 07)
    "treated": _TREATED,
    "untreated": _DISEASE,
    "control": _DISEASE,
    "lower risk": _TREATED,
    "higher risk": _DISEASE,
    "all women": _look("blue", "-", "o"),
    "postmenopausal women": _look("vermillion", "--", "s"),
    "premenopausal women": _look("green", "-.", "^"),
    # model against data (lessons 02, 06)
    "simulated": _look("blue", "-", "o"),
    "expected": _look("vermillion", "--", "X"),
    "observed": _look("black", "-", "s"),
    "relative": _look("green", "-.", "^"),
    # stage at diagnosis (lessons 00, 01, 06), as the data spell them
    "localized": _look("blue", "-", "o"),
    "regional": _look("orange", "--", "s", "//"),
    "distant": _look("vermillion", "-.", "D", "xx"),
    "all stages": _look("black", ":", "^", ".."),
}
"""The look of each recurring series: colour (Okabe–Ito), line style, marker, bar hatch.

Colour is never the only cue: series drawn together differ in line style and
marker too. Look a name up with :func:`style_of` (case does not matter).
"""

# For groups that are not in SERIES: the order of the course style's cycle.
_FALLBACK = [
    _look("blue", "-", "o"),
    _look("vermillion", "--", "s"),
    _look("green", "-.", "^"),
    _look("purple", ":", "D"),
    _look("orange", "-", "v"),
    _look("sky", "--", "P"),
    _look("black", "-.", "X"),
]
_KINDS = ("line", "marked", "points", "bar")
_BY_FOLDED_NAME = {name.casefold(): name for name in SERIES}


def style_of(series: str, *, kind: str = "line") -> dict:
    """Keyword arguments that draw ``series`` in its course look.

    Parameters
    ----------
    series : str
        A name in :data:`SERIES`, e.g. ``"no drug"``, ``"osteoclasts"``,
        ``"postmenopausal women"``; case does not matter (``"Distant"``).
    kind : {"line", "marked", "points", "bar"}
        Keyword arguments for ``ax.plot``: ``"line"`` a plain line (``color``,
        ``linestyle``, ``marker="none"``; for runs with a point per day),
        ``"marked"`` the line with the series' marker on each point,
        ``"points"`` the markers alone (``linestyle="none"``). ``"bar"`` gives
        ``color``, ``hatch`` and a black ``edgecolor`` for ``ax.bar``/``ax.barh``.

    Returns
    -------
    dict
        A fresh dict: change it freely.

    Raises
    ------
    ValueError
        If the series is unknown (the message lists the known names) or
        ``kind`` is not one of the four.

    Examples
    --------
    >>> style_of("drug")
    {'color': '#0072B2', 'linestyle': '-', 'marker': 'none'}
    >>> style_of("drug", kind="marked")
    {'color': '#0072B2', 'linestyle': '-', 'marker': 'D'}
    >>> style_of("Regional", kind="bar")
    {'color': '#E69F00', 'hatch': '//', 'edgecolor': 'black'}
    """
    look = SERIES[_series_name(series, "style_of(series=...)")]
    if kind not in _KINDS:
        raise ValueError(f"style_of(kind=...) must be one of {_KINDS}; got {kind!r}.")
    if kind == "bar":
        return {"color": look["color"], "hatch": look["hatch"], "edgecolor": "black"}
    line = "none" if kind == "points" else look["linestyle"]
    return {"color": look["color"], "linestyle": line, "marker": "none" if kind == "line" else look["marker"]}


def _series_name(series, where: str) -> str:
    """The SERIES key for ``series`` (any case), or an error listing the known names."""
    if not isinstance(series, str):
        raise TypeError(
            f"{where} must be the name of a series, e.g. 'no drug'; got {type(series).__name__} {series!r}."
        )
    try:
        return _BY_FOLDED_NAME[series.strip().casefold()]
    except KeyError:
        raise ValueError(
            f"{where}: no series named {series!r}. The course's series are: {', '.join(SERIES)}. "
            "Pick the one that means the same (e.g. 'no drug' for an untreated tumour run), or add one to SERIES."
        ) from None


def _looks(labels, series, where: str) -> dict[str, dict]:
    """The look of each label: from ``series[label]``, else the label itself if it names a series, else the cycle."""
    if series is None:
        series = {}
    if not isinstance(series, Mapping):
        raise TypeError(
            f"{where} must map each curve's label to a series name, e.g. {{'tamoxifen': 'treated'}}; "
            f"got {type(series).__name__}."
        )
    strays = [key for key in series if key not in labels]
    _require(not strays, f"{where} names curves that are not drawn: {strays}; the curves are {list(labels)}.")
    looks = {}
    for label in labels:
        if label in series:
            looks[label] = SERIES[_series_name(series[label], f"{where}[{label!r}]")]
        elif isinstance(label, str) and label.strip().casefold() in _BY_FOLDED_NAME:
            looks[label] = SERIES[_BY_FOLDED_NAME[label.strip().casefold()]]
    # The rest take the cycle's looks in order, skipping any a named curve already wears.
    taken = {(look["color"], look["linestyle"]) for look in looks.values()}
    spare = iter([look for look in _FALLBACK if (look["color"], look["linestyle"]) not in taken])
    return {label: looks[label] if label in looks else next(spare, _FALLBACK[-1]) for label in labels}


def _line_kwargs(look: dict, markevery) -> dict:
    kwargs = {"color": look["color"], "linestyle": look["linestyle"]}
    if markevery is None:
        return kwargs | {"marker": "none"}
    return kwargs | {"marker": look["marker"], "markevery": markevery}


def _label_axes(ax: Axes, xlabel: str, ylabel: str) -> None:
    """Label the axes, but the x axis only on the bottom panel of a stack that shares it (y: the left panel)."""
    spec = ax.get_subplotspec()
    shares_x = len(ax.get_shared_x_axes().get_siblings(ax)) > 1
    shares_y = len(ax.get_shared_y_axes().get_siblings(ax)) > 1
    if not (shares_x and spec is not None and not spec.is_last_row()):
        ax.set_xlabel(xlabel)
    if not (shares_y and spec is not None and not spec.is_first_col()):
        ax.set_ylabel(ylabel)


def _check_axes(ax, function: str) -> Axes:
    if not isinstance(ax, Axes):
        hint = " Pass the axes (ax), not the figure (fig)." if isinstance(ax, Figure) else ""
        raise TypeError(f"{function}() needs a matplotlib Axes; got {type(ax).__name__}.{hint}")
    return ax


def use_style() -> None:
    """Apply the course style to every figure made after this call, and hold figures for :func:`show`.

    In Jupyter a figure would otherwise be drawn at the end of the cell that made
    it, without alt text; with interactive mode off it appears only when a lesson
    calls ``show``, so a figure can be computed, drawn and shown in separate cells.
    The backend is loaded first: Jupyter's inline backend turns interactive mode
    back on when it loads, so ``ioff`` must come after it.
    """
    plt.style.use(STYLE)
    plt.switch_backend(plt.get_backend())
    plt.ioff()


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


# --- the bone model (lessons 03-05) -------------------------------------------------

_BONE_COLUMNS = {  # column of bone.simulate() -> (series, quantity, unit)
    "bone_mass": ("bone mass", "Bone mass", "% of normal"),
    "osteoclasts": ("osteoclasts", "Osteoclasts", "cells"),
    "osteoblasts": ("osteoblasts", "Osteoblasts", "cells"),
    "tumour": ("tumour", "Tumour size", "tumour units"),
}


def _bone_values(frame, column: str, function: str, *, log: bool) -> tuple[np.ndarray, np.ndarray]:
    """Days and one column of a bone-model run, checked."""
    if column not in _BONE_COLUMNS:
        raise ValueError(
            f"{function}(column=...) must be a column of bone.simulate(), one of {tuple(_BONE_COLUMNS)}; "
            f"got {column!r}."
        )
    where = f"{function}(frame=...)"
    frame = _table(frame, where, ["day", column], made_by="bone.simulate()", rows=True)
    days = _numbers(frame["day"], f"{where}['day']", ndim=1)
    values = _numbers(frame[column], f"{where}[{column!r}]", ndim=1)
    if column == "tumour" and not values.any():
        raise ValueError(
            f"{function}: this run has no tumour (column 'tumour' is 0 on every day). Draw another column, or "
            "simulate with a tumour: its start is (osteoclasts, osteoblasts, bone_mass, tumour) with tumour > 0."
        )
    if log and (values <= 0).any():
        first = int(np.flatnonzero(values <= 0)[0])
        raise ValueError(
            f"{function}(log=True): column {column!r} is {values[first]:g} on day {days[first]:g}, and a log axis "
            "shows only values > 0. Draw it with log=False."
        )
    return days, values


def plot_bone_run(
    ax,
    frame: pd.DataFrame,
    *,
    column: str = "bone_mass",
    series: str | None = None,
    label: str | None = None,
    percent_of: float | None = None,
    rest: float | None = None,
    log: bool = False,
    from_day: float | None = None,
    xlabel: str = "Time (days)",
    ylabel: str | None = None,
    markevery: int | None = None,
):
    """Draw one column of one bone-model run against time; return ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    frame : pandas.DataFrame
        A run from ``bone.simulate()`` (columns ``day`` [day] and the one drawn).
    column : {"bone_mass", "osteoclasts", "osteoblasts", "tumour"}
        What to draw: bone mass [% of normal], osteoclasts or osteoblasts
        [cells], tumour size [tumour units; L_T = 100 is full size].
    series : str, optional
        The run's name in :data:`SERIES`, which sets its look: ``"no drug"``,
        ``"drug"``, ``"late drug"``, ``"tumour"``, ``"reference"``,
        ``"LOX, no drug"``... Default: the column's own series
        (``"bone mass"``, ``"osteoclasts"``, ``"osteoblasts"``, ``"tumour"``).
    label : str, optional
        Legend text (default: the series name).
    percent_of : float, optional
        Draw the column as a percentage of this value [same unit as the
        column, > 0], e.g. the resting level ``bone.steady_state(params)[0]``
        for osteoclasts; the axis then reads "% of resting level".
    rest : float, optional
        Draw a horizontal reference line at this resting value [same unit as
        the column, before any ``percent_of``], labelled "at rest".
    log : bool
        Log-scaled y axis (osteoclasts swing over orders of magnitude).
    from_day : float, optional
        Draw only from this day on [day], e.g. the day a drug starts: before
        it the run is the same as the run without the drug.
    xlabel, ylabel : str, optional
        Axis labels; the y label defaults to the column with its unit. In a
        stack of panels that share the x axis only the bottom one gets the x
        label (and in a row sharing y, only the left one the y label).
    markevery : int, optional
        Put the series' marker on every n-th day (default: a plain line).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError, ValueError
        If ``frame`` is not a run from ``bone.simulate()`` or lacks the column,
        ``series`` is unknown, ``percent_of`` is not > 0, a log axis meets a
        value <= 0, or ``from_day`` is after the last day.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> run = pd.DataFrame({"day": [0.0, 1.0, 2.0], "osteoclasts": [10.0, 5.0, 2.0], "bone_mass": [100.0, 99.0, 98.5]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_bone_run(ax, run, column="osteoclasts", percent_of=5.0, series="tumour")
    >>> ax.lines[0].get_ydata().tolist(), ax.get_ylabel()
    ([200.0, 100.0, 40.0], 'Osteoclasts (% of resting level)')
    >>> plt.close(fig)
    """
    _check_axes(ax, "plot_bone_run")
    days, values = _bone_values(frame, column, "plot_bone_run", log=log)
    own_series, quantity, unit = _BONE_COLUMNS[column]
    name = _series_name(own_series if series is None else series, "plot_bone_run(series=...)")
    scale = 1.0
    if percent_of is not None:
        hint = "It is the value drawn as 100%, e.g. the resting level from bone.steady_state(params)."
        scale = 100.0 / _number(
            percent_of, "plot_bone_run(percent_of=...)", low=0, low_open=True, finite=True, hint=hint
        )
        unit = "% of resting level"
    if from_day is not None:
        start = _number(from_day, "plot_bone_run(from_day=...)", finite=True)
        _require(
            start <= days[-1],
            f"plot_bone_run(from_day={start:g}) is after the run's last day ({days[-1]:g}); nothing would be drawn.",
        )
        days, values = days[days >= start], values[days >= start]
    ax.plot(days, values * scale, label=name if label is None else label, **_line_kwargs(SERIES[name], markevery))
    if rest is not None:
        level = _number(rest, "plot_bone_run(rest=...)", finite=True) * scale
        ax.axhline(level, label="at rest", linewidth=1.5, **_line_kwargs(SERIES["reference"], None))
    if log:
        ax.set_yscale("log")
    _label_axes(ax, xlabel, f"{quantity} ({unit}{', log scale' if log else ''})" if ylabel is None else ylabel)
    return ax


def _rest_pair(rest) -> tuple[float, float]:
    where = "plot_cell_traces(rest=...)"
    if isinstance(rest, str) or not isinstance(rest, Iterable):
        raise TypeError(
            f"{where} must be the resting (osteoclasts, osteoblasts), e.g. bone.steady_state(params); got {rest!r}."
        )
    rest = tuple(rest)
    hint = " Drop the bone mass: pass rest[:2]." if len(rest) == 3 else ""
    _require(len(rest) == 2, f"{where} must be two numbers, (osteoclasts, osteoblasts); got {len(rest)}.{hint}")
    x1, x2 = (_number(r, where, low=0, low_open=True, finite=True) for r in rest)
    return x1, x2


def plot_cell_traces(
    ax,
    frame: pd.DataFrame,
    *,
    rest=None,
    log: bool = False,
    labels: tuple[str, str] = ("osteoclasts", "osteoblasts"),
    rest_label: str = "resting level",
    xlabel: str = "Time (days)",
    markevery: int | None = None,
):
    """Draw the osteoclasts and osteoblasts of one bone-model run on one axes; return ``ax``.

    The two cell types differ about a hundredfold in number, so draw them
    either as a percentage of their resting levels (``rest=``, one shared
    scale on which 100% means "at rest") or on a log axis (``log=True``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    frame : pandas.DataFrame
        A run from ``bone.simulate()`` (columns ``day``, ``osteoclasts``, ``osteoblasts``).
    rest : (float, float), optional
        Resting osteoclasts and osteoblasts [cells], e.g.
        ``bone.steady_state(params)``: each type is drawn as % of its own, with
        a reference line at 100% labelled ``rest_label``.
    log : bool
        Log-scaled y axis.
    labels : (str, str)
        Legend text for the osteoclasts and the osteoblasts.
    rest_label : str
        Legend text of the line at 100%.
    xlabel : str
        x-axis label (drawn on the bottom panel only, in a stack sharing x).
    markevery : int, optional
        Put each series' marker on every n-th day.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_axes(ax, "plot_cell_traces")
    _require(
        isinstance(labels, tuple | list) and len(labels) == 2 and all(isinstance(t, str) for t in labels),
        f"plot_cell_traces(labels=...) must be two texts (osteoclasts, osteoblasts); got {labels!r}.",
        TypeError,
    )
    levels = (None, None) if rest is None else _rest_pair(rest)
    for column, level, label in zip(("osteoclasts", "osteoblasts"), levels, labels, strict=True):
        plot_bone_run(ax, frame, column=column, label=label, percent_of=level, log=log, markevery=markevery)
    if rest is not None:
        ax.axhline(100.0, label=rest_label, linewidth=1.5, **_line_kwargs(SERIES["reference"], None))
    _label_axes(
        ax, xlabel, f"Cells ({'% of resting level' if rest is not None else 'cells'}{', log scale' if log else ''})"
    )
    return ax


def mark_day(ax, day: float, text: str | None = None, *, label: str | None = None):
    """Mark a day with a dotted vertical line, e.g. the day tumour cells arrive; return ``ax``.

    ``text`` is written beside the line at the top of the axes (so it never
    depends on the data's range); ``label`` puts the line in the legend instead.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = mark_day(ax, 30, "cells arrive")
    >>> list(ax.lines[0].get_xdata()), ax.texts[0].get_text()
    ([30.0, 30.0], 'cells arrive')
    >>> plt.close(fig)
    """
    _check_axes(ax, "mark_day")
    x = _number(day, "mark_day(day=...)", finite=True)
    ax.axvline(x, color="#666666", linestyle=":", linewidth=1.5, marker="none", label=label)
    if text:
        where = blended_transform_factory(ax.transData, ax.transAxes)
        ax.annotate(text, (x, 0.98), xycoords=where, xytext=(5, 0), textcoords="offset points", va="top", fontsize=10)
    return ax


def shade_days(ax, start: float, stop: float, *, label: str | None = None, color: str = OKABE_ITO["orange"]):
    """Shade the days from ``start`` to ``stop`` [day], e.g. while a tumour secretes LOX; return ``ax``."""
    _check_axes(ax, "shade_days")
    a = _number(start, "shade_days(start=...)", finite=True)
    b = _number(stop, "shade_days(stop=...)", finite=True)
    _require(a < b, f"shade_days needs start < stop [day]; got start={a:g}, stop={b:g}. Swap them?")
    ax.axvspan(a, b, color=color, alpha=0.15, linewidth=0, label=label)
    return ax


# --- survival (lessons 06, 07) -------------------------------------------------------

_BAND_COLUMNS = (("lower", "upper"), ("ci_low", "ci_high"))


def _labelled(curves, function: str, example: str) -> dict:
    if isinstance(curves, pd.DataFrame | pd.Series | np.ndarray | list | tuple) or not isinstance(curves, Mapping):
        raise TypeError(
            f"{function}(curves=...) must be a dict from each curve's label to its {example}, e.g. "
            f"{{'all women': ...}}; got {type(curves).__name__}. Wrap a single curve in a dict with its label."
        )
    _require(len(curves) > 0, f"{function}(curves=...) is empty; give at least one curve.")
    return dict(curves)


def _bands(band, labels, function: str) -> set:
    if band is True or band is False:
        return set(labels) if band else set()
    if isinstance(band, str) or not isinstance(band, Iterable):
        raise TypeError(f"{function}(band=...) must be True, False or the labels of the curves to band; got {band!r}.")
    band = set(band)
    strays = sorted(map(str, band - set(labels)))
    _require(
        not strays, f"{function}(band=...) names curves that are not drawn: {strays}; the curves are {list(labels)}."
    )
    return band


def _km_curve(table, banded: bool, where: str):
    """Step coordinates of one Kaplan-Meier table, starting at (0, 1), with its band or None."""
    table = _table(table, where, ["time", "survival"], made_by="survival_analysis.kaplan_meier()", rows=True)
    time = _numbers(table["time"], f"{where}['time']", low=0, ndim=1)
    _require(
        bool(np.all(np.diff(time) >= 0)), f"{where}['time'] must increase from row to row; sort the table by time."
    )
    hint = "Survival is a proportion: 80% is 0.8."
    survival = _numbers(table["survival"], f"{where}['survival']", low=0, high=1, hint=hint)
    x, y = np.concatenate([[0.0], time]), np.concatenate([[1.0], survival])
    if not banded:
        return x, y, None
    columns = next(((lo, hi) for lo, hi in _BAND_COLUMNS if lo in table and hi in table), None)
    if columns is None:
        raise ValueError(
            f"{where} has no band: it needs columns 'lower' and 'upper' (as from kaplan_meier) or 'ci_low' and "
            f"'ci_high'; it has {list(table.columns)}. Pass band=False, or band=[...] with the curves that have one."
        )
    lo, hi = (np.concatenate([[1.0], _numbers(table[c], f"{where}[{c!r}]", low=0, high=1, hint=hint)]) for c in columns)
    return x, y, (lo, hi)


def plot_survival_curves(
    ax,
    curves: Mapping[str, pd.DataFrame],
    *,
    series: Mapping[str, str] | None = None,
    band=True,
    xlabel: str = "Time (years)",
    ylabel: str = "Survival (proportion)",
    markevery: int | None = None,
):
    """Draw Kaplan–Meier tables as step curves from 1 at time 0, with their bands; return ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    curves : dict of str to pandas.DataFrame
        Legend label -> a table with ``time`` (any unit, ascending) and
        ``survival`` [proportion], as from ``survival_analysis.kaplan_meier``;
        for a band also ``lower``/``upper`` (or ``ci_low``/``ci_high``).
    series : dict of str to str, optional
        Label -> name in :data:`SERIES` (``"treated"``, ``"control"``,
        ``"lower risk"``, ``"all women"``...). A label that is itself a series
        name needs no entry; other curves take the course cycle's looks.
    band : bool or iterable of str
        Shade the pointwise confidence band of every curve (True), of none
        (False), or of the curves named.
    xlabel, ylabel : str
        Axis labels, with units.
    markevery : int, optional
        Put each series' marker on every n-th step (default: plain steps).

    Returns
    -------
    matplotlib.axes.Axes
        The y axis runs from 0 to 1.02.

    See Also
    --------
    add_at_risk : the number at risk under the curves.
    """
    _check_axes(ax, "plot_survival_curves")
    curves = _labelled(curves, "plot_survival_curves", "Kaplan-Meier table (kaplan_meier(times, events))")
    looks = _looks(list(curves), series, "plot_survival_curves(series=...)")
    banded = _bands(band, list(curves), "plot_survival_curves")
    for label, table in curves.items():
        where = f"plot_survival_curves(curves[{label!r}])"
        x, y, limits = _km_curve(table, label in banded, where)
        ax.step(x, y, where="post", label=label, **_line_kwargs(looks[label], markevery))
        if limits is not None:
            ax.fill_between(x, *limits, step="post", color=looks[label]["color"], alpha=0.2, linewidth=0)
    ax.set_ylim(0, 1.02)
    _label_axes(ax, xlabel, ylabel)
    return ax


def add_at_risk(ax, counts, *, label: str = "number at risk", row: int = 0, series: str | None = None):
    """Write the number still at risk at chosen times, in a row at the foot of a survival plot; return ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    counts : dict or pandas.Series
        Time (same unit as the x axis) -> number still followed then [women],
        e.g. ``{t: int((years >= t).sum()) for t in range(8)}``.
    label : str
        Text written above the row, at its first time.
    row : int
        0 for the lowest row, 1 for the one above (one row per group).
    series : str, optional
        Colour the row like this series (default: grey).
    """
    _check_axes(ax, "add_at_risk")
    if isinstance(counts, pd.Series):
        counts = counts.to_dict()
    if not isinstance(counts, Mapping) or not counts:
        raise TypeError(
            "add_at_risk(counts=...) must map times to the number at risk, e.g. {0: 686, 1: 630}; "
            f"got {counts!r:.60}."
        )
    times = _numbers(list(counts), "add_at_risk(counts=...) times", ndim=1)
    numbers = _numbers(list(counts.values()), "add_at_risk(counts=...) numbers at risk", low=0, ndim=1)
    _require(bool(np.all(numbers == np.round(numbers))), "add_at_risk(counts=...) numbers at risk must be whole women.")
    row = int(_number(row, "add_at_risk(row=...)", low=0, integer=True))
    colour = "#444444" if series is None else SERIES[_series_name(series, "add_at_risk(series=...)")]["color"]
    where = blended_transform_factory(ax.transData, ax.transAxes)
    y = 0.03 + 0.11 * row
    for t, n in zip(times, numbers, strict=True):
        ax.text(t, y, f"{n:.0f}", transform=where, ha="center", va="bottom", fontsize=10, color=colour)
    ax.text(times.min(), y + 0.055, label, transform=where, ha="left", va="bottom", fontsize=10, color=colour)
    return ax


def plot_survival_lines(
    ax,
    time,
    curves: Mapping[str, object],
    *,
    series: Mapping[str, str] | None = None,
    percent: bool = True,
    xlabel: str = "Years after diagnosis",
    ylabel: str | None = None,
    markevery: int | None = None,
):
    """Draw survival proportions against time as lines (observed, expected, relative...); return ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    time : array-like of float
        The times the curves are given at (e.g. years after diagnosis).
    curves : dict of str to array-like, or pandas.DataFrame
        Legend label -> survival at each time [proportion, 0 to 1]; a
        DataFrame's columns are the curves.
    series : dict of str to str, optional
        Label -> name in :data:`SERIES` (``"observed"``, ``"expected"``,
        ``"relative"``...). A label that is a series name needs no entry; other
        curves take the course cycle's looks, in order.
    percent : bool
        Draw percentages (0-100, the default) rather than proportions.
    xlabel, ylabel : str, optional
        Axis labels; the y label defaults to "Survival (%)" (or "(proportion)").
    markevery : int, optional
        Put each series' marker on every n-th point (1 for every point).

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_axes(ax, "plot_survival_lines")
    if isinstance(curves, pd.DataFrame):
        curves = {column: curves[column] for column in curves.columns}
    curves = _labelled(curves, "plot_survival_lines", "survival at each time")
    t = _numbers(time, "plot_survival_lines(time=...)", ndim=1, empty=False)
    looks = _looks(list(curves), series, "plot_survival_lines(series=...)")
    for label, values in curves.items():
        where = f"plot_survival_lines(curves[{label!r}])"
        hint = "Give survival as a proportion (80% is 0.8); percent=True draws it as %."
        y = _numbers(values, where, low=0, high=1, ndim=1, hint=hint)
        _require(y.size == t.size, f"{where} has {y.size} values for {t.size} times; give one per time.")
        ax.plot(t, 100 * y if percent else y, label=label, **_line_kwargs(looks[label], markevery))
    _label_axes(ax, xlabel, ylabel if ylabel is not None else f"Survival ({'%' if percent else 'proportion'})")
    return ax


# --- trials: forest plot (lesson 05 and later) -----------------------------------------

_LARGEST_RATIO = 10.0  # no effect in this course comes near tenfold; above it, a percentage was typed
_TICKS = (0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0)


def _check_forest_rows(rows: pd.DataFrame, label: str, value: str, low: str, high: str, group) -> None:
    """Refuse rows whose interval is missing, looks like percentages, or does not hold its point."""
    what = value.replace("_", " ")
    for column in (value, low, high):
        if not pd.api.types.is_numeric_dtype(rows[column]):
            raise TypeError(
                f"plot_forest: column {column!r} must hold numbers; got {rows[column].dtype} "
                f"(first value {rows[column].iloc[0]!r}). Convert it with pd.to_numeric."
            )
    for index, row in rows.iterrows():
        names = f"{row[label]}, {row[group]}" if group is not None else f"{row[label]}"
        where = f"row {index!r} ({names})"
        lo, point, hi = row[low], row[value], row[high]
        if pd.isna(lo) or pd.isna(hi):
            raise ValueError(f"plot_forest: {where} has a {what} but no 95% CI ({low}={lo!r}, {high}={hi!r}).")
        if max(lo, point, hi) > _LARGEST_RATIO:
            raise ValueError(
                f"plot_forest: {where} has {value} = {point:g} ({low} {lo:g}, {high} {hi:g}), which looks like a "
                f"percentage: a {what} is a plain ratio (72% of the control rate is 0.72). Divide by 100; values "
                f"above {_LARGEST_RATIO:g} are refused."
            )
        if not (0 < lo <= point <= hi):
            raise ValueError(
                f"plot_forest: {where} needs 0 < {low} <= {value} <= {high}; got {lo:g}, {point:g}, {hi:g}."
                + (f" Are {low} and {high} swapped?" if lo > hi else "")
            )


def _forest_table(rows, label, value, low, high, group) -> pd.DataFrame:
    if not isinstance(rows, pd.DataFrame):
        raise TypeError(
            "plot_forest needs a pandas DataFrame such as load_table('bisphosphonate_trials'); "
            f"got {type(rows).__name__}."
        )
    needed = [label, value, low, high] + ([] if group is None else [group])
    missing = sorted(set(needed) - set(rows.columns))
    if missing:
        hint = " Pass group=None to draw all rows as one group." if group in missing else ""
        raise ValueError(f"plot_forest needs the columns {missing}; got {list(rows.columns)}.{hint}")
    charted = rows.dropna(subset=[value])
    _require(len(charted) > 0, f"plot_forest: no row has a {value}; there is nothing to chart.")
    _check_forest_rows(charted, label, value, low, high, group)
    keys = [label] if group is None else [label, group]
    twice = charted[charted.duplicated(subset=keys)]
    if not twice.empty:
        raise ValueError(
            f"plot_forest: {', '.join(map(str, twice[keys].iloc[0]))} appears in more than one row; "
            "chart one row per label (and group)."
        )
    return charted


def plot_forest(
    ax,
    rows: pd.DataFrame,
    *,
    label: str = "outcome",
    value: str = "rate_ratio",
    low: str = "ci_low",
    high: str = "ci_high",
    group: str | None = "population",
    note: str | None = None,
    sides: tuple[str, str] = ("favours treatment", "favours control"),
    xlabel: str | None = None,
):
    """Draw a forest plot of ratios with their 95% CIs on ``ax`` and return it.

    One row per label (an outcome, a trial); within a row, one point (the
    ratio) and one horizontal line (its 95% confidence interval) per group (a
    population, an arm), told apart by colour *and* marker and set slightly
    apart. The x axis is log-scaled and symmetric about the line of no effect
    at 1, so halving and doubling look alike.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    rows : pandas.DataFrame
        One row per (label, group): the columns named below, as in
        ``load_table("bisphosphonate_trials")``. Rows without a value are
        skipped; say what they mean with ``note``.
    label, value, low, high : str
        Column names of the row label, the ratio [dimensionless, > 0; 1 = no
        effect] and its 95% CI limits.
    group : str or None
        Column that splits a row into groups, in order of first appearance;
        each group takes its look from :data:`SERIES` when it names a series
        (``"all women"``, ``"postmenopausal women"``) and from the course cycle
        otherwise. ``None`` draws the rows as one group.
    note : str, optional
        Text written under the rows, e.g. a finding that has no numbers.
    sides : (str, str)
        What the left and right of the line at 1 mean, written above the rows.
    xlabel : str, optional
        Default: the value column in words, "(log scale)".

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``rows`` is not a DataFrame, or a value column holds text.
    ValueError
        If a column is missing; or a row has a value but no CI, a CI that does
        not hold its point (e.g. ``low`` and ``high`` swapped), or numbers above
        10 (a percentage typed as a ratio); or a (label, group) appears twice.
    """
    _check_axes(ax, "plot_forest")
    charted = _forest_table(rows, label, value, low, high, group)
    labels = list(dict.fromkeys(charted[label]))
    groups = [None] if group is None else list(dict.fromkeys(charted[group]))
    looks = _looks(groups, None, "plot_forest")
    width = min(0.3, 0.15 * (len(groups) - 1))
    for name, offset in zip(groups, np.linspace(-width, width, len(groups)), strict=True):
        part = charted if name is None else charted[charted[group] == name]
        y = np.array([labels.index(v) for v in part[label]]) + offset
        point = part[value].to_numpy(dtype=float)
        err = np.vstack([point - part[low].to_numpy(dtype=float), part[high].to_numpy(dtype=float) - point])
        colour, marker = looks[name]["color"], looks[name]["marker"]
        ax.errorbar(point, y, xerr=err, fmt=marker, color=colour, linestyle="none", label=name)
    ax.axvline(1.0, color="#444444", linewidth=1.2, linestyle="--")
    _symmetric_log_axis(ax, float(charted[low].min()), float(charted[high].max()))
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.4 + (0.6 if note else 0), -1.0)
    ax.grid(axis="y", visible=False)
    left, right = sides
    ax.text(0.97, -0.7, f"← {left}", ha="right", va="center", fontsize=10, color="#444444")
    ax.text(1.03, -0.7, f"{right} →", ha="left", va="center", fontsize=10, color="#444444")
    if note:
        where = blended_transform_factory(ax.transAxes, ax.transData)
        ax.text(0.02, len(labels) - 0.05, note, transform=where, ha="left", va="center", fontsize=10, style="italic")
    ax.set_xlabel(xlabel if xlabel is not None else f"{value.replace('_', ' ').capitalize()} (log scale)")
    return ax


def _symmetric_log_axis(ax, lowest: float, highest: float) -> None:
    """Log x axis from 1/reach to reach: 0.5 to 2 unless an interval reaches further.

    An interval that reaches past 0.5 or 2 gets 15% more room, so its end cap is
    drawn inside the axes rather than cut by the frame.
    """
    ax.set_xscale("log")
    reach = max(2.0, highest, 1.0 / lowest)
    if reach > 2.0:
        reach *= 1.15
    ticks = [t for t in _TICKS if 1 / reach <= t <= reach]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_xlim(1.0 / reach, reach)


# --- the metastatic cascade (lesson 02) -----------------------------------------------

_FUNNEL_COLUMNS = ("stage", "expected", "mean", "low", "high")


def _funnel_table(summary) -> pd.DataFrame:
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(
            f"plot_funnel(summary=...) must be the DataFrame from funnel_summary(); got {type(summary).__name__}. "
            "Summarise the simulated counts first: funnel_summary(counts, params)."
        )
    missing = sorted(set(_FUNNEL_COLUMNS) - set(summary.columns))
    _require(not missing, f"plot_funnel: summary lacks columns {missing}; pass the output of funnel_summary().")
    for column in _FUNNEL_COLUMNS[1:]:
        values = pd.to_numeric(summary[column], errors="coerce")
        _require(
            not (values.isna().any() or (values < 0).any()),
            f"plot_funnel: column {column!r} must hold counts >= 0 with none missing.",
        )
    disordered = (summary["low"] > summary["mean"]) | (summary["mean"] > summary["high"])
    if disordered.any():
        row = summary[disordered].iloc[0]
        raise ValueError(
            f"plot_funnel: stage {row['stage']!r} has low {row['low']:g}, mean {row['mean']:g}, high "
            f"{row['high']:g}; expected low <= mean <= high (were low and high swapped?)."
        )
    return summary


def _funnel_interval(summary: pd.DataFrame, interval) -> float:
    """The central interval the summary's low/high columns hold: recorded by funnel_summary, or given."""
    recorded = summary.attrs.get("interval")
    if recorded is None and interval is None:
        raise ValueError(
            "plot_funnel cannot tell which interval the low and high columns hold: the summary does not record it "
            "(summary.attrs['interval']). Pass the interval you gave funnel_summary, e.g. "
            "plot_funnel(ax, summary, interval=0.95)."
        )
    if recorded is not None and interval is not None and not math.isclose(float(recorded), float(interval)):
        raise ValueError(
            f"plot_funnel(interval={interval!r}) disagrees with the summary, which was made with interval="
            f"{recorded!r}; leave interval= out."
        )
    width = recorded if recorded is not None else interval
    return _probability(width, "plot_funnel(interval=...)", zero=False)


def _scientific(x: float) -> str:
    if x <= 0:
        return "0"
    exponent = math.floor(math.log10(x))
    return f"${x / 10**exponent:.1f} \\times 10^{{{exponent}}}$"


def plot_funnel(
    ax,
    summary: pd.DataFrame,
    *,
    interval: float | None = None,
    annotate: bool = False,
    expected_label: str = "expected",
    ylabel: str = "cells (log scale)",
):
    r"""Draw the cascade's funnel as dots on a log axis: simulated mean, central interval, expectation.

    Dots, not bars: on a logarithmic axis a bar's length depends on where the
    axis happens to start, so only the position of a point carries meaning.
    Counts of 0 are drawn at 0.5, just above the axis floor.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    summary : pandas.DataFrame
        Output of ``cascade.funnel_summary`` (columns ``stage``, ``expected``,
        ``mean``, ``low``, ``high`` [cells]).
    interval : float, optional
        The central interval that ``low``/``high`` span (0.95 for the middle
        95% of replicates). Read from ``summary.attrs["interval"]`` when the
        summary records it; otherwise give the value passed to
        ``funnel_summary``. The legend states it ("middle 95% of replicates").
    annotate : bool
        Write each stage's mean beside its dot (e.g. :math:`1.3 \times 10^{9}`).
    expected_label : str
        Legend text of the expectation marks, e.g. "expected (Equation 2)".
    ylabel : str
        y-axis label with its unit.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError, ValueError
        If the summary is not a DataFrame from ``funnel_summary``, lacks a
        column, holds negative or missing counts, has low > mean or mean >
        high (swapped limits), or the interval is unknown or contradicts the
        recorded one.
    """
    _check_axes(ax, "plot_funnel")
    summary = _funnel_table(summary)
    width = _funnel_interval(summary, interval)
    x = np.arange(len(summary))
    floor = 0.5  # zero cannot sit on a log axis; draw zeros just above it
    mean, low, high = (summary[c].to_numpy(dtype=float).clip(min=floor) for c in ("mean", "low", "high"))
    err = [mean - low, high - mean]
    simulated, expected = style_of("simulated", kind="points"), style_of("expected", kind="points")
    label = f"simulated mean (error bars: middle {100 * width:.4g}% of replicates)"
    ax.errorbar(
        x,
        mean,
        yerr=err,
        fmt=simulated["marker"],
        ms=9,
        color=simulated["color"],
        ecolor="black",
        capsize=6,
        label=label,
    )
    ax.plot(
        x,
        summary["expected"].to_numpy(dtype=float).clip(min=floor),
        linestyle="none",
        marker="_",  # a bar across the dot: where the formula says it should sit
        ms=28,
        mew=2,
        color=expected["color"],
        label=expected_label,
    )
    if annotate:
        for position, m in zip(x, summary["mean"], strict=True):
            ax.annotate(_scientific(float(m)), (position, max(m, floor)), xytext=(14, -4), textcoords="offset points")
    ax.set_yscale("log")
    ax.set_xticks(x, [textwrap.fill(str(s), 16) for s in summary["stage"]])
    ax.set_xlim(-0.5, len(summary) - 0.5)
    ax.set_ylabel(ylabel)
    return ax


# --- lesson 10: cumulative incidence curves and a non-inferiority interval --------------
# (appended by lesson 10's helper; no existing function changed)


def plot_incidence_curves(
    ax,
    curves: Mapping[str, pd.DataFrame],
    *,
    series: Mapping[str, str] | None = None,
    xlabel: str = "Time (years)",
    ylabel: str = "Share with the event (%)",
):
    """Draw cumulative-incidence tables as step curves rising from 0 at time 0, in percent; return ``ax``.

    ``curves`` maps a legend label to a table with ``time`` (ascending) and
    ``incidence`` [proportion], as from ``competing_risks.cumulative_incidence``
    or ``competing_risks.naive_incidence``; ``series`` gives labels a look from
    :data:`SERIES`, as in :func:`plot_survival_curves`.
    """
    _check_axes(ax, "plot_incidence_curves")
    curves = _labelled(curves, "plot_incidence_curves", "table with time and incidence")
    looks = _looks(list(curves), series, "plot_incidence_curves(series=...)")
    for label, frame in curves.items():
        where = f"plot_incidence_curves(curves[{label!r}])"
        frame = _table(frame, where, ["time", "incidence"], made_by="competing_risks.cumulative_incidence()")
        time = _numbers(frame["time"], f"{where}['time']", low=0, ndim=1)
        _require(bool(np.all(np.diff(time) >= 0)), f"{where}['time'] must increase from row to row; sort by time.")
        share = _numbers(frame["incidence"], f"{where}['incidence']", low=0, high=1, hint="A share: 30% is 0.3.")
        x, y = np.concatenate([[0.0], time]), np.concatenate([[0.0], share])
        ax.step(x, 100 * y, where="post", label=label, **_line_kwargs(looks[label], None))
    ax.set_ylim(0, 100)
    _label_axes(ax, xlabel, ylabel)
    return ax


def plot_noninferiority(ax, estimate: float, low: float, high: float, margin: float, *, label: str, xlabel: str):
    """Draw one difference with its interval against the line of no effect (0) and a margin; return ``ax``.

    The margin's side is shaded: an interval that stays clear of it shows
    non-inferiority. Values are on a difference scale (e.g. percentage points).
    """
    _check_axes(ax, "plot_noninferiority")
    est = _number(estimate, "plot_noninferiority(estimate=...)", finite=True)
    lo = _number(low, "plot_noninferiority(low=...)", finite=True)
    hi = _number(high, "plot_noninferiority(high=...)", finite=True)
    edge = _number(margin, "plot_noninferiority(margin=...)", finite=True)
    _require(lo <= est <= hi, f"plot_noninferiority: low <= estimate <= high must hold; got {lo:g}, {est:g}, {hi:g}.")
    span = max(abs(lo), abs(hi), abs(edge)) * 1.6
    beyond = (edge, span) if edge > 0 else (-span, edge)
    ax.axvspan(*beyond, color=OKABE_ITO["vermillion"], alpha=0.12, label="worse by more than the margin")
    ax.axvline(0, color="black", linestyle=":", label="no difference")
    ax.axvline(edge, color=OKABE_ITO["vermillion"], linestyle="--", label="non-inferiority margin")
    ax.errorbar([est], [0], xerr=[[est - lo], [hi - est]], fmt="D", color=OKABE_ITO["blue"], capsize=6, label=label)
    ax.set_xlim(-span, span)
    ax.set_ylim(-1, 1)
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    return ax


def _decimal_year(date: str, where: str) -> float:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as a decimal year; a missing month or day counts as mid-period."""
    try:
        parts = [int(p) for p in str(date).split("-")]
        middle = {1: (7, 1), 2: (parts[1:] + [15])[:2]}.get(len(parts), parts[1:3])
        day_of_year = pd.Timestamp(parts[0], *middle).dayofyear
    except (ValueError, TypeError) as err:
        raise ValueError(f"{where}: {date!r} is not a date like '2015', '2018-03' or '2015-06-10'.") from err
    return parts[0] + (day_of_year - 1) / 365.25


def plot_timeline(ax, events: pd.DataFrame, *, xlim: tuple[float, float] | None = None):
    """Draw dated events one per row, top to bottom, coloured by ``kind``; return ``ax``.

    ``events`` needs ``date`` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'), ``label``,
    ``kind`` and ``evidence``. A marker is filled when the date was seen in a
    primary source and hollow otherwise, so the reader sees how firm each date is.
    """
    _check_axes(ax, "plot_timeline")
    events = _table(events, "plot_timeline(events)", ["date", "label", "kind", "evidence"], rows=True)
    years = [_decimal_year(d, "plot_timeline(events['date'])") for d in events["date"]]
    kinds = list(dict.fromkeys(events["kind"]))
    colours = dict(zip(kinds, list(OKABE_ITO.values()) * 2, strict=False))
    for row, (year, e) in enumerate(zip(years, events.itertuples(), strict=True)):
        face = colours[e.kind] if e.evidence == "primary" else "white"
        ax.plot(year, row, "o", ms=9, color=colours[e.kind], mfc=face)
        ax.annotate(f"{e.date}  {e.label}", (year, row), xytext=(8, -4), textcoords="offset points", fontsize=9)
    for kind in kinds:  # one legend entry per kind, plus one for the hollow marker
        ax.plot([], [], "o", color=colours[kind], label=kind)
    ax.plot([], [], "o", color="grey", mfc="white", label="hollow: date from a secondary source")
    ax.legend(loc="lower left", fontsize=9)
    ax.set(yticks=[], xlabel="Year", xlim=xlim or (min(years) - 1, max(years) + 7))
    ax.invert_yaxis()
    return ax


def plot_paired_bars(ax, rows: pd.DataFrame, *, groups: tuple[str, str], ylabel: str, group: str = "condition"):
    """Draw two bars per ``category`` (one per group) with 95% intervals; return ``ax``.

    ``rows`` is a long table with ``category``, the ``group`` column, ``value``,
    ``ci_low`` and ``ci_high`` (one row per category and group), e.g. the
    news-story rows of ``press_release_exaggeration`` (the same measure, after an
    exaggerated and after a plain press release).
    """
    _check_axes(ax, "plot_paired_bars")
    rows = _table(rows, "plot_paired_bars(rows)", ["category", group, "value", "ci_low", "ci_high"], rows=True)
    _require(len(groups) == 2, f"plot_paired_bars(groups=...) needs exactly two groups; got {list(groups)}.")
    for name in groups:
        _require(name in set(rows[group]), f"plot_paired_bars: no row has {group} = {name!r}.")
    wide = rows[rows[group].isin(groups)].pivot(index="category", columns=group, values=["value", "ci_low", "ci_high"])
    ordered = (wide["ci_low"] <= wide["value"]) & (wide["value"] <= wide["ci_high"])
    _require(bool(ordered.to_numpy().all()), "plot_paired_bars: each row needs ci_low <= value <= ci_high.")
    x = np.arange(len(wide))
    for shift, name, colour in zip((-0.2, 0.2), groups, (OKABE_ITO["sky"], OKABE_ITO["vermillion"]), strict=True):
        value = wide[("value", name)]
        error = [value - wide[("ci_low", name)], wide[("ci_high", name)] - value]
        ax.bar(x + shift, value, 0.4, yerr=error, capsize=4, color=colour, edgecolor="black", label=name)
    ax.set(xticks=list(x), xticklabels=list(wide.index), ylabel=ylabel, ylim=(0, 100))
    ax.legend(loc="upper left", fontsize=9)
    return ax
