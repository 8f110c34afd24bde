r"""Survival statistics as cancer registries report them: observed, expected, relative.

*Relative survival* compares the share of patients alive after t years (the
observed survival) with the share of people of the same age and sex in the
general population expected to be alive (the expected survival, taken from a
life table):

.. math::

    R(t) = \frac{S_O(t)}{S_E(t)}

so, provided the patients die of other causes at the same rates as the general
population of the same age and sex, it estimates survival as if the cancer were
the only cause of death, without needing to know what each person died of
(Ederer, Axtell & Cutler 1961).

The expected survival here follows the *Ederer I* method: each patient's
chance of outliving the general population's death probabilities ``q_x`` from
their age at diagnosis, averaged over the cohort. SEER uses the refined
*Ederer II* method, which averages each year over the patients still alive
(Cho et al. 2011).

This module also holds two small simulations used in lesson 06: lead-time bias
(earlier detection lengthens survival from diagnosis without delaying death)
and period versus cohort estimates when care improves year by year.

>>> round(relative_survival(0.30, 0.90), 4)
0.3333
>>> expected_survival_from_lifetable({60: 0.1, 61: 0.2}, ages=[60], years=2)
array([1.  , 0.9 , 0.72])

References
----------
Ederer F, Axtell LM, Cutler SJ. The relative survival rate: a statistical
methodology. Natl Cancer Inst Monogr 1961;6:101-121.
Cho H, Howlader N, Mariotto AB, Cronin KA. Estimating relative survival for
cancer patients from the SEER Program using expected rates based on Ederer I
versus Ederer II method. NCI Technical Report 2011-01.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from seedsoil._validation import count, generator, number, require
from seedsoil._validation import table as _table

__all__ = [
    "SimulationParameters",
    "cohort_and_period_estimates",
    "expected_survival_from_lifetable",
    "relative_survival",
    "simulate_diagnosis_years",
    "simulate_lead_time",
    "observed_survival",
]


def _as_probability(value, name: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a number or an array of numbers between 0 and 1; got {value!r}.") from exc
    require(not np.isnan(array).any(), f"{name} contains NaN; remove or fill missing values first.")
    require(
        ((array >= 0) & (array <= 1)).all(),
        f"{name} must be a proportion between 0 and 1; got {value!r}. If you have percentages, divide them by 100.",
    )
    return array


def _observed_and_expected(observed, expected) -> tuple[np.ndarray, np.ndarray]:
    obs = _as_probability(observed, "observed")
    exp = _as_probability(expected, "expected")
    require(
        not (obs.ndim and exp.ndim and obs.shape != exp.shape),
        f"observed and expected must have one value per time point each; got {obs.size} and {exp.size} values.",
    )
    require((exp != 0).all(), "expected survival is 0 for some entry; relative survival is undefined there.")
    return obs, exp


def relative_survival(observed, expected):
    """Relative survival: observed survival divided by expected survival.

    Parameters
    ----------
    observed : float or array_like
        Share of patients alive at time t (all causes of death) [proportion, 0-1].
    expected : float or array_like
        Share of a comparable general-population group expected alive at t,
        from a life table [proportion, 0 < expected <= 1].

    Returns
    -------
    float or numpy.ndarray
        Relative survival [ratio]. It can exceed 1 when patients fare better
        than the general population (e.g. healthier people are screened).

    Raises
    ------
    ValueError
        If a value lies outside [0, 1] (for example a percentage) or the
        expected survival is 0.

    Examples
    --------
    >>> relative_survival([0.9, 0.3], [0.9, 0.6])
    array([1. , 0.5])
    """
    obs, exp = _observed_and_expected(observed, expected)
    ratio = obs / exp
    return float(ratio) if ratio.ndim == 0 else ratio


def _lookup(q_x: Mapping[int, float], age: int) -> float:
    if age not in q_x:
        raise _no_such_age(q_x, age)
    return float(q_x[age])


def _no_such_age(q_x: Mapping, age: int) -> Exception:
    """Why the life table has no row for ``age``: ages that are not whole numbers, or an age beyond the table."""
    not_whole = [a for a in q_x if isinstance(a, bool) or not isinstance(a, numbers.Integral)]
    if not_whole:
        return TypeError(
            f"The life table's ages must be whole numbers (int); got {type(not_whole[0]).__name__} "
            f"{not_whole[0]!r}. Convert them first, e.g. q_x.index = q_x.index.astype(int)."
        )
    known = sorted(int(a) for a in q_x)
    span = f"{known[0]}-{known[-1]}" if known else "none"
    return ValueError(
        f"The life table has no death probability for age {age} (ages available: {span}). "
        "Use a table that covers every age from diagnosis to the end of follow-up, or shorten `years`."
    )


def _life_table_arguments(q_x, ages, years) -> tuple[Mapping[int, float], np.ndarray, int]:
    """Check expected_survival_from_lifetable's inputs; return q_x as a dict and ages as an array."""
    if isinstance(q_x, pd.Series):
        twice = sorted(set(q_x.index[q_x.index.duplicated()]))
        require(not twice, f"q_x has more than one death probability for age(s) {twice}; keep one row per age.")
        q_x = q_x.to_dict()
    require(
        isinstance(q_x, Mapping),
        f"q_x must map age to death probability (dict or pandas Series); got {type(q_x).__name__}.",
        TypeError,
    )
    _as_probability(list(q_x.values()), "q_x")
    require(_whole(years), f"years must be a whole number of years; got {years!r}.", TypeError)
    require(years >= 1, f"years must be at least 1; got {years}.")
    ages = np.atleast_1d(ages)
    require(ages.size > 0, "ages is empty; give the age at diagnosis of at least one person.")
    require(
        np.issubdtype(ages.dtype, np.integer), f"ages must be whole years (integers); got {ages.tolist()!r}.", TypeError
    )
    return q_x, ages, int(years)


def _whole(value) -> bool:
    """An integer type (int, numpy int), not a bool and not a float such as 5.0."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def expected_survival_from_lifetable(q_x, ages, years: int) -> np.ndarray:
    r"""Expected survival of a cohort from a life table (Ederer I method).

    Each person diagnosed at age a is expected to be alive after t whole years
    with probability :math:`\prod_{k=0}^{t-1}(1 - q_{a+k})`; the cohort's
    expected survival is the average over its members:

    .. math::

        S_E(t) = \frac{1}{n} \sum_{i=1}^{n} \prod_{k=0}^{t-1} (1 - q_{a_i + k})

    Parameters
    ----------
    q_x : mapping of int to float, or pandas.Series indexed by age
        Probability of dying between exact ages x and x+1 [proportion, 0-1].
    ages : int or sequence of int
        Age of each cohort member at diagnosis [whole years].
    years : int
        Length of follow-up [whole years], at least 1.

    Returns
    -------
    numpy.ndarray
        ``years + 1`` values: expected survival at t = 0, 1, ..., years
        [proportion]; the first is 1.

    Raises
    ------
    ValueError
        If ``years`` < 1, ``ages`` is empty, a ``q_x`` is outside [0, 1], or
        the table lacks an age that follow-up reaches.
    TypeError
        If ``years`` or an age is not a whole number.
    """
    q_x, ages, years = _life_table_arguments(q_x, ages, years)
    survival = np.ones((ages.size, years + 1))
    for i, age in enumerate(ages):
        for k in range(years):
            survival[i, k + 1] = survival[i, k] * (1 - _lookup(q_x, int(age) + k))
    return survival.mean(axis=0)


def observed_survival(times, horizon: float) -> float:
    """Share of survival times longer than ``horizon`` (all followed to death).

    >>> observed_survival([1, 2, 6, 8], horizon=5)
    0.5

    Raises
    ------
    ValueError
        If ``times`` is empty or holds a NaN or negative time, or ``horizon``
        is NaN or negative.
    """
    times = _times_to_death(times)
    horizon = number(horizon, "observed_survival(horizon=...)", low=0, hint="The horizon is a time after diagnosis.")
    return float(np.mean(times > horizon))


def _times_to_death(times) -> np.ndarray:
    name = "observed_survival(times=...)"
    try:
        times = np.atleast_1d(np.asarray(times, dtype=float))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numbers (times to death); got {times!r:.80}.") from exc
    require(times.ndim == 1, f"{name} must be one time per patient (1-D); got shape {times.shape}.")
    require(times.size > 0, "times is empty; nothing to estimate survival from.")
    bad = np.isnan(times) | (times < 0)
    first = int(bad.argmax())
    require(
        not bad.any(),
        f"{name} must be times >= 0 with none missing; entry {first} is {times[first]:g}. "
        "Remove or fill missing times first (a NaN is not a death).",
    )
    return times


@dataclass(frozen=True)
class SimulationParameters:
    """Illustrative assumptions for lesson 06's simulations (none is measured).

    Attributes
    ----------
    median_survival_months : float
        Median time from diagnosis at symptoms to death [months].
    lead_time_months : float
        How much earlier a scan finds the same disease [months].
    n_patients : int
        Patients simulated per scenario or per diagnosis year [people].
    first_year_hazard_per_year : float
        Death rate of patients diagnosed in the first simulated year [per year].
    hazard_change_per_year : float
        Relative change of that rate with each later diagnosis year [fraction
        per year]; negative means care improves.
    n_diagnosis_years : int
        Number of consecutive diagnosis years [years].
    """

    median_survival_months: float
    lead_time_months: float
    n_patients: int
    first_year_hazard_per_year: float
    hazard_change_per_year: float
    n_diagnosis_years: int

    def __post_init__(self):
        for name in ("n_patients", "n_diagnosis_years"):
            count(getattr(self, name), f"SimulationParameters.{name}", minimum=1)
        for name in ("median_survival_months", "first_year_hazard_per_year"):
            value = number(getattr(self, name), f"SimulationParameters.{name}", finite=True)
            require(value > 0, f"SimulationParameters.{name} must be positive; got {getattr(self, name)!r}.")
        number(self.lead_time_months, "SimulationParameters.lead_time_months", low=0, finite=True)
        number(
            self.hazard_change_per_year,
            "SimulationParameters.hazard_change_per_year",
            low=-1,
            low_open=True,
            finite=True,
            hint="Each year multiplies the rate by (1 + change), so the change must stay above -1.",
        )

    @classmethod
    def illustrative(cls, table: pd.DataFrame | None = None) -> SimulationParameters:
        """The course's illustrative values, from ``survival_simulation_parameters``.

        Every field is read from the table (``data/survival_simulation_parameters.csv``
        unless another table with columns ``parameter`` and ``value`` is given);
        none is written in the code.
        """
        if table is None:
            from seedsoil.data import load_table

            table = load_table("survival_simulation_parameters")
        _table(
            table,
            "SimulationParameters.illustrative(table=...)",
            ["parameter", "value"],
            made_by="load_table('survival_simulation_parameters')",
        )
        values = table.set_index("parameter")["value"]
        fields = list(cls.__dataclass_fields__)
        missing = [name for name in fields if name not in values.index]
        require(
            not missing,
            f"survival_simulation_parameters lacks the row(s) {missing} in column 'parameter'; "
            f"it needs one row for each of {fields}.",
        )
        kwargs = {name: float(values[name]) for name in fields}
        for name in ("n_patients", "n_diagnosis_years"):
            require(
                kwargs[name].is_integer(),
                f"survival_simulation_parameters row {name!r}: value {kwargs[name]:g} must be a whole number.",
            )
            kwargs[name] = int(kwargs[name])
        return cls(**kwargs)


def simulate_lead_time(params: SimulationParameters, rng: np.random.Generator) -> pd.DataFrame:
    """Survival from diagnosis with and without earlier detection; same deaths.

    Each patient's time from diagnosis at symptoms to death is exponential
    with the given median. Earlier detection moves the diagnosis
    ``lead_time_months`` earlier and leaves the date of death unchanged.

    Returns
    -------
    pandas.DataFrame
        Columns ``found_at_symptoms`` and ``found_earlier``: months from
        diagnosis to death, one row per patient.
    """
    rng = generator(rng)
    scale = params.median_survival_months / np.log(2)
    after_symptoms = rng.exponential(scale, size=params.n_patients)
    return pd.DataFrame(
        {
            "found_at_symptoms": after_symptoms,
            "found_earlier": after_symptoms + params.lead_time_months,
        }
    )


def simulate_diagnosis_years(params: SimulationParameters, rng: np.random.Generator) -> pd.DataFrame:
    """Patients diagnosed in consecutive years whose death rate falls year by year.

    Patients diagnosed in year y (0, 1, ...) die at a constant rate
    :math:`h_y = h_0 (1 + c)^y` per year, with h₀ the first-year rate and c
    the yearly relative change.

    Returns
    -------
    pandas.DataFrame
        ``diagnosis_year`` (0-based) and ``years_to_death`` [years].
    """
    rng = generator(rng)
    years = np.repeat(np.arange(params.n_diagnosis_years), params.n_patients)
    hazard = params.first_year_hazard_per_year * (1 + params.hazard_change_per_year) ** years
    return pd.DataFrame({"diagnosis_year": years, "years_to_death": rng.exponential(1 / hazard)})


def _years_available(patients: pd.DataFrame, now, horizon) -> dict[int, np.ndarray]:
    """Years to death by diagnosis year, after checking that now and horizon can be answered."""
    for name, value in (("now", now), ("horizon", horizon)):
        require(
            _whole(value),
            f"{name} must be a whole calendar year count; got {type(value).__name__} {value!r}.",
            TypeError,
        )
    require(horizon >= 1, f"horizon must be at least 1 year; got {horizon}.")
    _table(patients, "patients", ["diagnosis_year", "years_to_death"], made_by="simulate_diagnosis_years()")
    by_year = {int(y): g["years_to_death"].to_numpy() for y, g in patients.groupby("diagnosis_year")}
    needed = range(now - horizon, now)
    absent = [y for y in needed if y not in by_year]
    require(
        not absent,
        f"now={now} with horizon={horizon} needs diagnosis years {needed.start} to {needed.stop - 1}; "
        f"the table has none for {absent} (it has {min(by_year, default=None)} to {max(by_year, default=None)}).",
    )
    return by_year


def cohort_and_period_estimates(patients: pd.DataFrame, now: int, horizon: int = 5) -> dict[str, float]:
    """5-year survival as it can be known at the start of calendar year ``now``.

    Patients are diagnosed at the start of their diagnosis year.

    - *cohort*: the newest cohort with complete follow-up, diagnosed in
      ``now - horizon``: the share alive ``horizon`` years later.
    - *period*: survival through each follow-up year k, taken from the
      patients who lived through that year during the last calendar year
      (diagnosed in ``now - 1 - k``), multiplied together.
    - *newest*: what the cohort diagnosed in ``now - 1`` will turn out to
      have (known only ``horizon`` years later; the simulation can peek).

    Returns
    -------
    dict
        ``cohort``, ``period`` and ``newest`` 5-year survival [proportion].
    """
    by_year = _years_available(patients, now, horizon)
    cohort = observed_survival(by_year[now - horizon], horizon)
    period = 1.0
    for k in range(horizon):
        times = by_year[now - 1 - k]
        at_risk = times > k
        period *= float(np.mean(times[at_risk] > k + 1))
    newest = observed_survival(by_year[now - 1], horizon)
    return {"cohort": cohort, "period": period, "newest": newest}
