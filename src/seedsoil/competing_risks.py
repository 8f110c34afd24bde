"""Cumulative incidence when another event can come first: competing risks.

A patient with bone metastases may have a first skeletal-related event, or may
die before having one. Death *competes* with the event: after it, the event can
no longer happen. Two estimates of "the share who have the event by time t":

* :func:`naive_incidence` — 1 − Kaplan–Meier, treating deaths as if they were
  censored (as if the patient could still have the event later). It answers
  "what if nobody died?", and overstates the real share.
* :func:`cumulative_incidence` — the Aalen–Johansen estimate, the share who
  have the event first, with deaths counted as deaths.

:func:`stepwise_incidence` is the same loop written the way lesson 10's
Exercise 6 asks for it, with switches that reproduce the common slips, so that
the exercise's feedback can name them.

Event codes: ``0`` censored (still alive and event-free when follow-up ended),
``1`` the event of interest, ``2`` the competing event (death first).

>>> table = cumulative_incidence([1, 2, 3, 4], [1, 2, 1, 0])
>>> table["incidence"].round(3).tolist()
[0.25, 0.25, 0.5]
>>> naive_incidence([1, 2, 3, 4], [1, 2, 1, 0])["incidence"].round(3).tolist()
[0.25, 0.625]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from seedsoil._validation import count, generator, number, numbers, require, table
from seedsoil.survival_analysis import kaplan_meier

__all__ = [
    "CENSORED",
    "COMPETING",
    "EVENT",
    "cumulative_incidence",
    "exponential_incidence",
    "incidence_at",
    "naive_incidence",
    "event_counts",
    "simulate_competing",
    "stepwise_incidence",
]

CENSORED, EVENT, COMPETING = 0, 1, 2
_CODES = (CENSORED, EVENT, COMPETING)


def _check(times, events) -> tuple[np.ndarray, np.ndarray]:
    """One finite time >= 0 and one code in {0, 1, 2} per patient."""
    t = numbers(times, "times", low=0, ndim=1, empty=False, hint="Follow-up times cannot be negative.")
    require(np.isfinite(t).all(), "times must be finite; give each patient's last follow-up time.")
    e = np.asarray(events)
    require(
        e.shape == t.shape,
        f"events must have one code per patient, like times; got shapes {e.shape} and {t.shape}.",
    )
    odd = ~np.isin(e, _CODES)
    first = int(odd.argmax())
    require(
        not odd.any(),
        f"events must be coded 0 (censored), 1 (the event) or 2 (competing event, e.g. death first); "
        f"patient {first} has {e[first].item()!r}.",
    )
    return t, e.astype(int)


def cumulative_incidence(times, events) -> pd.DataFrame:
    r"""Aalen–Johansen cumulative incidence of event 1 when event 2 competes.

    Parameters
    ----------
    times : array-like of float
        Follow-up time of each patient [any unit, >= 0].
    events : array-like of {0, 1, 2}
        0 censored, 1 the event of interest, 2 the competing event.

    Returns
    -------
    pandas.DataFrame
        One row per distinct time with an event of either kind: ``time``,
        ``at_risk`` (n_j), ``events`` (d_j, event 1), ``competing`` (event 2),
        ``event_free`` (S(t_j), free of both, just after t_j) and
        ``incidence`` (F(t_j)).

    Notes
    -----
    .. math:: F(t) = \sum_{t_j \le t} S(t_{j-1}) \, \frac{d_j}{n_j}, \qquad
              S(t_j) = \prod_{t_i \le t_j} \Big(1 - \frac{d_i + c_i}{n_i}\Big)

    An event at :math:`t_j` counts only for those still free of *both* events
    just before it, :math:`S(t_{j-1})`: someone who died cannot have a fracture.
    """
    t, e = _check(times, events)
    when = np.unique(t[e != CENSORED])
    at_risk = np.array([(t >= s).sum() for s in when])
    d = np.array([((t == s) & (e == EVENT)).sum() for s in when])
    c = np.array([((t == s) & (e == COMPETING)).sum() for s in when])
    event_free = np.cumprod(1 - (d + c) / at_risk)
    before = np.concatenate(([1.0], event_free[:-1]))  # S just before each time
    incidence = np.cumsum(before * d / at_risk)
    frame = {"time": when, "at_risk": at_risk, "events": d, "competing": c}
    return pd.DataFrame(frame | {"event_free": event_free, "incidence": incidence})


def naive_incidence(times, events) -> pd.DataFrame:
    """1 − Kaplan–Meier for event 1, treating the competing event as censoring.

    Same arguments as :func:`cumulative_incidence`. Returns ``time`` and
    ``incidence`` at each time of event 1. It estimates the share who would have
    the event if the competing event could be removed: not a real-world risk
    when people die first.
    """
    t, e = _check(times, events)
    require((e == EVENT).any(), "events has no event of interest (code 1); there is nothing to estimate.")
    with np.errstate(invalid="ignore"):  # the band is not used here; a last step to 0 makes its error NaN
        km = kaplan_meier(t, (e == EVENT).astype(int))
    return pd.DataFrame({"time": km["time"], "incidence": 1 - km["survival"]})


def incidence_at(curve: pd.DataFrame, t: float) -> float:
    """Read an incidence step function (from either estimator) at time ``t``: 0 before its first step."""
    curve = table(curve, "curve", ["time", "incidence"], made_by="cumulative_incidence() or naive_incidence()")
    t = number(t, "t", low=0)
    passed = curve["time"].to_numpy() <= t
    return float(curve["incidence"].to_numpy()[passed][-1]) if passed.any() else 0.0


def exponential_incidence(t, event_rate: float, death_rate: float) -> tuple[np.ndarray, np.ndarray]:
    r"""True (cumulative incidence, 1 − KM target) when both events have constant rates.

    .. math:: F(t) = \frac{\lambda_1}{\lambda_1 + \lambda_2}\big(1 - e^{-(\lambda_1+\lambda_2)t}\big),
              \qquad 1 - e^{-\lambda_1 t}

    The second is what 1 − KM estimates: the event's curve in a world without death.
    """
    t = numbers(t, "t", low=0)
    lam1 = number(event_rate, "event_rate", low=0, low_open=True, finite=True)
    lam2 = number(death_rate, "death_rate", low=0, finite=True)
    total = lam1 + lam2
    return lam1 / total * (1 - np.exp(-total * t)), 1 - np.exp(-lam1 * t)


def simulate_competing(
    n: int, event_rate: float, death_rate: float, follow_up: float, rng: np.random.Generator
) -> pd.DataFrame:
    """A SIMULATED cohort: each patient's first event (1) or death (2), or censoring (0) at ``follow_up``.

    Parameters
    ----------
    n : int
        Number of patients.
    event_rate, death_rate : float
        Constant rates of a first skeletal event and of death before it [per year].
    follow_up : float
        Administrative end of follow-up [years]; patients free of both are censored there.
    rng : numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        ``time`` [years] and ``event`` code per patient.
    """
    n = count(n, "n", minimum=1)
    lam1 = number(event_rate, "event_rate", low=0, low_open=True, finite=True)
    lam2 = number(death_rate, "death_rate", low=0, low_open=True, finite=True)
    end = number(follow_up, "follow_up", low=0, low_open=True, finite=True)
    rng = generator(rng)
    to_event, to_death = rng.exponential(1 / lam1, n), rng.exponential(1 / lam2, n)
    first = np.minimum(to_event, to_death)
    code = np.where(first > end, CENSORED, np.where(to_event < to_death, EVENT, COMPETING))
    return pd.DataFrame({"time": np.minimum(first, end), "event": code})


def event_counts(times, events, t: float) -> list[tuple[int, int, int]]:
    """(n_j, d_j, c_j) at each time up to ``t`` with an event or a death: at risk, first events, deaths.

    Those censored at a time count as at risk there (events come before censorings).

    >>> event_counts([1, 2, 3, 4], [1, 2, 1, 0], 3)
    [(4, 1, 0), (3, 0, 1), (2, 1, 0)]
    """
    x, e = _check(times, events)
    t = number(t, "t", finite=True)
    return [
        (int((x >= s).sum()), int(((x == s) & (e == EVENT)).sum()), int(((x == s) & (e == COMPETING)).sum()))
        for s in np.unique(x[(e > CENSORED) & (x <= t)])
    ]


SLIPS = (
    "no S factor",
    "wrong order",
    "not added up",
    "returns 1 - S",
    "S not carried",
    "deaths in F",
    "S misses events",
)


def stepwise_incidence(times, events, t: float, *, slip: str | None = None) -> float:
    """Cumulative incidence of event 1 by time ``t``, as the loop of equations (1) and (2).

    ``slip`` (for exercise feedback) reproduces one mistake: "no S factor" (adds
    d/n without S), "wrong order" (updates S before adding to F), "not added up"
    (``=`` instead of ``+=``), "returns 1 - S" (the share who had either event),
    "S not carried" (``free = 1 - ...`` instead of ``free *= 1 - ...``, so S restarts at each time),
    "deaths in F" (adds ``(d + c) / n``, deaths too, to F; by telescoping this equals 1 - S),
    "S misses events" (``free *= 1 - c / n``: S removes the deaths but not the skeletal events).

    >>> stepwise_incidence([1, 2, 3, 4], [1, 2, 1, 0], 3)
    0.5
    >>> stepwise_incidence([1, 2, 3, 4], [1, 2, 1, 0], 3, slip="no S factor")
    0.75
    """
    require(slip is None or slip in SLIPS, f"slip must be None or one of {SLIPS}; got {slip!r}.")
    free, incidence = 1.0, 0.0
    for at_risk, d, c in event_counts(times, events, t):
        if slip == "wrong order":
            free *= 1 - (d + c) / at_risk
        counted = d + c if slip == "deaths in F" else d  # equation (1) adds skeletal events only
        step = (1.0 if slip == "no S factor" else free) * counted / at_risk  # equation (1): S just before s
        incidence = step if slip == "not added up" else incidence + step
        if slip == "S not carried":
            free = 1 - (d + c) / at_risk  # forgets that S is a running product
        elif slip == "S misses events":
            free *= 1 - c / at_risk
        elif slip != "wrong order":
            free *= 1 - (d + c) / at_risk  # equation (2)
    return float(1 - free if slip == "returns 1 - S" else incidence)
