r"""Time-to-event estimates written out in full, so a lesson can show them.

The Kaplan–Meier (product-limit) estimator [1]_ of the survival function
:math:`S(t) = P(T > t)` multiplies, over the distinct event times
:math:`t_j \le t`, the fraction of those still at risk who did not have the
event then:

.. math::  \hat S(t) = \prod_{t_j \le t} \left(1 - \frac{d_j}{n_j}\right)

where :math:`d_j` is the number of events at :math:`t_j` and :math:`n_j` the
number still followed (at risk) just before it. A *censored* patient — last
seen event-free — counts in :math:`n_j` for every time up to her last visit
and then leaves the risk set without ever being counted as an event.

References
----------
.. [1] Kaplan EL, Meier P. Nonparametric estimation from incomplete
   observations. J Am Stat Assoc 1958;53:457-481. doi:10.1080/01621459.1958.10501452
.. [2] Cox DR. Regression models and life-tables. J R Stat Soc B
   1972;34:187-220. doi:10.1111/j.2517-6161.1972.tb00899.x
.. [3] Early Breast Cancer Trialists' Collaborative Group. Adjuvant
   bisphosphonate treatment in early breast cancer: meta-analyses of individual
   patient data from randomised trials. Lancet 2015;386:1353-1361 (rate ratios
   estimated from log-rank O - E and its variance V).
   doi:10.1016/S0140-6736(15)60908-4

Examples
--------
>>> table = kaplan_meier([2, 3, 3, 5, 8], [1, 1, 0, 1, 0])
>>> table["survival"].round(3).tolist()
[0.8, 0.6, 0.3]
>>> round(survival_at(table, 4.0), 3)
0.6
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm

from seedsoil._validation import number, numbers, one_of, require

__all__ = [
    "NAIVE_METHODS",
    "LogRank",
    "PetoEstimate",
    "kaplan_meier",
    "log_rank",
    "median_survival",
    "naive_survival",
    "peto_hazard_ratio",
    "proportional_hazards_curve",
    "survival_at",
]

NAIVE_METHODS = ("drop", "as_event", "as_survivor")


def _time(value, name: str) -> float:
    t = number(value, name)
    require(t >= 0, f"{name} must be a time >= 0 (same unit as the follow-up times); got {t:g}.")
    return t


def _km_table(table, function: str, columns=("time", "survival")) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"{function}(table=...) must be the DataFrame from kaplan_meier(); got {type(table).__name__} "
            f"{table!r:.60}. Did you swap the arguments?"
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"{function}(table=...) lacks column(s) {missing} (it has {list(table.columns)}); "
            "pass the table returned by kaplan_meier(times, events), not the patients' data."
        )
    return table


def _alpha(alpha) -> float:
    a = number(alpha, "alpha")
    require(
        0 < a <= 0.5,
        f"alpha is 1 − confidence: 0.05 for a 95% band, 0.1 for 90%; got {a:g}. "
        "It must lie in (0, 0.5]; a value like 0.95 would give a 5% band.",
    )
    return a


def _hazard_ratio(hazard_ratio) -> float:
    hr = number(hazard_ratio, "hazard_ratio")
    require(0 < hr < np.inf, f"hazard_ratio must be a finite number > 0 (e.g. 0.72); got {hr:g}.")
    return hr


def _as_arrays(times, events) -> tuple[np.ndarray, np.ndarray]:
    """One follow-up time (finite, >= 0) and one event flag (1 or 0) per patient."""
    t = np.asarray(times, dtype=float)
    e = np.asarray(events)
    require(
        t.ndim == 1 and e.shape == t.shape,
        f"times and events must be 1-D and of equal length; got shapes {t.shape} and {e.shape}. "
        "Pass one time and one event flag per patient.",
    )
    require(t.size > 0, "times is empty; a survival estimate needs at least one patient.")
    bad = ~np.isfinite(t) | (t < 0)
    first = int(bad.argmax())
    require(
        not bad.any(),
        f"times must be finite and >= 0; patient {first} has time {t[first]:g}. Remove or correct that row.",
    )
    odd = ~np.isin(e, (0, 1))
    first = int(odd.argmax())
    require(
        not odd.any(),
        f"events must be coded 1 (event observed) or 0 (censored); patient {first} has {e[first].item()!r}. "
        "Recode the column, e.g. events = (status == 'relapse').astype(int).",
    )
    return t, e.astype(int)


def kaplan_meier(times, events, *, alpha: float = 0.05) -> pd.DataFrame:
    r"""Kaplan–Meier table: one row per distinct event time.

    Parameters
    ----------
    times : array-like of float
        Follow-up time of each patient (any unit; the output keeps it).
    events : array-like of {0, 1}
        1 if the event was observed at ``times``, 0 if the patient was censored then.
    alpha : float
        1 minus the confidence level of the pointwise band (0.05 gives 95%).

    Returns
    -------
    pandas.DataFrame
        ``time``, ``at_risk`` (n_j), ``events`` (d_j), ``survival`` (S(t) just
        after t_j), ``std_err`` (Greenwood) and ``lower``/``upper``: the
        log(-log) band, which stays inside [0, 1] (the default of lifelines).

    Notes
    -----
    Greenwood's variance is :math:`\hat S^2 \sum d_j / (n_j (n_j - d_j))`. The band
    transforms :math:`c = \log(-\log \hat S)`, whose standard error is
    :math:`\sqrt{\sum d_j/(n_j(n_j-d_j))} / |\log \hat S|`, and maps
    :math:`c \pm z\,\mathrm{se}` back with :math:`\exp(-\exp(\cdot))`.
    """
    t, e = _as_arrays(times, events)
    z = norm.ppf(1 - _alpha(alpha) / 2)
    event_times = np.unique(t[e == 1])
    at_risk = np.array([(t >= s).sum() for s in event_times])
    deaths = np.array([((t == s) & (e == 1)).sum() for s in event_times])
    survival = np.cumprod(1 - deaths / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(deaths / (at_risk * (at_risk - deaths)))
        se_loglog = np.sqrt(greenwood) / np.abs(np.log(survival))
        c = np.log(-np.log(survival))
        lower = np.exp(-np.exp(c + z * se_loglog))
        upper = np.exp(-np.exp(c - z * se_loglog))
    return pd.DataFrame(
        {
            "time": event_times,
            "at_risk": at_risk,
            "events": deaths,
            "survival": survival,
            "std_err": survival * np.sqrt(greenwood),
            "lower": np.where(survival > 0, lower, 0.0),
            "upper": np.where(survival > 0, upper, 0.0),
        }
    )


def survival_at(table: pd.DataFrame, t: float) -> float:
    """Read the Kaplan–Meier step function at time ``t`` (same unit as the table).

    The curve is 1 before the first event and flat between events. Beyond the
    last event it stays at its last value, which is only meaningful while
    patients are still followed.
    """
    table = _km_table(table, "survival_at")
    t = _time(t, "survival_at(t=...)")
    before = table.loc[table["time"] <= t, "survival"]
    return float(before.iloc[-1]) if len(before) else 1.0


def median_survival(table: pd.DataFrame) -> float:
    """Median survival time: the first time the curve falls to 0.5 or below.

    Returns ``inf`` if the curve never reaches 0.5 (more than half the patients
    were event-free at their last visit) — the median is then not estimable.
    """
    table = _km_table(table, "median_survival")
    reached = table.loc[table["survival"] <= 0.5, "time"]
    return float(reached.iloc[0]) if len(reached) else float("inf")


def naive_survival(times, events, t: float, *, method: str = "drop") -> float:
    """The share event-free at ``t`` computed as if censoring did not exist.

    Parameters
    ----------
    times, events : array-like
        As for :func:`kaplan_meier`.
    t : float
        Time at which to read the share (same unit as ``times``).
    method : {"drop", "as_event", "as_survivor"}
        What to do with patients censored before ``t``: leave them out
        ("drop"), count them as having had the event ("as_event"), or count
        them as event-free at ``t`` ("as_survivor"). All three are wrong; the
        lesson compares them with :func:`kaplan_meier`.

    Returns
    -------
    float
        Share of patients counted as event-free at ``t``.
    """
    tt, e = _as_arrays(times, events)
    one_of(method, "method", NAIVE_METHODS)
    t = _time(t, "t")
    event_by_t = (tt <= t) & (e == 1)
    censored_early = (tt < t) & (e == 0)
    if method == "drop":
        keep = ~censored_early
        require(
            keep.any(),
            f"every patient was censored before t = {t:g}, so dropping them leaves nobody to count. "
            "Choose an earlier t.",
        )
        return float(1 - event_by_t[keep].mean())
    if method == "as_event":
        return float(1 - (event_by_t | censored_early).mean())
    return float(1 - event_by_t.mean())


@dataclass(frozen=True)
class LogRank:
    """The log-rank comparison of group A with group B, from A's point of view.

    Attributes
    ----------
    observed, expected : float
        Events seen in group A (O) and the number expected (E) if both groups
        shared one hazard [events].
    variance : float
        Hypergeometric variance V of O - E [events²].
    chi_square : float
        (O - E)² / V, compared with a chi-square distribution with 1 degree of
        freedom (two groups, one comparison) [dimensionless].
    p_value : float
        Chance of a chi-square at least this large if the groups truly shared
        one hazard.
    rate_ratio : float
        exp((O - E) / V): the one-step estimate of A's event rate relative to
        B's, roughly a hazard ratio averaged over follow-up (the EBCTCG's
        "rate ratio" [3]_) [dimensionless].
    """

    observed: float
    expected: float
    variance: float
    chi_square: float
    p_value: float
    rate_ratio: float


def log_rank(times_a, events_a, times_b, events_b) -> LogRank:
    r"""Log-rank test of group A against group B, with the (O - E)/V rate ratio.

    At each distinct event time with :math:`n` women at risk (:math:`n_A` of them
    in A) and :math:`d` events, A is expected to have :math:`d\,n_A/n` of them;
    the variance adds :math:`d\,(n_A/n)(1 - n_A/n)(n-d)/(n-1)`. Times in any
    unit (the same for both groups); events coded 1 (event) or 0 (censored).
    """
    ta, ea = _as_arrays(times_a, events_a)
    tb, eb = _as_arrays(times_b, events_b)
    t, e = np.concatenate([ta, tb]), np.concatenate([ea, eb])
    in_a = np.concatenate([np.ones(ta.size, bool), np.zeros(tb.size, bool)])
    event_times = np.unique(t[e == 1])
    require(
        event_times.size > 0, "log_rank needs at least one event in the two groups together; both are all censored."
    )
    n = np.array([(t >= s).sum() for s in event_times], dtype=float)
    n_a = np.array([((t >= s) & in_a).sum() for s in event_times], dtype=float)
    d = np.array([((t == s) & (e == 1)).sum() for s in event_times], dtype=float)
    observed = float(((e == 1) & in_a).sum())
    expected = float((d * n_a / n).sum())
    ties = np.divide(n - d, n - 1, out=np.zeros_like(n), where=n > 1)
    variance = float((d * (n_a / n) * (1 - n_a / n) * ties).sum())
    require(variance > 0, "log_rank: the variance is 0 (one group is empty at every event time); nothing to compare.")
    statistic = (observed - expected) ** 2 / variance
    return LogRank(
        observed,
        expected,
        variance,
        statistic,
        float(chi2.sf(statistic, 1)),
        float(np.exp((observed - expected) / variance)),
    )


def proportional_hazards_curve(survival, hazard_ratio: float) -> np.ndarray:
    """Survival of a group whose hazard is ``hazard_ratio`` times a reference group's.

    Under proportional hazards [2]_ the cumulative hazards scale, so
    :math:`S_1(t) = S_0(t)^{HR}`. A hazard ratio below 1 lifts the curve.
    """
    hr = _hazard_ratio(hazard_ratio)
    s = numbers(survival, "survival", low=0, high=1, hint="Pass probabilities, not percentages.")
    return s**hr


@dataclass(frozen=True)
class PetoEstimate:
    """The one-step (Peto) log-rank estimate of a hazard ratio, group 1 against group 0.

    Attributes
    ----------
    observed, expected : float
        Events in group 1 (O) and the number expected (E) if both groups shared one hazard [events].
    variance : float
        Hypergeometric variance V of O - E [events²].
    log_hr, se : float
        (O - E) / V, the estimated log hazard ratio, and its standard error 1 / sqrt(V).
    hazard_ratio, ci_low, ci_high : float
        exp((O - E)/V) and its 95% interval exp((O - E)/V ± 1.96/sqrt(V)).
    p_value : float
        Two-sided p-value of the log-rank test, from z = (O - E) / sqrt(V).
    """

    observed: float
    expected: float
    variance: float
    log_hr: float
    se: float
    hazard_ratio: float
    ci_low: float
    ci_high: float
    p_value: float


def peto_hazard_ratio(times, events, group) -> PetoEstimate:
    r"""Hazard ratio of group 1 against group 0 by :math:`\exp((O - E)/V)`, vectorised.

    The same O, E and V as :func:`log_rank` (ties handled the same way), computed
    by sorting once instead of looping over event times, so that it is fast enough
    for thousands of simulated trials. ``group`` is 1 or 0 for each patient.
    """
    t, e = _as_arrays(times, events)
    g = np.asarray(group)
    require(g.shape == t.shape, f"group must have one entry per patient ({t.size}); got shape {g.shape}.")
    require(bool(np.isin(g, (0, 1)).all()), "group must be coded 1 (e.g. treated) or 0 (e.g. control).")
    g = g.astype(int)
    unique, where = np.unique(t, return_inverse=True)
    leaving = np.bincount(where, minlength=unique.size)  # patients whose time is t_j
    leaving_1 = np.bincount(where, weights=g, minlength=unique.size)
    n = t.size - np.concatenate([[0], np.cumsum(leaving)[:-1]])  # at risk just before t_j
    n_1 = g.sum() - np.concatenate([[0.0], np.cumsum(leaving_1)[:-1]])
    d = np.bincount(where, weights=e, minlength=unique.size)
    share = n_1 / n
    ties = np.divide(n - d, n - 1, out=np.zeros_like(share), where=n > 1)
    observed = float((e * g).sum())
    expected = float((d * share).sum())
    variance = float((d * share * (1 - share) * ties).sum())
    require(
        variance > 0, "peto_hazard_ratio: V is 0 (no events, or one group empty at every event); nothing to estimate."
    )
    log_hr, se = (observed - expected) / variance, 1 / np.sqrt(variance)
    z = norm.ppf(0.975)
    return PetoEstimate(
        observed,
        expected,
        variance,
        float(log_hr),
        float(se),
        float(np.exp(log_hr)),
        float(np.exp(log_hr - z * se)),
        float(np.exp(log_hr + z * se)),
        float(2 * norm.sf(abs(log_hr / se))),
    )
