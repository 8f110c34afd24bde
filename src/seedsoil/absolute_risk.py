r"""From a trial's rate ratio to absolute benefit: risks, differences, NNT.

A trial report gives a *relative* effect: the rate ratio (RR), events per
woman-year with treatment divided by events per woman-year without. What a
woman gains depends on her *absolute* risk. Over a fixed period (say 10 years),
with baseline risk :math:`p_0` (risk without treatment):

.. math::

    RRR = 1 - RR \qquad (1)

    p_1 \approx p_0 \cdot RR \qquad (2)

    ARR = p_0 - p_1 \approx p_0 (1 - RR) \qquad (3)

    NNT = 1 / ARR \qquad (4)

(numbered in the order lesson 05 introduces them). Equation (2) treats the
rate ratio as if it were a ratio of risks. That is an approximation, good
while the risk is small. If the rate ratio holds at every moment
(proportional hazards), the exact treated risk is :math:`1 - (1 - p_0)^{RR}`;
:func:`treated_risk` computes both. At a 40% baseline risk the approximation
overstates the benefit: with RR 0.72 it gives an NNT of 8.9 where
proportional hazards give 10.8 (see Examples).

The risks refer to one fixed period. A trial's rate ratio is measured over
its own follow-up; applying it over a longer period assumes the relative
effect lasts that long.

References
----------
Laupacis A, Sackett DL, Roberts RS. An assessment of clinically useful measures
of the consequences of treatment. N Engl J Med 1988;318:1728-1733.
doi:10.1056/NEJM198806303182605
EBCTCG. Adjuvant bisphosphonate treatment in early breast cancer. Lancet
2015;386:1353-1361. doi:10.1016/S0140-6736(15)60908-4

Examples
--------
>>> round(absolute_risk_reduction(0.10, 0.72), 4)
0.028
>>> round(number_needed_to_treat(0.10, 0.72), 1)
35.7
>>> round(relative_risk_reduction(0.72), 2)
0.28
>>> round(number_needed_to_treat(0.40, 0.72), 1)
8.9
>>> round(number_needed_to_treat(0.40, 0.72, method="proportional hazards"), 1)
10.8
"""

from __future__ import annotations

import numpy as np

from seedsoil._validation import one_of, require

__all__ = [
    "absolute_risk_reduction",
    "ci_crosses_one",
    "number_needed_to_treat",
    "relative_risk_reduction",
    "treated_risk",
]

_METHODS = ("approximate", "proportional hazards")
_LARGEST_RATE_RATIO = 10.0


def _rate_ratio(rate_ratio, name: str = "rate_ratio") -> np.ndarray:
    require(
        not _text_or_flag(rate_ratio),
        f"{name} must be a number (e.g. 0.72); got {type(rate_ratio).__name__} {rate_ratio!r}.",
        TypeError,
    )
    values = np.asarray(rate_ratio, dtype=float)
    require(
        np.all(np.isfinite(values) & (values > 0)),
        f"{name} must be a finite number > 0 (1 = no effect, below 1 = fewer events with treatment); "
        f"got {rate_ratio!r}. A rate ratio is a ratio of two rates, never 0 or negative.",
    )
    # No treatment in this course comes near a tenfold rate; a value that large
    # is almost always a percentage typed where a ratio belongs (72 for 0.72).
    require(
        np.all(values <= _LARGEST_RATE_RATIO),
        f"{name} = {np.max(values, initial=0):g} looks like a percentage: a rate ratio is a plain ratio "
        f"(72% of the control rate is 0.72). Values above {_LARGEST_RATE_RATIO:g} are refused.",
    )
    return values


def _risk(risk, name: str = "baseline_risk") -> np.ndarray:
    require(
        not _text_or_flag(risk),
        f"{name} must be a number between 0 and 1; got {type(risk).__name__} {risk!r}.",
        TypeError,
    )
    values = np.asarray(risk, dtype=float)
    require(
        np.all((values > 0) & (values < 1)),  # NaN fails both comparisons
        f"{name} must be a probability strictly between 0 and 1; got {risk!r}. "
        "Give a risk as a fraction: 10% is 0.10, not 10.",
    )
    return values


def _beneficial_rate_ratio(rate_ratio) -> np.ndarray:
    rr = _rate_ratio(rate_ratio)
    require(
        np.all(rr < 1),
        f"number_needed_to_treat needs a rate ratio below 1; got {rate_ratio!r}. At RR = 1 no event "
        "is avoided (the NNT is infinite); above 1 the treatment adds events — compute "
        "absolute_risk_reduction (it is negative) and call 1/|ARR| a number needed to harm.",
    )
    return rr


def _text_or_flag(value) -> bool:
    # np.asarray would read "0.72" as a number and True as 1; neither is a rate or a risk.
    return isinstance(value, bool | str) or value is None


def _out(values: np.ndarray):
    return float(values) if values.ndim == 0 else values


def relative_risk_reduction(rate_ratio):
    """Relative risk reduction, equation (1): RRR = 1 − RR [fraction].

    Parameters
    ----------
    rate_ratio : float or array
        Treated over untreated event rate [dimensionless, > 0].

    Returns
    -------
    float or numpy.ndarray
        The fraction of events avoided; negative when RR > 1 (more events).

    Examples
    --------
    >>> round(relative_risk_reduction(0.83), 2)
    0.17
    """
    return _out(1.0 - _rate_ratio(rate_ratio))


def treated_risk(baseline_risk, rate_ratio, *, method: str = "approximate"):
    """Risk over the same period with treatment, from equation (2) [fraction].

    Parameters
    ----------
    baseline_risk : float or array
        Risk without treatment over a fixed period [fraction, 0 < p₀ < 1].
    rate_ratio : float or array
        Treated over untreated event rate [dimensionless, > 0].
    method : {"approximate", "proportional hazards"}
        ``"approximate"``: p₁ = p₀·RR, treating the rate ratio as a risk ratio
        (an approximation, good for small risks). ``"proportional hazards"``:
        p₁ = 1 − (1 − p₀)^RR, exact if the rate ratio holds at every moment.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If a risk is not in (0, 1), a rate ratio is not > 0, or the
        approximation gives a treated risk of 1 or more.

    Examples
    --------
    >>> round(treated_risk(0.10, 0.72), 3)
    0.072
    >>> round(treated_risk(0.10, 0.72, method="proportional hazards"), 4)
    0.0731
    """
    p0, rr = _risk(baseline_risk), _rate_ratio(rate_ratio)
    if one_of(method, "method", _METHODS) == "proportional hazards":
        return _out(1.0 - (1.0 - p0) ** rr)
    p1 = p0 * rr
    require(
        np.all(p1 < 1),
        f"baseline_risk × rate_ratio reaches 1 or more ({np.max(p1, initial=0):.3g}), which no risk can; "
        "the approximation p1 = p0·RR fails for large risks. Use method='proportional hazards'.",
    )
    return _out(p1)


def absolute_risk_reduction(baseline_risk, rate_ratio, *, method: str = "approximate"):
    """Absolute risk reduction, equation (3): ARR = p₀ − p₁ [fraction].

    Parameters
    ----------
    baseline_risk : float or array
        Risk without treatment over a fixed period [fraction, 0 < p₀ < 1].
    rate_ratio : float or array
        Treated over untreated event rate [dimensionless, > 0].
    method : {"approximate", "proportional hazards"}
        How the treated risk is computed; see :func:`treated_risk`.

    Returns
    -------
    float or numpy.ndarray
        Events avoided per woman treated over the period; negative if the
        treatment adds events (RR > 1).

    Examples
    --------
    >>> round(absolute_risk_reduction(0.20, 0.83), 3)
    0.034
    """
    return _out(np.asarray(_risk(baseline_risk) - treated_risk(baseline_risk, rate_ratio, method=method)))


def number_needed_to_treat(baseline_risk, rate_ratio, *, method: str = "approximate"):
    """Number needed to treat, equation (4): NNT = 1 / ARR [women].

    How many women must be treated for the period to avoid one event,
    on average. Round *up* when you quote it as a whole number of women.

    Parameters
    ----------
    baseline_risk : float or array
        Risk without treatment over a fixed period [fraction, 0 < p₀ < 1].
    rate_ratio : float or array
        Treated over untreated event rate [dimensionless, 0 < RR < 1].
    method : {"approximate", "proportional hazards"}
        How the treated risk is computed; see :func:`treated_risk`.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    ValueError
        If the rate ratio is 1 or more: no events are avoided, so there is no
        NNT (at RR = 1 it is infinite; above 1 the treatment harms, and
        1/|ARR| is a number needed to harm).

    Examples
    --------
    >>> round(number_needed_to_treat(0.05, 0.72), 1)
    71.4
    """
    rr = _beneficial_rate_ratio(rate_ratio)
    return _out(1.0 / np.asarray(absolute_risk_reduction(baseline_risk, rr, method=method)))


def ci_crosses_one(ci_low: float, ci_high: float) -> bool:
    """Whether a 95% confidence interval of a ratio includes 1 (no effect).

    >>> ci_crosses_one(0.87, 1.01), ci_crosses_one(0.60, 0.86)
    (True, False)
    """
    low, high = _rate_ratio(ci_low, "ci_low"), _rate_ratio(ci_high, "ci_high")
    one_interval = np.ndim(low) == np.ndim(high) == 0
    require(one_interval, "ci_crosses_one takes one interval (two numbers), not arrays.", TypeError)
    require(low < high, f"ci_low must be below ci_high; got {ci_low!r} and {ci_high!r}. Swap them?")
    return bool(low <= 1.0 <= high)


_STYLE = {  # population -> (colour, marker, vertical offset in rows)
    "all women": ("#0072B2", "o", -0.15),
    "postmenopausal women": ("#D55E00", "s", 0.15),
}
