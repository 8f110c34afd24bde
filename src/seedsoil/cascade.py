"""The metastatic cascade as an attrition model: many cells leave, very few arrive.

A tumour of mass :math:`m` sheds cells into the blood at a rate :math:`r`
per gram per day (this covers local invasion and intravasation). Each later
step :math:`k` lets a cell through with probability :math:`p_k`, independently
of every other cell. The expected number of cells that pass step :math:`K`
after :math:`D` days is

.. math::

    E[N_K] = m \\, r \\, D \\prod_{k=1}^{K} p_k .

The simulation never follows single cells: the number shed per day is a
Poisson draw, and each step keeps a binomial share of the survivors of the
step before (*binomial thinning*). Its cost depends on the number of days,
replicates and steps, not on the number of cells.

References
----------
Butler TP, Gullino PM. Cancer Res 1975;35:512-516 (shedding rate).
Koop S et al. Cancer Res 1995;55:2520-2523 (survival and extravasation).
Chambers AF, Groom AC, MacDonald IC. Nat Rev Cancer 2002;2:563-572. doi:10.1038/nrc865

Examples
--------
>>> params = CascadeParameters.from_data()
>>> params.tumour_mass_g, params.shed_per_day
(2.0, 6400000.0)
>>> [round(float(x), 6) for x in expected_counts(params, days=1)]
[6400000.0, 5120000.0, 128000.0, 1280.0]
"""

from __future__ import annotations

import math
import numbers
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from seedsoil.data import load_table

__all__ = [
    "CascadeParameters",
    "expected_counts",
    "funnel_summary",
    "plot_funnel",
    "simulate_cascade",
    "thin",
]

SHED_STAGE = "shed into the blood"
# numpy's Poisson sampler refuses means above about 9.2e18; stay well clear of it.
MAX_SHED_PER_DAY = 1e15


def _real(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {value!r} ({type(value).__name__}).")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}.")
    return value


def _count(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be a whole number (int); got {value!r} ({type(value).__name__}). Use e.g. {name}=365."
        )
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}.")
    return int(value)


def _probability(value, name: str) -> float:
    value = _real(value, name)
    if not 0.0 <= value <= 1.0:
        hint = " It looks like a percentage; divide by 100." if 1 < value <= 100 else ""
        raise ValueError(f"{name} must be a probability in [0, 1]; got {value}.{hint}")
    return value


@dataclass(frozen=True)
class CascadeParameters:
    """Inputs of the attrition model, checked when the object is made.

    Parameters
    ----------
    tumour_mass_g : float
        Mass of the primary tumour [g]; must be > 0.
    shedding_per_g_per_day : float
        Cells entering the blood per gram of tumour per day [cells/g/day];
        must be >= 0. Butler & Gullino 1975 measured 3.2e6 in growing rat
        mammary tumours.
    steps : tuple of str
        Names of the steps after entering the blood, in order.
    probabilities : tuple of float
        Probability that a cell which reached step k passes it [fraction in
        [0, 1]]; one per step.

    See Also
    --------
    CascadeParameters.from_data : the course's cited and illustrative values.
    """

    tumour_mass_g: float
    shedding_per_g_per_day: float
    steps: tuple[str, ...]
    probabilities: tuple[float, ...]

    def __post_init__(self):
        mass = _real(self.tumour_mass_g, "tumour_mass_g")
        if mass <= 0:
            raise ValueError(f"tumour_mass_g must be > 0 grams; got {mass}.")
        rate = _real(self.shedding_per_g_per_day, "shedding_per_g_per_day")
        if rate < 0:
            raise ValueError(f"shedding_per_g_per_day must be >= 0 cells/g/day; got {rate}.")
        if mass * rate > MAX_SHED_PER_DAY:
            raise ValueError(
                f"tumour_mass_g x shedding_per_g_per_day = {mass * rate:.3g} "
                "cells/day is beyond what the simulator handles "
                f"(at most {MAX_SHED_PER_DAY:.0e}); use a smaller tumour or rate."
            )
        for name in ("steps", "probabilities"):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, tuple | list | np.ndarray | pd.Series):
                example = "('survive in the blood', ...)" if name == "steps" else "(0.8, 0.025, 0.01)"
                raise TypeError(
                    f"{name} must be a tuple or list with one entry per step, e.g. {example}; "
                    f"got {type(value).__name__} {value!r}."
                )
        steps = tuple(self.steps)
        if not all(isinstance(s, str) and s.strip() for s in steps):
            raise TypeError(f"steps must be non-empty strings; got {steps!r}.")
        probs = tuple(
            _probability(p, f"probabilities[{i}] ({steps[i] if i < len(steps) else '?'})")
            for i, p in enumerate(self.probabilities)
        )
        if len(probs) != len(steps):
            raise ValueError(
                f"probabilities has {len(probs)} values but steps names {len(steps)}; give one probability per step."
            )
        for name, value in [
            ("tumour_mass_g", mass),
            ("shedding_per_g_per_day", rate),
            ("steps", steps),
            ("probabilities", probs),
        ]:
            object.__setattr__(self, name, value)

    @classmethod
    def from_data(
        cls,
        tumour_mass_g: float | None = None,
        *,
        condition: str = "growing",
        data_dir: str | Path | None = None,
    ) -> CascadeParameters:
        """Parameters from the course tables ``cascade_shedding`` and ``cascade_steps``.

        Parameters
        ----------
        tumour_mass_g : float, optional
            Tumour mass [g]. Defaults to the smallest mass Butler & Gullino
            measured (2 g), so the shedding rate is used where it was observed.
        condition : {"growing", "regressing"}
            Which shedding rate to use.
        data_dir : path, optional
            Folder with the tables (for tests); defaults to the course data.
        """
        shedding = load_table("cascade_shedding", data_dir=data_dir).set_index("condition")
        if condition not in shedding.index:
            raise ValueError(f"condition must be one of {list(shedding.index)}; got {condition!r}.")
        row = shedding.loc[condition]
        steps = load_table("cascade_steps", data_dir=data_dir).sort_values("order")
        return cls(
            tumour_mass_g=row["tumour_mass_low_g"] if tumour_mass_g is None else tumour_mass_g,
            shedding_per_g_per_day=row["cells_per_g_per_day"],
            steps=tuple(steps["step"]),
            probabilities=tuple(float(p) for p in steps["probability"]),
        )

    @property
    def shed_per_day(self) -> float:
        """Expected cells entering the blood per day [cells/day]."""
        return self.tumour_mass_g * self.shedding_per_g_per_day

    @property
    def stages(self) -> tuple[str, ...]:
        """Names of the counts the simulator returns: shed, then one per step."""
        return (SHED_STAGE, *self.steps)

    def with_probability(self, step: str, probability: float) -> CascadeParameters:
        """A copy with one step's probability changed (the step named exactly)."""
        if step not in self.steps:
            raise ValueError(f"No step named {step!r}; the steps are {list(self.steps)}.")
        probs = list(self.probabilities)
        probs[self.steps.index(step)] = probability
        return replace(self, probabilities=tuple(probs))


def _check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator; got {type(rng).__name__}. Make one with rng = np.random.default_rng(seed)."
        )
    return rng


def _thin_arguments(cells, probabilities, rng) -> tuple[np.random.Generator, np.ndarray, list[float]]:
    """Check thin()'s inputs: integer counts >= 0, a sequence of probabilities, a Generator."""
    rng = _check_rng(rng)
    if isinstance(probabilities, str) or not isinstance(probabilities, Sequence | np.ndarray):
        raise TypeError(
            f"probabilities must be a sequence, one per step (e.g. [0.8, 0.025]); got {probabilities!r:.60}."
        )
    probs = [_probability(p, f"probabilities[{i}]") for i, p in enumerate(probabilities)]
    counts = np.asarray(cells)
    if counts.dtype.kind not in "iu":
        raise TypeError(f"cells must be integer counts; got an array of dtype {counts.dtype}.")
    if (counts < 0).any():
        raise ValueError("cells must be non-negative counts; got a negative value.")
    return rng, counts, probs


def thin(cells, probabilities, rng: np.random.Generator) -> np.ndarray:
    """Pass counts of cells through successive steps by binomial thinning.

    Parameters
    ----------
    cells : array_like of int
        Cells reaching the first step [cells], any shape, non-negative.
    probabilities : sequence of float
        Probability of passing each step, in order [fraction in [0, 1]].
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of int64, shape ``cells.shape + (len(probabilities) + 1,)``
        The last axis holds the count before any step, then after each step.
    """
    rng, counts, probs = _thin_arguments(cells, probabilities, rng)
    out = np.empty(counts.shape + (len(probs) + 1,), dtype=np.int64)
    out[..., 0] = counts
    for k, p in enumerate(probs, start=1):
        out[..., k] = rng.binomial(out[..., k - 1], p)
    return out


def simulate_cascade(params: CascadeParameters, *, days: int, replicates: int, rng: np.random.Generator) -> np.ndarray:
    """Simulate the cascade day by day for several independent replicates.

    Parameters
    ----------
    params : CascadeParameters
    days : int
        Number of days of shedding (>= 1).
    replicates : int
        Independent runs (>= 1), to see the spread of outcomes.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of int64, shape ``(replicates, days, len(params.stages))``
        Cells shed each day, then the number of those cells passing each step.
    """
    if not isinstance(params, CascadeParameters):
        raise TypeError(
            f"params must be CascadeParameters; got {type(params).__name__}. Use CascadeParameters.from_data()."
        )
    days = _count(days, "days", 1)
    replicates = _count(replicates, "replicates", 1)
    shed = _check_rng(rng).poisson(params.shed_per_day, size=(replicates, days))
    return thin(shed, params.probabilities, rng)


def expected_counts(params: CascadeParameters, *, days: int) -> np.ndarray:
    """Closed-form expected count at each stage over ``days`` days [cells].

    ``m * r * D`` times the running product of the step probabilities.
    """
    days = _count(days, "days", 1)
    if not isinstance(params, CascadeParameters):
        raise TypeError(f"params must be CascadeParameters (e.g. CascadeParameters.from_data()); got {params!r:.60}.")
    return params.shed_per_day * days * np.cumprod([1.0, *params.probabilities])


def funnel_summary(counts: np.ndarray, params: CascadeParameters, *, interval: float = 0.95) -> pd.DataFrame:
    """Totals over days: simulated mean, a central interval, and the expectation.

    Parameters
    ----------
    counts : ndarray, shape (replicates, days, stages)
        Output of :func:`simulate_cascade`.
    params : CascadeParameters
        The parameters the counts were simulated with.
    interval : float
        Width of the central interval across replicates (0.95 = 2.5th to
        97.5th percentile).
    """
    if not isinstance(params, CascadeParameters):
        raise TypeError(f"funnel_summary(params=...) must be CascadeParameters; got {type(params).__name__}.")
    if not isinstance(counts, np.ndarray):
        raise TypeError(
            f"funnel_summary(counts=...) must be the numpy array from simulate_cascade(); got {type(counts).__name__}."
        )
    if counts.ndim != 3 or counts.shape[2] != len(params.stages):
        raise ValueError(
            f"counts must have shape (replicates, days, {len(params.stages)}); "
            f"got {counts.shape}. Pass the output of simulate_cascade()."
        )
    if counts.dtype.kind not in "iu":
        raise TypeError(f"funnel_summary(counts=...) must hold whole cell counts; got dtype {counts.dtype}.")
    if (counts < 0).any():
        raise ValueError("funnel_summary(counts=...) has negative counts; pass the output of simulate_cascade().")
    interval = _probability(interval, "interval")
    totals = counts.sum(axis=1)
    tail = (1 - interval) / 2
    return pd.DataFrame(
        {
            "stage": params.stages,
            "expected": expected_counts(params, days=counts.shape[1]),
            "mean": totals.mean(axis=0),
            "low": np.quantile(totals, tail, axis=0),
            "high": np.quantile(totals, 1 - tail, axis=0),
        }
    )


def plot_funnel(ax, summary: pd.DataFrame):
    """Draw the funnel as dots on a log axis: simulated mean, 95% range, expectation.

    Dots, not bars: on a logarithmic axis a bar's length depends on where the
    axis happens to start, so only the position of a point carries meaning.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    summary : pandas.DataFrame
        Output of :func:`funnel_summary` (columns stage, expected, mean, low, high).
    """
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(
            f"plot_funnel(summary=...) must be the DataFrame from funnel_summary(); got {type(summary).__name__}. "
            "Summarise the simulated counts first: funnel_summary(counts, params)."
        )
    missing = {"stage", "expected", "mean", "low", "high"} - set(summary.columns)
    if missing:
        raise ValueError(f"summary lacks columns {sorted(missing)}; pass the output of funnel_summary().")
    for column in ("expected", "mean", "low", "high"):
        if summary[column].isna().any() or (summary[column] < 0).any():
            raise ValueError(f"plot_funnel: column {column!r} must hold counts >= 0 with none missing.")
    disordered = (summary["low"] > summary["mean"]) | (summary["mean"] > summary["high"])
    if disordered.any():
        row = summary[disordered].iloc[0]
        raise ValueError(
            f"plot_funnel: stage {row['stage']!r} has low {row['low']:g}, mean {row['mean']:g}, high "
            f"{row['high']:g}; expected low <= mean <= high (were low and high swapped?)."
        )
    x = np.arange(len(summary))
    floor = 0.5  # zero cannot sit on a log axis; draw zeros just above it
    mean = summary["mean"].clip(lower=floor)
    err = [
        mean - summary["low"].clip(lower=floor),
        summary["high"].clip(lower=floor) - mean,
    ]
    ax.errorbar(
        x,
        mean,
        yerr=err,
        fmt="o",
        ms=9,
        color="#0072B2",
        ecolor="black",
        capsize=6,
        label="simulated mean (error bars: middle 95% of replicates)",
    )
    ax.plot(
        x,
        summary["expected"].clip(lower=floor),
        "_",
        ms=28,
        mew=2,
        color="#D55E00",
        label="expected (Equation 2)",
    )
    ax.set_yscale("log")
    ax.set_xticks(x, [textwrap.fill(s, 16) for s in summary["stage"]])
    ax.set_xlim(-0.5, len(summary) - 0.5)
    return ax
