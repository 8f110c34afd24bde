r"""A virtual randomised trial: from an assumed mechanism to survival times, and back to a hazard ratio.

The mechanism (every value ILLUSTRATIVE unless it comes from the EBCTCG rows)
-----------------------------------------------------------------------------
A woman carries dormant tumour cells in her bone marrow (``seedsoil.dormancy``,
lesson 02). Her cumulative hazard of a bone recurrence by year :math:`t` is then

.. math:: H_0(t) = A \left(1 - e^{-c t}\right), \quad A = \frac{m q \lambda}{\lambda + \mu},
   \; c = \lambda + \mu \qquad (1)

(the share relapsed, :math:`1 - e^{-H_0(t)}`, is lesson 02's equation (2)).
:math:`A` is the mean number of dormant cells that will ever wake and grow:
relapses keep coming for decades, ever more slowly, and a woman with none never
relapses. Each woman's hazard is :math:`H_0` times a hazard ratio :math:`\theta_i`
that the drug and a marker set (:func:`patient_hazard_ratio`); by assumption the
drug acts only after the menopause.

Survival times by inverse transform (Bender et al. 2005)
--------------------------------------------------------
If :math:`U` is uniform on (0, 1], the time :math:`T = H_0^{-1}(-\ln U / \theta_i)`
has survival :math:`S(t) = \exp(-\theta_i H_0(t))`: exactly the proportional-
hazards model. :class:`Baseline` holds :math:`H_0` and its inverse for an
exponential (:math:`\lambda t`), a Weibull (:math:`\lambda t^\nu`) or the
dormancy baseline (1). A time is ``inf`` when :math:`-\ln U / \theta_i \ge A`:
that woman never relapses.

Censoring: every woman is followed for ``follow_up_years`` (administrative
censoring) unless she drops out first, at an exponential rate.

Examples
--------
>>> base = Baseline.exponential(0.1)
>>> [round(float(t), 4) for t in survival_times([0.5, 0.25], base, 1.0)]  # ln 2 / 0.1, ln 4 / 0.1
[6.9315, 13.8629]

References
----------
Bender R, Augustin T, Blettner M. Generating survival times to simulate Cox
proportional hazards models. Stat Med 2005;24:1713-1723. doi:10.1002/sim.2059
Morris TP, White IR, Crowther MJ. Using simulation studies to evaluate
statistical methods. Stat Med 2019;38:2074-2102. doi:10.1002/sim.8086
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.stats import norm

from seedsoil._validation import count, generator, number, numbers, one_of, probability, require
from seedsoil.data import load_table
from seedsoil.dormancy import DormancyParameters
from seedsoil.survival_analysis import peto_hazard_ratio

__all__ = [
    "BASELINES",
    "Baseline",
    "TrialParameters",
    "compare_methods",
    "count_outcomes",
    "cox_estimate",
    "expected_event_share",
    "exponential_time_mistakes",
    "observed_event_share",
    "overall_hazard_ratio",
    "patient_hazard_ratio",
    "performance",
    "run_replicates",
    "simulate_trial",
    "subgroup_estimates",
    "subgroup_patterns",
    "survival_times",
]

BASELINES = ("exponential", "weibull", "dormancy")


def _hazard_ratio(value, name: str) -> float:
    return number(value, name, low=0, low_open=True, finite=True, hint="A hazard ratio is a positive ratio, e.g. 0.72.")


@dataclass(frozen=True)
class Baseline:
    """A baseline cumulative hazard :math:`H_0(t)` and its inverse.

    Parameters
    ----------
    kind : {"exponential", "weibull", "dormancy"}
    rate : float
        λ [per year] for the exponential and Weibull (:math:`H_0 = λ t^ν`);
        c = λ + μ, the dormant cells' wake-or-die rate [per year], for "dormancy".
    shape : float
        Weibull shape ν [dimensionless]; 1 for the other two.
    ceiling : float
        The most :math:`H_0` ever reaches: ``inf``, or A, the mean number of
        cells that will ever relapse [cells per woman], for "dormancy".
    """

    kind: str
    rate: float
    shape: float = 1.0
    ceiling: float = np.inf

    def __post_init__(self):
        one_of(self.kind, "Baseline.kind", BASELINES)
        number(self.rate, "Baseline.rate", low=0, low_open=True, finite=True, hint="A rate per year, e.g. 0.05.")
        number(self.shape, "Baseline.shape", low=0, low_open=True, finite=True)
        number(self.ceiling, "Baseline.ceiling", low=0, low_open=True)

    @classmethod
    def exponential(cls, rate: float) -> Baseline:
        """Constant hazard ``rate`` [per year]: :math:`H_0(t) = λ t`."""
        return cls("exponential", rate)

    @classmethod
    def weibull(cls, rate: float, shape: float) -> Baseline:
        """:math:`H_0(t) = λ t^ν`: a hazard that falls (ν < 1) or rises (ν > 1) with time."""
        return cls("weibull", rate, shape)

    @classmethod
    def dormancy(cls, params: DormancyParameters) -> Baseline:
        """Equation (1) from the dormant-cell model of lesson 02."""
        c = params.wake_rate + params.death_rate
        ceiling = params.dormant_cells_mean * params.grow_after_wake * params.wake_rate / c
        return cls("dormancy", c, 1.0, ceiling)

    def cumulative_hazard(self, years) -> np.ndarray:
        """:math:`H_0(t)` at ``years`` (>= 0)."""
        t = numbers(years, "Baseline.cumulative_hazard(years=...)", low=0)
        if self.kind == "dormancy":
            return -self.ceiling * np.expm1(-self.rate * t)
        return self.rate * t**self.shape

    def inverse(self, cumulative) -> np.ndarray:
        """The time at which :math:`H_0` reaches ``cumulative`` (``inf`` if it never does)."""
        h = np.asarray(cumulative, dtype=float)
        if self.kind == "dormancy":
            with np.errstate(divide="ignore", invalid="ignore"):
                t = -np.log1p(-h / self.ceiling) / self.rate
            return np.where(h < self.ceiling, t, np.inf)
        return (h / self.rate) ** (1.0 / self.shape)


def survival_times(u, baseline: Baseline, hazard_ratio) -> np.ndarray:
    r"""Inverse transform: :math:`T = H_0^{-1}(-\ln U / \theta)`, one time per uniform ``u``.

    ``u`` in (0, 1]; ``hazard_ratio`` θ > 0, one number or one per ``u``.
    """
    u = numbers(u, "survival_times(u=...)", low=0, high=1, low_open=True, hint="u are uniform draws in (0, 1].")
    theta = numbers(hazard_ratio, "survival_times(hazard_ratio=...)", low=0, low_open=True)
    require(
        isinstance(baseline, Baseline),
        "survival_times(baseline=...) must be a Baseline, e.g. Baseline.exponential(0.05).",
        TypeError,
    )
    return baseline.inverse(-np.log(u) / theta)


@dataclass(frozen=True)
class TrialParameters:
    """One virtual trial's design and its data-generating mechanism.

    Parameters
    ----------
    patients : int
        Women randomised, 1:1 to drug and control.
    follow_up_years : float
        Administrative censoring time c [years], >= 0.
    dropout_per_year : float
        Exponential drop-out rate δ [per year], >= 0.
    share_postmenopausal : float
        Share of women who are postmenopausal [0-1].
    drug_hr_post, drug_hr_pre : float
        The drug's hazard ratio after and before the menopause (> 0).
    marker_prevalence : float
        Share marker-positive [0-1].
    marker_prognostic_hr : float
        Hazard ratio of marker-positive vs negative women, in both arms (> 0).
    marker_interaction_hr : float
        The drug's hazard ratio in marker-positive postmenopausal women divided
        by that in marker-negative ones (> 0; 1 = the marker predicts nothing).
    baseline : Baseline
        The control arm's cumulative hazard for a marker-negative woman.
    """

    patients: int
    follow_up_years: float
    dropout_per_year: float
    share_postmenopausal: float
    drug_hr_post: float
    drug_hr_pre: float = 1.0
    marker_prevalence: float = 0.0
    marker_prognostic_hr: float = 1.0
    marker_interaction_hr: float = 1.0
    baseline: Baseline = field(default_factory=lambda: Baseline.exponential(0.01))

    def __post_init__(self):
        count(self.patients, "TrialParameters.patients", minimum=2)
        number(
            self.follow_up_years,
            "TrialParameters.follow_up_years",
            low=0,
            finite=True,
            hint="Follow-up is a duration in years.",
        )
        number(self.dropout_per_year, "TrialParameters.dropout_per_year", low=0, finite=True)
        probability(self.share_postmenopausal, "TrialParameters.share_postmenopausal")
        probability(self.marker_prevalence, "TrialParameters.marker_prevalence")
        for name in ("drug_hr_post", "drug_hr_pre", "marker_prognostic_hr", "marker_interaction_hr"):
            _hazard_ratio(getattr(self, name), f"TrialParameters.{name}")
        require(isinstance(self.baseline, Baseline), "TrialParameters.baseline must be a Baseline.", TypeError)

    @classmethod
    def from_data(cls, **changes) -> TrialParameters:
        """The lesson's trial: design from ``virtual_trial_parameters``, drug effect and menopausal
        mix from the EBCTCG rows of ``bisphosphonate_trials``, baseline from ``dormancy_assumptions``.

        No marker effect (prognostic and interaction ratios 1); pass ``changes`` to alter any field.
        """
        values = load_table("virtual_trial_parameters").set_index("name")["value"]
        trials = load_table("bisphosphonate_trials").set_index(["outcome", "population"])
        post = trials.loc[("bone recurrence", "postmenopausal women")]
        everyone = trials.loc[("bone recurrence", "all women")]
        params = cls(
            patients=int(values["patients"]),
            follow_up_years=float(values["follow_up_years"]),
            dropout_per_year=float(values["dropout_per_year"]),
            share_postmenopausal=float(post["n_women"] / everyone["n_women"]),
            drug_hr_post=float(post["rate_ratio"]),
            drug_hr_pre=float(values["drug_hr_pre"]),
            marker_prevalence=float(values["marker_prevalence"]),
            baseline=Baseline.dormancy(DormancyParameters.from_data()),
        )
        return replace(params, **changes)


def patient_hazard_ratio(params: TrialParameters, treated, postmenopausal, marker) -> np.ndarray:
    """Each woman's hazard relative to an untreated marker-negative woman: the assumed link.

    The marker multiplies risk in both arms (prognostic); the drug acts only after the
    menopause, more strongly in marker-positive women when the interaction ratio is < 1 (predictive).
    """
    treated, post, marker = (np.asarray(x, dtype=bool) for x in (treated, postmenopausal, marker))
    drug_post = params.drug_hr_post * np.where(marker, params.marker_interaction_hr, 1.0)
    drug = np.where(post, drug_post, params.drug_hr_pre)
    return np.where(marker, params.marker_prognostic_hr, 1.0) * np.where(treated, drug, 1.0)


def overall_hazard_ratio(params: TrialParameters, *, postmenopausal: bool | None = None) -> float:
    """The drug's hazard ratio over all women (or one menopausal group) at the start of follow-up.

    The treated arm's hazard over the control arm's, each averaged over the
    women's groups: exact at time 0 and close while few women have relapsed.
    Within a group without a marker effect it is the group's own ratio.
    """
    shares = {True: params.share_postmenopausal, False: 1 - params.share_postmenopausal}
    groups = [(p, m) for p in (True, False) for m in (True, False) if postmenopausal in (None, p)]
    weight = [shares[p] * (params.marker_prevalence if m else 1 - params.marker_prevalence) for p, m in groups]
    treated = [float(patient_hazard_ratio(params, True, p, m)) for p, m in groups]
    control = [float(patient_hazard_ratio(params, False, p, m)) for p, m in groups]
    return float(np.dot(weight, treated) / np.dot(weight, control))


def simulate_trial(params: TrialParameters, *, rng: np.random.Generator) -> pd.DataFrame:
    """One virtual trial, vectorised: one row per woman.

    Columns: ``treated``, ``postmenopausal``, ``marker`` (0/1), ``relapse_year``
    (the latent time, ``inf`` if never), ``time`` (follow-up, years) and ``event``
    (1 if the relapse was seen before drop-out and the end of follow-up).
    """
    rng = generator(rng)
    n = params.patients
    treated = rng.permutation(np.arange(n) % 2)  # exactly 1:1, in random order
    post = rng.random(n) < params.share_postmenopausal
    marker = rng.random(n) < params.marker_prevalence
    u = 1.0 - rng.random(n)  # in (0, 1]: log(u) stays finite
    relapse = survival_times(u, params.baseline, patient_hazard_ratio(params, treated, post, marker))
    dropout = rng.exponential(1.0, n) / params.dropout_per_year if params.dropout_per_year > 0 else np.full(n, np.inf)
    end = np.minimum(dropout, params.follow_up_years)
    return pd.DataFrame(
        {
            "treated": treated,
            "postmenopausal": post.astype(int),
            "marker": marker.astype(int),
            "relapse_year": relapse,
            "time": np.minimum(relapse, end),
            "event": (relapse <= end).astype(int),
        }
    )


def count_outcomes(trial: pd.DataFrame, follow_up_years: float) -> dict:
    """How one trial's women ended: a relapse seen, dropped out first, or followed to the end without one.

    Those three add up to the women randomised. ``never`` counts, across all of
    them, latent times of ``inf``: women with no dormant cell that will ever wake and grow.
    """
    require(
        {"event", "time", "relapse_year"} <= set(trial.columns),
        f"count_outcomes needs the columns event, time and relapse_year; the table has {list(trial.columns)}.",
    )
    c = number(follow_up_years, "follow_up_years", low=0, finite=True, hint="Follow-up is a duration in years.")
    return {
        "events": int(trial["event"].sum()),
        "dropped": int(((trial["event"] == 0) & (trial["time"] < c)).sum()),
        "completed": int(((trial["event"] == 0) & (trial["time"] >= c)).sum()),
        "never": int(np.isinf(trial["relapse_year"]).sum()),
    }


def observed_event_share(
    baseline: Baseline, hazard_ratio: float, follow_up_years: float, dropout_per_year: float = 0.0
) -> float:
    r"""Expected share of women whose relapse is seen: :math:`\int_0^c \theta h_0(t) S(t) e^{-\delta t} dt`.

    Computed as :math:`1 - S(c)e^{-\delta c} - \delta\int_0^c S(t) e^{-\delta t} dt`
    (integration by parts), with the trapezoid rule on a fine grid.
    """
    theta = _hazard_ratio(hazard_ratio, "observed_event_share(hazard_ratio=...)")
    c = number(follow_up_years, "follow_up_years", low=0, finite=True, hint="Follow-up is a duration in years.")
    d = number(dropout_per_year, "dropout_per_year", low=0, finite=True)
    t = np.linspace(0.0, c, 20_001)
    kept = np.exp(-theta * baseline.cumulative_hazard(t) - d * t)  # relapse-free and still followed
    return float(1.0 - kept[-1] - d * np.trapezoid(kept, t))


def expected_event_share(params: TrialParameters, *, treated: bool | None = None) -> float:
    """Expected share of women with an observed relapse in the trial (or in one arm)."""
    total = 0.0
    arms = (0, 1) if treated is None else (int(treated),)
    for arm in arms:
        for post, p_share in ((1, params.share_postmenopausal), (0, 1 - params.share_postmenopausal)):
            for m, m_share in ((1, params.marker_prevalence), (0, 1 - params.marker_prevalence)):
                theta = float(patient_hazard_ratio(params, arm, post, m))
                share = observed_event_share(params.baseline, theta, params.follow_up_years, params.dropout_per_year)
                total += p_share * m_share * share / len(arms)
    return total


def cox_estimate(trial: pd.DataFrame, covariates=("treated",)) -> dict:
    """Cox regression (lifelines) of ``time``/``event`` on ``covariates``: the first one's log HR, SE, p."""
    from lifelines import CoxPHFitter

    columns = [*covariates, "time", "event"]
    fit = CoxPHFitter().fit(trial[columns], duration_col="time", event_col="event")
    row = fit.summary.loc[covariates[0]]
    return {"log_hr": float(row["coef"]), "se": float(row["se(coef)"]), "p": float(row["p"])}


def _peto(trial: pd.DataFrame) -> dict:
    est = peto_hazard_ratio(trial["time"], trial["event"], trial["treated"])
    return {"log_hr": est.log_hr, "se": est.se, "p": est.p_value}


def run_replicates(
    params: TrialParameters, *, replicates: int, rng: np.random.Generator, cox: bool = True
) -> pd.DataFrame:
    """Many independent virtual trials: per trial the events and each method's log HR, SE and p-value.

    Columns ``events``, ``peto_log_hr``, ``peto_se``, ``peto_p`` and, with
    ``cox``, ``cox_log_hr``, ``cox_se``, ``cox_p``. One seeded ``rng`` runs them all.
    """
    replicates = count(replicates, "replicates", minimum=1)
    rng = generator(rng)
    rows = []
    for _ in range(replicates):
        trial = simulate_trial(params, rng=rng)
        row = {"events": int(trial["event"].sum())}
        row |= {f"peto_{k}": v for k, v in _peto(trial).items()}
        if cox:
            row |= {f"cox_{k}": v for k, v in cox_estimate(trial).items()}
        rows.append(row)
    return pd.DataFrame(rows)


def subgroup_estimates(trial: pd.DataFrame, by: str) -> dict:
    """O-E/V log hazard ratios in the groups ``by == 1`` and ``by == 0``, and the interaction test.

    The interaction z compares the two log HRs: (b1 - b0) / sqrt(se1² + se0²).
    """
    require(by in trial.columns, f"subgroup_estimates(by={by!r}): no such column; the trial has {list(trial.columns)}.")
    one, zero = (_peto(trial[trial[by] == g]) for g in (1, 0))
    z = (one["log_hr"] - zero["log_hr"]) / np.hypot(one["se"], zero["se"])
    return {
        "hr_1": float(np.exp(one["log_hr"])),
        "p_1": one["p"],
        "hr_0": float(np.exp(zero["log_hr"])),
        "p_0": zero["p"],
        "ratio_of_hrs": float(np.exp(one["log_hr"] - zero["log_hr"])),
        "p_interaction": float(2 * norm.sf(abs(z))),
    }


def subgroup_patterns(
    params: TrialParameters, *, replicates: int, rng: np.random.Generator, by: str = "postmenopausal", alpha=0.05
) -> dict:
    """Over many virtual trials: how often one subgroup is 'significant' and the other not, and how often
    the interaction test rejects (its false-positive rate when the subgroups truly do not differ, else its power).
    """
    replicates = count(replicates, "replicates", minimum=1)
    a = probability(alpha, "alpha", zero=False, one=False)
    rng = generator(rng)
    subs = pd.DataFrame([subgroup_estimates(simulate_trial(params, rng=rng), by) for _ in range(replicates)])
    return {
        "split": float(((subs["p_1"] < a) != (subs["p_0"] < a)).mean()),
        "interaction": float((subs["p_interaction"] < a).mean()),
    }


def _share_se(share: float, nominal: float, r: int) -> float:
    # At 0 or 1 the plug-in SE collapses to 0 (10/10 covered fits a true 80%): use the nominal level.
    c = share if 0 < share < 1 else nominal
    return float(np.sqrt(c * (1 - c) / r))


def performance(estimates: pd.DataFrame, true_hr: float, *, method: str = "peto", alpha: float = 0.05) -> pd.DataFrame:
    r"""Performance of one method over replicates, each with its Monte Carlo SE (Morris et al. 2019).

    Rows: the geometric-mean hazard ratio exp(mean log HR); bias of the log HR;
    empirical SE; mean model SE; coverage of the 95% interval; share with p < alpha
    (power, or the type I error when the true HR is 1).

    A share's Monte Carlo SE is :math:`\sqrt{c(1-c)/R}`, which is 0 when every
    replicate (or none) is covered or rejected although the truth may well differ:
    at 0 or 1 a planning value is used instead, as Morris et al. do when choosing
    the number of replicates: 0.95 for coverage; for the rejection share ``alpha``
    when there is no true effect (``true_hr`` = 1), else the worst case 0.5, since
    the power itself is what is being estimated.
    """
    theta = np.log(_hazard_ratio(true_hr, "performance(true_hr=...)"))
    a = probability(alpha, "alpha", zero=False, one=False)
    b, se, p = (estimates[f"{method}_{k}"].to_numpy(float) for k in ("log_hr", "se", "p"))
    r = b.size
    require(r >= 2, "performance needs at least 2 replicates to estimate a spread.")
    emp_se = float(np.std(b, ddof=1))
    z = norm.ppf(0.975)
    covered = float(np.mean(np.abs(b - theta) <= z * se))
    rejected = float(np.mean(p < a))
    rows = [
        ("geometric-mean hazard ratio", float(np.exp(b.mean())), float(np.exp(b.mean()) * emp_se / np.sqrt(r))),
        ("bias of log HR", float(b.mean() - theta), emp_se / np.sqrt(r)),
        ("empirical SE of log HR", emp_se, emp_se / np.sqrt(2 * (r - 1))),
        ("mean model SE of log HR", float(se.mean()), float(np.std(se, ddof=1) / np.sqrt(r))),
        ("coverage of 95% CI", covered, _share_se(covered, 0.95, r)),
        (f"share with p < {a:g}", rejected, _share_se(rejected, a if theta == 0 else 0.5, r)),
    ]
    return pd.DataFrame(rows, columns=["measure", "estimate", "monte_carlo_se"]).set_index("measure")


def compare_methods(estimates: pd.DataFrame, true_hr: float, measures=None, *, alpha: float = 0.05) -> pd.DataFrame:
    """The (O-E)/V method's performance with its Monte Carlo SEs, and Cox's estimate of each measure beside it.

    ``measures`` picks rows of :func:`performance` (all of them by default).
    """
    peto = performance(estimates, true_hr, method="peto", alpha=alpha)
    cox = performance(estimates, true_hr, method="cox", alpha=alpha)
    rows = list(peto.index if measures is None else measures)
    missing = [m for m in rows if m not in peto.index]
    require(not missing, f"compare_methods(measures=...): no such measure {missing}; choose from {list(peto.index)}.")
    return peto.loc[rows].assign(cox_estimate=cox.loc[rows, "estimate"])


def exponential_time_mistakes() -> list[tuple]:
    """Known wrong versions of the exponential inverse transform, each with what it gets wrong.

    For the check of a student's ``exponential_time(u, rate, hazard_ratio)``
    (``seedsoil.feedback.check_function(..., hints=...)``); kept here so the
    lesson's check cell stays short and does not show the answer.

    >>> wrong, message = exponential_time_mistakes()[0]
    >>> round(float(wrong(0.5, 0.1, 1.0)), 4), message.startswith("your times are negative")
    (-6.9315, True)
    """

    def mistake(wrong, message):  # wrong(m, rate, hr), with m = -ln u > 0
        return (lambda u, rate, hazard_ratio: wrong(-np.log(u), rate, hazard_ratio), message)

    return [
        mistake(lambda m, rate, hr: -m / (rate * hr), "your times are negative: ln u < 0; put a minus in front."),
        mistake(lambda m, rate, hr: m * rate * hr, "a higher hazard means a SHORTER time: divide by it."),
        mistake(lambda m, rate, hr: m / rate * hr, "the hazard ratio multiplies the hazard, so it divides the time."),
        mistake(lambda m, rate, hr: m / rate, "you left out the hazard ratio."),
        mistake(lambda m, rate, hr: m / hr, "you left out the baseline rate: H0(T) = rate * T."),
        mistake(lambda m, rate, hr: -np.log(-np.expm1(-m)) / (rate * hr), "1 - u is uniform too, but use S(T) = u."),
        mistake(lambda m, rate, hr: m, "that is -ln u = theta * H0(T); now solve rate * T = -ln u / theta for T."),
    ]
