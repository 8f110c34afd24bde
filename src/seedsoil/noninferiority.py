"""Reading a non-inferiority trial: is the new treatment no worse than the standard by more than a margin?

A non-inferiority trial asks whether a new treatment (fewer infusions, say) is
*not much worse* than the standard. Before the trial, the investigators fix a
**margin**: the largest loss of effect they would accept. Afterwards the
confidence interval of the difference (new − standard) is compared with it:

* the whole interval lies on the good side of the margin → **non-inferior**;
* the whole interval lies beyond the margin → **inferior**;
* the interval straddles the margin → **inconclusive**.

"Non-inferior" is not "equal" and not "better": it rules out a loss larger
than the margin, no more.

>>> noninferiority_verdict(-0.9, -4.4, 2.6, margin=7)
'non-inferior'
>>> noninferiority_verdict(5.0, 1.0, 9.0, margin=7)
'inconclusive'
"""

from __future__ import annotations

import math

from scipy.stats import norm

from seedsoil._validation import count, number, one_of, probability, require

__all__ = ["noninferiority_verdict", "risk_difference_ci"]

_NO_EFFECT = {"difference": 0.0, "ratio": 1.0}


def _check_margin(margin: float, scale: str, worse: str) -> float:
    """The margin must lie on the *worse* side of no effect, or it tolerates nothing."""
    margin = number(margin, "margin", finite=True)
    null = _NO_EFFECT[scale]
    if scale == "ratio":
        require(margin > 0, f"margin on the ratio scale must be > 0; got {margin:g}.")
    side = "above" if worse == "higher" else "below"
    wrong = margin <= null if worse == "higher" else margin >= null
    require(
        not wrong,
        f"margin must lie {side} {null:g} (the {scale} of no effect), on the side where the new treatment is "
        f"worse (worse={worse!r}); got {margin:g}. Check its sign, or whether a higher outcome is worse.",
    )
    return margin


def noninferiority_verdict(
    estimate: float,
    ci_low: float,
    ci_high: float,
    margin: float,
    *,
    scale: str = "difference",
    worse: str = "higher",
) -> str:
    """Say whether a trial shows the new treatment non-inferior, inferior, or neither.

    Parameters
    ----------
    estimate, ci_low, ci_high : float
        The effect, new minus standard (``scale="difference"``, e.g. percentage
        points) or new over standard (``scale="ratio"``, e.g. a hazard ratio),
        and its confidence interval — the one-sided level the trial planned
        (CALGB 70604: one-sided 5%, i.e. a two-sided 90% interval).
    margin : float
        The largest acceptable loss, on the same scale: > 0 (or > 1 for a
        ratio) when a higher outcome is worse, < 0 (< 1) when lower is worse.
    scale : {"difference", "ratio"}
    worse : {"higher", "lower"}
        Whether a higher value of the outcome is worse (skeletal events, deaths)
        or better (response, survival).

    Returns
    -------
    str
        "non-inferior", "inconclusive" or "inferior".

    Raises
    ------
    ValueError
        If the margin is on the wrong side of no effect (a margin of −7 points
        for an outcome where higher is worse), the interval does not hold the
        estimate, or a ratio is not positive.

    Notes
    -----
    The verdict looks only at the margin. When the *whole* interval lies on the
    worse side of no effect (above 0 for a difference, above 1 for a ratio, when
    higher is worse), the new treatment is significantly worse, and the label
    does not say so:

    * whole interval above 0 but below the margin (e.g. 3, interval 1 to 6,
      margin 7): "non-inferior", yet significantly worse by a small amount;
    * whole interval above 0 and straddling the margin (e.g. 5, interval 2 to 9,
      margin 7): "inconclusive", yet significantly worse.

    Report both facts in such cases (the CONSORT extension for non-inferiority
    trials asks for this); compare ``ci_low`` with 0 (or 1) yourself.
    """
    scale = one_of(scale, "scale", _NO_EFFECT)
    worse = one_of(worse, "worse", ("higher", "lower"))
    low = number(ci_low, "ci_low", finite=True)
    high = number(ci_high, "ci_high", finite=True)
    est = number(estimate, "estimate", finite=True)
    require(low <= est <= high, f"ci_low <= estimate <= ci_high must hold; got {low:g}, {est:g}, {high:g}.")
    require(scale == "difference" or low > 0, f"a ratio and its interval must be > 0; got ci_low {low:g}.")
    margin = _check_margin(margin, scale, worse)
    worst, best = (high, low) if worse == "higher" else (low, high)
    beyond = (lambda x: x >= margin) if worse == "higher" else (lambda x: x <= margin)
    if not beyond(worst):
        return "non-inferior"
    return "inferior" if beyond(best) else "inconclusive"


def risk_difference_ci(
    events_new: int, n_new: int, events_standard: int, n_standard: int, *, one_sided_alpha: float = 0.05
) -> tuple[float, float, float]:
    r"""Difference of two proportions, new − standard, with a Wald interval [percentage points].

    ``one_sided_alpha`` is the one-sided error the trial planned; the interval
    is two-sided at level 1 − 2α (0.05 gives a 90% interval, whose upper end is
    the one-sided 95% bound).

    .. math:: \hat d = \hat p_1 - \hat p_0, \qquad
              \mathrm{se} = \sqrt{\hat p_1(1-\hat p_1)/n_1 + \hat p_0(1-\hat p_0)/n_0}
    """
    n1, n0 = count(n_new, "n_new", minimum=1), count(n_standard, "n_standard", minimum=1)
    x1, x0 = count(events_new, "events_new"), count(events_standard, "events_standard")
    require(x1 <= n1, f"events_new ({x1}) cannot exceed n_new ({n1}).")
    require(x0 <= n0, f"events_standard ({x0}) cannot exceed n_standard ({n0}).")
    alpha = probability(one_sided_alpha, "one_sided_alpha", zero=False)
    require(alpha < 0.5, f"one_sided_alpha must be below 0.5; got {alpha:g}.")
    p1, p0 = x1 / n1, x0 / n0
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    z = norm.ppf(1 - alpha)
    d = p1 - p0
    return 100 * d, float(100 * (d - z * se)), float(100 * (d + z * se))
