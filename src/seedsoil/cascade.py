r"""The metastatic cascade as an attrition model: many cells leave, very few arrive.

A tumour of mass :math:`m` sheds cells into the blood at a rate :math:`r`
per gram per day (this covers local invasion and intravasation). Each later
step :math:`k` lets a cell through with probability :math:`p_k`, independently
of every other cell. The expected number of cells that pass step :math:`K`
after :math:`D` days is

.. math::

    E[N_K] = m \, r \, D \prod_{k=1}^{K} p_k .

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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from seedsoil._validation import count, generator, number, one_of, probability, require
from seedsoil.data import load_table

__all__ = [
    "CascadeParameters",
    "expected_counts",
    "funnel_summary",
    "simulate_cascade",
    "thin",
]

SHED_STAGE = "shed into the blood"
# numpy's Poisson sampler refuses means above about 9.2e18; stay well clear of it.
MAX_SHED_PER_DAY = 1e15


def _real(value, name: str) -> float:
    """``value`` as a finite float, refused in the words the lessons and tests use ("a real number", "finite")."""
    require(
        isinstance(value, numbers.Real) and not isinstance(value, bool),
        f"{name} must be a real number; got {value!r} ({type(value).__name__}).",
        TypeError,
    )
    require(not math.isnan(value), f"{name} must be a finite number; got {value!r}.")
    return number(value, name, finite=True)


def _is_sequence(value) -> bool:
    """Whether ``value`` is a list, tuple, array or Series (text is not)."""
    return isinstance(value, Sequence | np.ndarray | pd.Series) and not isinstance(value, str)


def _cascade_parameters(params, name: str = "params") -> CascadeParameters:
    """``params`` if it is a :class:`CascadeParameters`; the message says how to make one."""
    require(
        isinstance(params, CascadeParameters),
        f"{name} must be CascadeParameters; got {type(params).__name__}. Use CascadeParameters.from_data().",
        TypeError,
    )
    return params


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
        rate = _real(self.shedding_per_g_per_day, "shedding_per_g_per_day")
        require(mass > 0, f"tumour_mass_g must be > 0 grams; got {mass:g}.")
        require(rate >= 0, f"shedding_per_g_per_day must be >= 0 cells/g/day; got {rate:g}.")
        require(
            mass * rate <= MAX_SHED_PER_DAY,
            f"tumour_mass_g x shedding_per_g_per_day = {mass * rate:.3g} cells/day is beyond what the simulator "
            f"handles (at most {MAX_SHED_PER_DAY:.0e}); use a smaller tumour or rate.",
        )
        for name, example in (("steps", "('survive in the blood', ...)"), ("probabilities", "(0.8, 0.025, 0.01)")):
            value = getattr(self, name)
            require(
                _is_sequence(value),
                f"{name} must be a tuple or list with one entry per step, e.g. {example}; "
                f"got {type(value).__name__} {value!r}.",
                TypeError,
            )
        steps = tuple(self.steps)
        named = all(isinstance(s, str) and s.strip() for s in steps)
        require(named, f"steps must be non-empty strings; got {steps!r}.", TypeError)
        labels = [f"probabilities[{i}] ({steps[i] if i < len(steps) else '?'})" for i in range(len(self.probabilities))]
        probs = tuple(probability(_real(p, label), label) for label, p in zip(labels, self.probabilities, strict=True))
        require(
            len(probs) == len(steps),
            f"probabilities has {len(probs)} values but steps names {len(steps)}; give one probability per step.",
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
        row = shedding.loc[one_of(condition, "condition", shedding.index)]
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
        require(step in self.steps, f"No step named {step!r}; the steps are {list(self.steps)}.")
        probs = list(self.probabilities)
        probs[self.steps.index(step)] = probability
        return replace(self, probabilities=tuple(probs))


def _step_probabilities(probabilities) -> list[float]:
    """One probability per step, in a sequence; each in [0, 1]."""
    require(
        _is_sequence(probabilities),
        f"probabilities must be a sequence, one per step (e.g. [0.8, 0.025]); got {probabilities!r:.60}.",
        TypeError,
    )
    return [probability(p, f"probabilities[{i}]") for i, p in enumerate(probabilities)]


def _cell_counts(cells) -> np.ndarray:
    """``cells`` as an array of whole, non-negative counts."""
    counts = np.asarray(cells)
    whole = counts.dtype.kind in "iu"
    require(whole, f"cells must be integer counts; got an array of dtype {counts.dtype}.", TypeError)
    require((counts >= 0).all(), "cells must be non-negative counts; got a negative value.")
    return counts


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
    rng = generator(rng)
    probs = _step_probabilities(probabilities)
    counts = _cell_counts(cells)
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
    params = _cascade_parameters(params)
    days = count(days, "days", 1)
    replicates = count(replicates, "replicates", 1)
    shed = generator(rng).poisson(params.shed_per_day, size=(replicates, days))
    return thin(shed, params.probabilities, rng)


def expected_counts(params: CascadeParameters, *, days: int) -> np.ndarray:
    """Closed-form expected count at each stage over ``days`` days [cells].

    ``m * r * D`` times the running product of the step probabilities.
    """
    days = count(days, "days", 1)
    params = _cascade_parameters(params)
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
    params = _cascade_parameters(params, "funnel_summary(params=...)")
    shape = f"(replicates, days, {len(params.stages)})"
    require(
        isinstance(counts, np.ndarray),
        f"funnel_summary(counts=...) must be the numpy array from simulate_cascade(); got {type(counts).__name__}.",
        TypeError,
    )
    require(
        counts.ndim == 3 and counts.shape[2] == len(params.stages),
        f"counts must have shape {shape}; got {counts.shape}. Pass the output of simulate_cascade().",
    )
    whole = counts.dtype.kind in "iu"
    require(whole, f"funnel_summary(counts=...) must hold whole cell counts; got dtype {counts.dtype}.", TypeError)
    require(
        (counts >= 0).all(), "funnel_summary(counts=...) has negative counts; pass the output of simulate_cascade()."
    )
    interval = probability(interval, "interval")
    totals = counts.sum(axis=1)
    tail = (1 - interval) / 2
    summary = pd.DataFrame(
        {
            "stage": params.stages,
            "expected": expected_counts(params, days=counts.shape[1]),
            "mean": totals.mean(axis=0),
            "low": np.quantile(totals, tail, axis=0),
            "high": np.quantile(totals, 1 - tail, axis=0),
        }
    )
    summary.attrs["interval"] = interval  # so a chart can say which interval low-high is
    return summary
