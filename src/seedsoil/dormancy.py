r"""Dormant cells and late relapse: why a cancer can come back in bone years after treatment.

A cell that reaches the bone marrow need not grow at once. Many lie *dormant*
in the marrow's niche, neither dividing nor dying, for years. In this model
(every value ILLUSTRATIVE, from ``data/dormancy_assumptions.csv``):

* a patient carries :math:`N \sim \text{Poisson}(m)` dormant cells after treatment
  of the primary tumour;
* each cell wakes at rate :math:`\lambda` per year or dies at rate :math:`\mu`
  per year, whichever comes first;
* a woken cell grows into a detectable bone metastasis with probability :math:`q`.

A cell therefore causes a relapse by year :math:`t` with probability

.. math:: r(t) = q \, \frac{\lambda}{\lambda + \mu} \left(1 - e^{-(\lambda + \mu) t}\right) \qquad (1)

and, because the cells are a Poisson number acting independently, the share of
patients who have relapsed by year :math:`t` is

.. math:: F(t) = 1 - e^{-m \, r(t)} . \qquad (2)

Relapses keep coming long after treatment, at a slowly falling rate, as Pan et
al. (2017) found for ER-positive disease from 5 to 20 years; a cell that is
lost for good (the cascade of lesson 02 without a dormant pool) cannot do that.

>>> p = DormancyParameters(dormant_cells_mean=1.0, wake_rate=0.1, death_rate=0.0, grow_after_wake=1.0)
>>> round(relapse_fraction(p, 10.0), 4)  # 1 - exp(-(1 - e^-1))
0.4685

References
----------
Braun S, et al. A pooled analysis of bone marrow micrometastasis in breast cancer.
N Engl J Med 2005;353:793-802.
Pan H, et al. 20-year risks of breast-cancer recurrence after stopping endocrine
therapy at 5 years. N Engl J Med 2017;377:1836-1846.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from seedsoil._validation import count, generator, number, numbers, probability, require
from seedsoil.data import load_table

__all__ = ["DormancyParameters", "relapse_fraction", "relapse_per_cell", "simulate_relapse_years"]


@dataclass(frozen=True)
class DormancyParameters:
    """The dormant-cell model's inputs; every one is an illustrative assumption.

    Parameters
    ----------
    dormant_cells_mean : float
        Mean number of dormant cells per patient, m [cells], >= 0.
    wake_rate : float
        Rate at which a dormant cell wakes, λ [per year], >= 0.
    death_rate : float
        Rate at which a dormant cell dies without waking, μ [per year], >= 0.
    grow_after_wake : float
        Chance that a woken cell grows into a detectable metastasis, q [0-1].
    """

    dormant_cells_mean: float
    wake_rate: float
    death_rate: float
    grow_after_wake: float

    def __post_init__(self):
        for name in ("dormant_cells_mean", "wake_rate", "death_rate"):
            number(getattr(self, name), f"DormancyParameters.{name}", low=0, finite=True)
        probability(self.grow_after_wake, "DormancyParameters.grow_after_wake")
        require(
            self.wake_rate + self.death_rate > 0,
            "DormancyParameters needs wake_rate + death_rate > 0: a cell that can neither wake nor die stays forever.",
        )

    @classmethod
    def from_data(cls, table=None) -> DormancyParameters:
        """The course's illustrative values, read from ``data/dormancy_assumptions.csv``."""
        rows = load_table("dormancy_assumptions") if table is None else table
        values = dict(zip(rows["name"], rows["value"], strict=True))
        missing = [f.name for f in fields(cls) if f.name not in values]
        require(not missing, f"dormancy_assumptions lacks the row(s) {missing}; add them with a value and a note.")
        return cls(**{f.name: float(values[f.name]) for f in fields(cls)})


def relapse_per_cell(params: DormancyParameters, years) -> np.ndarray | float:
    """Chance that one dormant cell has caused a relapse by ``years`` after treatment, equation (1)."""
    t = numbers(years, "relapse_per_cell(years=...)", low=0)
    rate = params.wake_rate + params.death_rate
    r = params.grow_after_wake * params.wake_rate / rate * -np.expm1(-rate * t)
    return float(r) if r.ndim == 0 else r


def relapse_fraction(params: DormancyParameters, years) -> np.ndarray | float:
    """Expected share of patients with a bone relapse by ``years`` after treatment, equation (2)."""
    f = -np.expm1(-params.dormant_cells_mean * np.asarray(relapse_per_cell(params, years)))
    return float(f) if f.ndim == 0 else f


def simulate_relapse_years(params: DormancyParameters, *, patients: int, rng: np.random.Generator) -> np.ndarray:
    r"""Year of first bone relapse for each simulated patient (``inf`` for those who never relapse).

    Vectorised: a Poisson number of dormant cells that will ever cause a relapse
    (mean :math:`m q \lambda / (\lambda + \mu)`) per patient; each waits an
    exponential time with rate :math:`\lambda + \mu` (the time to the first of
    waking or dying, given that waking came first), so the first of :math:`K`
    waits is exponential with rate :math:`K (\lambda + \mu)`.
    """
    patients = count(patients, "patients", minimum=1)
    rng = generator(rng)
    rate = params.wake_rate + params.death_rate
    relapsing_cells = rng.poisson(
        params.dormant_cells_mean * params.grow_after_wake * params.wake_rate / rate, patients
    )
    waits = rng.exponential(1.0, patients)
    return np.divide(waits, relapsing_cells * rate, out=np.full(patients, np.inf), where=relapsing_cells > 0)
