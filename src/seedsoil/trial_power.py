r"""How many events, and how many women, a trial needs: two formulas and a simulation.

Schoenfeld (1983): to detect a hazard ratio :math:`\theta` with a two-sided test
at level :math:`\alpha` and power :math:`1 - \beta`, when a share :math:`p` of
the women get the drug, a trial needs

.. math:: d = \frac{(z_{1-\alpha/2} + z_{1-\beta})^2}{p (1 - p) (\ln \theta)^2} \qquad \text{events.}

Only events appear: a woman who never relapses adds nothing to the test, which
is why event-driven trials run until a set number of events has been seen.

Freedman (1982) gives, for allocation ratio :math:`k` (drug : control),
:math:`d = (z_{1-\alpha/2} + z_{1-\beta})^2 (k\theta + 1)^2 / (k (\theta - 1)^2)`;
lifelines' ``sample_size_necessary_under_cph`` turns it into women by dividing by
the expected share with an event. The two agree when :math:`\theta` is near 1.

A treatment-by-marker interaction (the ratio :math:`\psi` of the hazard ratios
in marker-positive and marker-negative women) is estimated from four groups of
events; its variance is about :math:`1 / (d\,\pi(1-\pi)\,p(1-p))` for a share
:math:`\pi` marker-positive, four times the main effect's when :math:`\pi = 1/2`.

>>> import math
>>> math.ceil(schoenfeld_events(0.75))  # 4 (1.95996 + 0.84162)^2 / ln(0.75)^2 = 379.35
380

References
----------
Schoenfeld DA. Sample-size formula for the proportional-hazards regression
model. Biometrics 1983;39:499-503. doi:10.2307/2531021
Freedman LS. Tables of the number of patients required in clinical trials using
the logrank test. Stat Med 1982;1:121-129. doi:10.1002/sim.4780010204
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from seedsoil._validation import count, generator, number, probability, require
from seedsoil.virtual_trial import TrialParameters, run_replicates

__all__ = [
    "freedman_events",
    "freedman_patients",
    "interaction_events",
    "schoenfeld_events",
    "schoenfeld_power",
    "simulated_power",
]


def _ratio(value, name: str = "hazard_ratio") -> float:
    hr = number(value, name, low=0, low_open=True, finite=True, hint="A hazard ratio is a positive ratio, e.g. 0.72.")
    require(hr != 1, f"{name} = 1 means no effect: no trial size can detect it. Give the effect to detect, e.g. 0.8.")
    return hr


def _z_sum(alpha, power) -> float:
    a = probability(alpha, "alpha", zero=False, one=False)
    b = probability(power, "power", zero=False, one=False)
    return float(norm.ppf(1 - a / 2) + norm.ppf(b))


def schoenfeld_events(hazard_ratio, *, alpha=0.05, power=0.8, allocation=0.5) -> float:
    """Events needed by Schoenfeld's formula (not rounded); ``allocation`` is the share on the drug."""
    p = probability(allocation, "allocation", zero=False, one=False)
    return _z_sum(alpha, power) ** 2 / (p * (1 - p) * np.log(_ratio(hazard_ratio)) ** 2)


def schoenfeld_power(events, hazard_ratio, *, alpha=0.05, allocation=0.5) -> float:
    """Power of a trial that sees ``events`` events, by the same approximation (one side of the test)."""
    d = number(events, "events", low=0, finite=True)
    p = probability(allocation, "allocation", zero=False, one=False)
    a = probability(alpha, "alpha", zero=False, one=False)
    return float(norm.cdf(np.sqrt(d * p * (1 - p)) * abs(np.log(_ratio(hazard_ratio))) - norm.ppf(1 - a / 2)))


def freedman_events(hazard_ratio, *, alpha=0.05, power=0.8, ratio=1.0) -> float:
    """Events needed by Freedman's formula, ``ratio`` women on the drug per woman on control."""
    hr = _ratio(hazard_ratio)
    k = number(ratio, "ratio", low=0, low_open=True, finite=True)
    return _z_sum(alpha, power) ** 2 * (k * hr + 1) ** 2 / (k * (hr - 1) ** 2)


def freedman_patients(hazard_ratio, event_share_drug, event_share_control, *, alpha=0.05, power=0.8) -> int:
    """Women needed (both arms, 1:1) by lifelines' ``sample_size_necessary_under_cph`` (Freedman's formula).

    ``event_share_*`` is the expected share of each arm with an observed event by the end of the trial.
    """
    from lifelines.statistics import sample_size_necessary_under_cph

    hr = _ratio(hazard_ratio)
    p_exp = probability(event_share_drug, "event_share_drug", zero=False)
    p_con = probability(event_share_control, "event_share_control", zero=False)
    n_exp, n_con = sample_size_necessary_under_cph(
        probability(power, "power", zero=False, one=False),
        1.0,
        p_exp,
        p_con,
        hr,
        probability(alpha, "alpha", zero=False, one=False),
    )
    return int(n_exp + n_con)


def interaction_events(ratio_of_hrs, *, marker_share, alpha=0.05, power=0.8, allocation=0.5) -> float:
    """Events needed to detect a treatment-by-marker interaction ``ratio_of_hrs`` (ψ).

    Approximation: the interaction's log-ratio has variance 1 / (d π(1-π) p(1-p)),
    treating the events as spread over the four groups in proportion to their sizes.
    """
    pi = probability(marker_share, "marker_share", zero=False, one=False)
    p = probability(allocation, "allocation", zero=False, one=False)
    psi = _ratio(ratio_of_hrs, "ratio_of_hrs")
    return _z_sum(alpha, power) ** 2 / (pi * (1 - pi) * p * (1 - p) * np.log(psi) ** 2)


def simulated_power(
    params: TrialParameters, *, replicates: int, rng: np.random.Generator, alpha=0.05
) -> tuple[float, float]:
    """Share of virtual trials whose log-rank test gives p < ``alpha``, and its Monte Carlo SE."""
    replicates = count(replicates, "replicates", minimum=1)
    a = probability(alpha, "alpha", zero=False, one=False)
    runs = run_replicates(params, replicates=replicates, rng=generator(rng), cox=False)
    share = float(np.mean(runs["peto_p"] < a))
    return share, float(np.sqrt(share * (1 - share) / replicates))
