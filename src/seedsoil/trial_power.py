r"""How many events, and how many women, a trial needs: two formulas and a simulation.

Schoenfeld (1983): to detect a hazard ratio :math:`\theta` with a two-sided test
at level :math:`\alpha` and power :math:`1 - \beta`, when a share :math:`p` of
the women get the drug, a trial needs

.. math:: d = \frac{(z_{1-\alpha/2} + z_{1-\beta})^2}{p (1 - p) (\ln \theta)^2} \qquad \text{events.}

Only events appear: a woman who never relapses adds almost nothing to the test, which
is why event-driven trials run until a set number of events has been seen.

Freedman (1982) gives, for 1:1, :math:`d = (z_{1-\alpha/2} + z_{1-\beta})^2 (1 + \theta)^2 / (1 - \theta)^2`;
lifelines (after powerSurvEpi) uses the allocation-ratio version
:math:`(k\theta + 1)^2 / (k (\theta - 1)^2)` for :math:`k` drug : control, and
``sample_size_necessary_under_cph`` turns it into women by dividing by the
expected share with an event. The two agree when :math:`\theta` is near 1.

A treatment-by-marker interaction (the ratio :math:`\psi` of the hazard ratios
in marker-positive and marker-negative women) is estimated from four groups of
events; its variance is at best, when the drug's own effect is small, about
:math:`1 / (d\,\pi(1-\pi)\,p(1-p))` for a share :math:`\pi` marker-positive,
four times the main effect's when :math:`\pi = 1/2`. When the drug removes many
events, above all in marker-positive women, :func:`interaction_patients` counts
each group's expected events instead.

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

from dataclasses import replace

import numpy as np
from scipy.stats import norm

from seedsoil._validation import count, generator, number, probability, require
from seedsoil.virtual_trial import TrialParameters, observed_event_share, patient_hazard_ratio, run_replicates

__all__ = [
    "freedman_events",
    "freedman_patients",
    "interaction_events",
    "interaction_patients",
    "schoenfeld_events",
    "schoenfeld_mistakes",
    "schoenfeld_power",
    "simulated_power",
    "women_mistakes",
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


def schoenfeld_mistakes(hazard_ratio, *, alpha=0.05, power=0.8, wrong_share, event_share, other_hr) -> dict:
    """Answers that known slips in Schoenfeld's formula give, each with what went wrong (1:1 allocation).

    For ``seedsoil.feedback.check_value(..., hints=...)`` when a student works out
    Schoenfeld's events by hand. ``wrong_share`` is a share that is not the drug
    arm's (e.g. the share postmenopausal), ``event_share`` the expected events per
    woman randomised (an answer in women is events / event_share), ``other_hr`` a
    hazard ratio for the wrong population.

    >>> hints = schoenfeld_mistakes(0.72, wrong_share=0.6, event_share=0.05, other_hr=0.8)
    >>> # 4 (1.95996 - 0.84162)^2 / ln(0.72)^2 = 46.4; 4 (0.84162 - 1.64485)^2 / ln(0.72)^2 = 23.9
    >>> [round(k) for k in hints][:2]
    [46, 24]
    """
    right = schoenfeld_events(hazard_ratio, alpha=alpha, power=power)
    z_a, z_b = norm.ppf(1 - alpha / 2), norm.ppf(power)
    per_z = right / (z_a + z_b) ** 2  # events per unit of (z + z)^2
    log_ratio = (np.log(hazard_ratio) / np.log10(hazard_ratio)) ** 2
    return {
        per_z * (z_a - z_b) ** 2: "one z has the wrong sign: take z at 1 - ALPHA/2 (1.96) and at TARGET_POWER (0.84), "
        "not at ALPHA/2 or at 1 - TARGET_POWER.",
        per_z * (norm.ppf(alpha) + z_b) ** 2: "z at ALPHA is negative: the two-sided cut-off is z at 1 - ALPHA/2.",
        per_z * (norm.ppf(1 - alpha) + z_b) ** 2: "that is a one-sided test (z at 1 - ALPHA): use z at 1 - ALPHA/2.",
        right / 4: "you left out r(1 - r) = 1/4 for a 1:1 trial: divide by it.",
        right * 0.25 / (wrong_share * (1 - wrong_share)): "r is the share of women on the DRUG (1/2 in a 1:1 trial), "
        "not the share postmenopausal.",
        right * log_ratio: "use the natural log, np.log, not log10.",
        schoenfeld_events(other_hr, alpha=alpha, power=power): "that is for ALL women; use true_post.",
        right / event_share: "that is a number of WOMEN; the question asks for events (bone recurrences).",
    }


def women_mistakes(events, event_share, *, other_events, other_share) -> dict:
    """Answers that known slips give when a student turns events into women (``events / event_share``).

    ``other_events`` and ``other_share`` belong to another population (e.g. all
    women, not only postmenopausal ones), so an answer built from either is named.

    >>> hints = women_mistakes(300, 0.06, other_events=800, other_share=0.05)
    >>> sorted(round(k) for k in hints)  # right: 300 / 0.06 = 5000; slips 300 x 0.06, 5000 / 100, 300, 300 / 0.05, ...
    [18, 50, 300, 6000, 13333, 16000]
    """
    d = number(events, "events", low=0, low_open=True, finite=True)
    e = probability(event_share, "event_share", zero=False)
    d_other = number(other_events, "other_events", low=0, low_open=True, finite=True)
    e_other = probability(other_share, "other_share", zero=False)
    return {
        d: "that is the number of EVENTS; divide it by the share of women who have one to get women.",
        d * e: "multiply and you get fewer women than events: divide the events by the share instead.",
        d / e / 100: "the share is already a proportion (not a percentage): divide by it as it is.",
        d / e_other: "use the share of POSTMENOPAUSAL women who have an event, not all women's.",
        d_other / e: "those are all women's events; use the events for postmenopausal women only.",
        d_other / e_other: "that is the all-women trial worked above; this one has postmenopausal women only.",
    }


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


def interaction_patients(params: TrialParameters, ratio_of_hrs, *, alpha=0.05, power=0.8) -> int:
    r"""Women needed (1:1) to detect a drug-by-marker interaction ψ, counting each group's expected events.

    For marker group :math:`m`, :math:`e_m` is its expected events per woman
    randomised and :math:`q_m` the drug arm's share of them (from
    :func:`~seedsoil.virtual_trial.observed_event_share`, with ``params``' mix,
    follow-up and drop-out, and ``marker_interaction_hr`` set to ψ). Each group's
    log HR has variance about :math:`1 / (N e_m q_m (1 - q_m))`, so

    .. math:: N = \frac{(z_{1-\alpha/2} + z_{1-\beta})^2}{(\ln\psi)^2} \sum_m \frac{1}{e_m q_m (1 - q_m)}.

    With rare events and little drug effect, :math:`q_m \to 1/2` and this is
    :func:`interaction_events` divided by the event share.
    """
    psi = _ratio(ratio_of_hrs, "ratio_of_hrs")
    require(isinstance(params, TrialParameters), "interaction_patients(params=...) must be TrialParameters.", TypeError)
    information = 0.0
    for m, m_share in ((1, params.marker_prevalence), (0, 1 - params.marker_prevalence)):
        require(0 < m_share, "interaction_patients: marker_prevalence must be strictly between 0 and 1.")
        arm_events = [0.0, 0.0]  # control, drug: expected events per woman randomised
        for post, p_share in ((1, params.share_postmenopausal), (0, 1 - params.share_postmenopausal)):
            for arm in (0, 1):
                world = replace(params, marker_interaction_hr=psi)
                theta = float(patient_hazard_ratio(world, arm, post, m))
                seen = observed_event_share(params.baseline, theta, params.follow_up_years, params.dropout_per_year)
                arm_events[arm] += 0.5 * m_share * p_share * seen
        e_m = sum(arm_events)
        q_m = arm_events[1] / e_m
        information += 1.0 / (e_m * q_m * (1 - q_m))
    return int(np.ceil(_z_sum(alpha, power) ** 2 * information / np.log(psi) ** 2))


def simulated_power(
    params: TrialParameters, *, replicates: int, rng: np.random.Generator, alpha=0.05
) -> tuple[float, float]:
    """Share of virtual trials whose log-rank test gives p < ``alpha``, and its Monte Carlo SE."""
    replicates = count(replicates, "replicates", minimum=1)
    a = probability(alpha, "alpha", zero=False, one=False)
    runs = run_replicates(params, replicates=replicates, rng=generator(rng), cox=False)
    share = float(np.mean(runs["peto_p"] < a))
    return share, float(np.sqrt(share * (1 - share) / replicates))
