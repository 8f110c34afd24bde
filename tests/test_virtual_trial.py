"""The virtual trial's generator and estimators against values worked out by hand."""

import math

import numpy as np
import pytest

from seedsoil.dormancy import DormancyParameters, relapse_fraction
from seedsoil.survival_analysis import log_rank, peto_hazard_ratio
from seedsoil.virtual_trial import (
    Baseline,
    TrialParameters,
    compare_methods,
    count_outcomes,
    expected_event_share,
    observed_event_share,
    overall_hazard_ratio,
    patient_hazard_ratio,
    performance,
    run_replicates,
    simulate_trial,
    subgroup_estimates,
    subgroup_patterns,
    survival_times,
)


def _trial(**changes):
    """Everyone postmenopausal, exponential baseline λ = 0.1/yr, no drop-out, followed 'for ever'."""
    base = dict(
        patients=100_000,
        follow_up_years=1e9,
        dropout_per_year=0.0,
        share_postmenopausal=1.0,
        drug_hr_post=1.0,
        baseline=Baseline.exponential(0.1),
    )
    return TrialParameters(**(base | changes))


# --- inverse transform (Bender 2005) ---------------------------------------------------


def test_inverse_transform_of_one_half_is_the_exponential_median():
    # S(T) = exp(-λ θ T) = u  =>  T = -ln(u) / (λ θ). u = 1/2, λ = 0.1, θ = 1: T = ln 2 / 0.1 = 6.931472.
    assert survival_times([0.5], Baseline.exponential(0.1), 1.0)[0] == pytest.approx(math.log(2) / 0.1)
    # θ = 0.5 halves the hazard and doubles the time: 13.862944.
    assert survival_times([0.5], Baseline.exponential(0.1), 0.5)[0] == pytest.approx(2 * math.log(2) / 0.1)


def test_weibull_inverse_by_hand():
    # H0(t) = λ t^ν with λ = 0.02, ν = 0.5. u = e^-1 so -ln u = 1: t = (1 / 0.02)^2 = 2500.
    assert survival_times([math.exp(-1)], Baseline.weibull(0.02, 0.5), 1.0)[0] == pytest.approx(2500.0)


def test_dormancy_baseline_by_hand_and_against_lesson_02():
    # m = 1, λ = 0.1, μ = 0, q = 1: A = 1, c = 0.1. H0(10) = 1 - e^-1 = 0.632121.
    params = DormancyParameters(dormant_cells_mean=1.0, wake_rate=0.1, death_rate=0.0, grow_after_wake=1.0)
    base = Baseline.dormancy(params)
    assert (base.ceiling, base.rate) == pytest.approx((1.0, 0.1))
    assert base.cumulative_hazard([10.0])[0] == pytest.approx(1 - math.exp(-1))
    assert base.inverse([1 - math.exp(-1)])[0] == pytest.approx(10.0)
    # -ln u >= A: she never relapses. u = e^-2 -> -ln u = 2 > 1.
    assert np.isinf(survival_times([math.exp(-2)], base, 1.0)[0])
    # Share relapsed by year 10 = 1 - exp(-(1 - e^-1)) = 0.468536, lesson 02's equation (2).
    trial = simulate_trial(_trial(baseline=base), rng=np.random.default_rng(1))
    share = float((trial["relapse_year"] <= 10).mean())
    se = math.sqrt(0.4685 * 0.5315 / 100_000)
    assert share == pytest.approx(1 - math.exp(-(1 - math.exp(-1))), abs=4 * se)
    assert share == pytest.approx(relapse_fraction(params, 10.0), abs=4 * se)


def test_simulated_median_is_ln2_over_lambda():
    trial = simulate_trial(_trial(), rng=np.random.default_rng(2))
    # SE of a sample median: 1 / (2 f(m) sqrt(n)), f(m) = λ/2 -> 1 / (λ sqrt(n)) = 0.0316 for n = 1e5.
    assert np.median(trial["relapse_year"]) == pytest.approx(math.log(2) / 0.1, abs=4 * 10 / math.sqrt(100_000))


def test_share_censored_under_administrative_censoring_is_exp_minus_lambda_c():
    # λ = 0.1, c = 5: P(T > c) = exp(-0.5) = 0.606531.
    trial = simulate_trial(_trial(follow_up_years=5.0), rng=np.random.default_rng(3))
    expected = math.exp(-0.5)
    assert (1 - trial["event"].mean()) == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / 1e5))
    assert trial["time"].max() <= 5.0
    assert observed_event_share(Baseline.exponential(0.1), 1.0, 5.0) == pytest.approx(1 - expected, abs=1e-6)


def test_share_censored_with_exponential_dropout_has_its_closed_form():
    # Event seen if T < min(D, c): λ/(λ+δ) (1 - e^{-(λ+δ)c}). λ = 0.1, δ = 0.05, c = 5:
    # (0.1/0.15)(1 - e^-0.75) = 0.666667 * 0.527633 = 0.351755; censored 0.648245.
    seen = 0.1 / 0.15 * (1 - math.exp(-0.75))
    assert observed_event_share(Baseline.exponential(0.1), 1.0, 5.0, 0.05) == pytest.approx(seen, abs=1e-6)
    trial = simulate_trial(_trial(follow_up_years=5.0, dropout_per_year=0.05), rng=np.random.default_rng(4))
    assert trial["event"].mean() == pytest.approx(seen, abs=4 * math.sqrt(seen * (1 - seen) / 1e5))


def test_the_arms_are_exactly_one_to_one_and_a_seed_repeats_the_trial():
    a, b = (simulate_trial(_trial(patients=1000), rng=np.random.default_rng(5)) for _ in range(2))
    assert a["treated"].sum() == 500
    assert a.equals(b)


# --- the assumed mechanism ---------------------------------------------------------------


def test_the_drug_acts_only_after_the_menopause_and_the_marker_as_stated():
    p = _trial(drug_hr_post=0.72, drug_hr_pre=1.0, marker_prognostic_hr=2.0, marker_interaction_hr=0.5)
    # treated, post, marker -> hazard ratio against an untreated marker-negative woman
    cases = {(1, 1, 0): 0.72, (1, 0, 0): 1.0, (0, 1, 1): 2.0, (1, 1, 1): 2 * 0.72 * 0.5, (1, 0, 1): 2.0}
    for (t, post, m), expected in cases.items():
        assert float(patient_hazard_ratio(p, t, post, m)) == pytest.approx(expected)


def test_overall_hazard_ratio_by_hand():
    # Half postmenopausal with θ = 0.72, half premenopausal with θ = 1: 0.5*0.72 + 0.5*1 = 0.86.
    assert overall_hazard_ratio(_trial(share_postmenopausal=0.5, drug_hr_post=0.72)) == pytest.approx(0.86)
    # A purely prognostic marker does not change the drug's ratio.
    p = _trial(drug_hr_post=0.72, marker_prevalence=0.5, marker_prognostic_hr=2.0)
    assert overall_hazard_ratio(p) == pytest.approx(0.72)
    # A predictive one (ψ = 0.5, half positive): 0.5*0.72 + 0.5*0.36 = 0.54.
    p = _trial(drug_hr_post=0.72, marker_prevalence=0.5, marker_interaction_hr=0.5)
    assert overall_hazard_ratio(p) == pytest.approx(0.54)
    assert overall_hazard_ratio(_trial(share_postmenopausal=0.5, drug_hr_post=0.72), postmenopausal=False) == 1.0


def test_expected_event_share_averages_the_arms():
    # λ = 0.1, c = 5, θ = 0.5 on the drug: (1 - e^-0.5 + 1 - e^-0.25) / 2 = (0.393469 + 0.221199) / 2 = 0.307334.
    p = _trial(follow_up_years=5.0, drug_hr_post=0.5)
    assert expected_event_share(p) == pytest.approx((2 - math.exp(-0.5) - math.exp(-0.25)) / 2, abs=1e-6)


def test_from_data_reads_the_ebctcg_rows():
    p = TrialParameters.from_data()
    # EBCTCG 2015 bone recurrence, postmenopausal rate ratio 0.72; 11,767 of 18,766 women postmenopausal.
    assert p.drug_hr_post == pytest.approx(0.72)
    assert p.share_postmenopausal == pytest.approx(11_767 / 18_766)
    assert p.drug_hr_pre == 1.0 and p.baseline.kind == "dormancy"


# --- the O-E/V estimator ------------------------------------------------------------------

# Treated (group 1): 2 event, 3 censored, 5 event. Control (group 0): 1 event, 2 event, 4 event, 6 censored.
# By hand, at each event time (n at risk, n1 of them treated, d events): E += d n1/n, V += d (n1/n)(1-n1/n)(n-d)/(n-1)
#   t=1: n=7, n1=3, d=1 -> E 3/7, V 12/49
#   t=2: n=6, n1=3, d=2 -> E 1,   V 2 (1/2)(1/2)(4/5) = 2/5
#   t=4: n=3, n1=1, d=1 -> E 1/3, V (1/3)(2/3) = 2/9
#   t=5: n=2, n1=1, d=1 -> E 1/2, V 1/4
# O = 2, E = 95/42, V = 9853/8820; (O - E)/V = (-11/42) / (9853/8820) = -0.234447;
# HR = e^-0.2 * e^-0.034447 = 0.818731 * 0.966140 = 0.791009.
TIMES = [2, 3, 5, 1, 2, 4, 6]
EVENTS = [1, 0, 1, 1, 1, 1, 0]
GROUP = [1, 1, 1, 0, 0, 0, 0]


def test_oe_v_on_a_hand_worked_table():
    est = peto_hazard_ratio(TIMES, EVENTS, GROUP)
    assert est.observed == 2
    assert est.expected == pytest.approx(95 / 42)
    assert est.variance == pytest.approx(9853 / 8820)
    assert est.log_hr == pytest.approx((2 - 95 / 42) / (9853 / 8820))
    assert est.hazard_ratio == pytest.approx(0.791009, abs=2e-6)
    assert est.se == pytest.approx(1 / math.sqrt(9853 / 8820))


def test_oe_v_agrees_with_the_looped_log_rank_on_tied_data():
    rng = np.random.default_rng(6)
    t, e, g = rng.integers(1, 15, 400).astype(float), rng.integers(0, 2, 400), rng.integers(0, 2, 400)
    fast, slow = peto_hazard_ratio(t, e, g), log_rank(t[g == 1], e[g == 1], t[g == 0], e[g == 0])
    assert (fast.observed, fast.expected, fast.variance) == pytest.approx((slow.observed, slow.expected, slow.variance))


def test_estimators_recover_the_true_hazard_ratio_within_monte_carlo_error():
    p = _trial(patients=2000, follow_up_years=5.0, drug_hr_post=0.7)
    runs = run_replicates(p, replicates=300, rng=np.random.default_rng(7), cox=False)
    perf = performance(runs, 0.7)
    bias, mcse = perf.loc["bias of log HR"]
    assert abs(bias) < 3 * mcse
    covered, mc = perf.loc["coverage of 95% CI"]
    assert abs(covered - 0.95) < 3 * mc + 0.01
    cox = performance(run_replicates(p, replicates=30, rng=np.random.default_rng(8)), 0.7, method="cox")
    assert abs(cox.loc["bias of log HR", "estimate"]) < 3 * cox.loc["bias of log HR", "monte_carlo_se"]


def test_no_true_effect_gives_about_five_percent_significant():
    runs = run_replicates(
        _trial(patients=1000, follow_up_years=5.0), replicates=400, rng=np.random.default_rng(9), cox=False
    )
    share, mcse = performance(runs, 1.0).loc["share with p < 0.05"]
    assert abs(share - 0.05) < 3 * math.sqrt(0.05 * 0.95 / 400)


def test_subgroups_and_their_interaction():
    p = _trial(patients=40_000, follow_up_years=5.0, share_postmenopausal=0.5, drug_hr_post=0.6)
    sub = subgroup_estimates(simulate_trial(p, rng=np.random.default_rng(10)), "postmenopausal")
    assert sub["hr_1"] == pytest.approx(0.6, abs=0.05)
    assert sub["hr_0"] == pytest.approx(1.0, abs=0.07)
    assert sub["p_interaction"] < 0.001


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"drug_hr_post": 0.0}, "drug_hr_post"),
        ({"drug_hr_post": -0.7}, "drug_hr_post"),
        ({"marker_interaction_hr": 0}, "marker_interaction_hr"),
        ({"share_postmenopausal": 63}, "percentage"),
        ({"marker_prevalence": -0.1}, "marker_prevalence"),
        ({"follow_up_years": -1.0}, "follow_up_years"),
        ({"dropout_per_year": -0.02}, "dropout_per_year"),
    ],
)
def test_bad_trial_parameters_name_the_parameter(changes, words):
    with pytest.raises(ValueError, match=words):
        _trial(**changes)


def test_bad_generator_inputs():
    with pytest.raises(ValueError, match="hazard_ratio"):
        survival_times([0.5], Baseline.exponential(0.1), 0.0)
    with pytest.raises(ValueError, match="u="):
        survival_times([0.0], Baseline.exponential(0.1), 1.0)
    with pytest.raises(ValueError, match="Baseline.rate"):
        Baseline.exponential(-0.1)
    with pytest.raises(ValueError, match="follow_up_years"):
        observed_event_share(Baseline.exponential(0.1), 1.0, -5.0)
    with pytest.raises(TypeError, match="Generator"):
        simulate_trial(_trial(patients=10), rng=42)
    with pytest.raises(ValueError, match="true_hr"):
        performance(run_replicates(_trial(patients=200), replicates=2, rng=np.random.default_rng(0), cox=False), 0)


def test_the_lessons_dormancy_generator_recovers_its_hazard_ratio_too():
    # All women postmenopausal, so every treated woman's hazard is θ = 0.72 times H0 of equation (1):
    # proportional hazards hold exactly and the estimand is 0.72.
    p = TrialParameters.from_data(share_postmenopausal=1.0)
    runs = run_replicates(p, replicates=300, rng=np.random.default_rng(12), cox=False)
    bias, mcse = performance(runs, 0.72).loc["bias of log HR"]
    assert abs(bias) < 3 * mcse


def test_coverage_monte_carlo_se_uses_the_nominal_level_at_zero_or_one():
    # 10 replicates all covered: sqrt(0.95 * 0.05 / 10) = 0.0689, not 0.
    import pandas as pd

    est = pd.DataFrame({"peto_log_hr": [0.0] * 10, "peto_se": [1.0] * 10, "peto_p": [0.5] * 10})
    est.loc[0, "peto_log_hr"] = 0.01
    perf = performance(est, 1.0)
    assert perf.loc["coverage of 95% CI", "estimate"] == 1.0
    assert perf.loc["coverage of 95% CI", "monte_carlo_se"] == pytest.approx(0.0689, abs=1e-4)
    # none rejected at alpha 0.05: sqrt(0.05 * 0.95 / 10) again
    assert perf.loc["share with p < 0.05", "monte_carlo_se"] == pytest.approx(0.0689, abs=1e-4)
    # a true effect and every trial rejecting: the power is unknown, so the worst case sqrt(0.5 * 0.5 / 10) = 0.1581
    est["peto_p"] = 0.001
    power_row = performance(est, 0.7).loc["share with p < 0.05"]
    assert power_row["estimate"] == 1.0 and power_row["monte_carlo_se"] == pytest.approx(0.1581, abs=1e-4)


def test_dormancy_inverse_transform_at_a_drug_ratio_matches_its_survival_curve():
    # θ = 0.72: never-relapse share e^{-θA}; finite times have CDF (1 - e^{-θH0(t)}) / (1 - e^{-θA}).
    from scipy.stats import kstest

    base = Baseline.dormancy(DormancyParameters.from_data())
    u = 1.0 - np.random.default_rng(3).random(200_000)
    t = survival_times(u, base, 0.72)
    a = base.ceiling
    assert np.isinf(t).mean() == pytest.approx(math.exp(-0.72 * a), abs=4 * math.sqrt(0.25 / u.size))
    finite = t[np.isfinite(t)][:5000]
    cdf = lambda x: -np.expm1(-0.72 * base.cumulative_hazard(x)) / -math.expm1(-0.72 * a)  # noqa: E731
    assert kstest(finite, cdf).pvalue > 0.001


def test_weibull_inverse_transform_at_a_ratio_above_one():
    # θ = 1.5, H0 = 0.2 t^0.7: S(t) = exp(-1.5 * 0.2 t^0.7).
    from scipy.stats import kstest

    t = survival_times(1.0 - np.random.default_rng(4).random(5000), Baseline.weibull(0.2, 0.7), 1.5)
    assert kstest(t, lambda x: -np.expm1(-1.5 * 0.2 * x**0.7)).pvalue > 0.001


def test_one_subgroup_significant_the_other_not_at_the_rate_the_subgroup_powers_give():
    # Equal effects in both menopausal groups: the all-women ratio 0.627 * 0.72 + 0.373 = 0.8244 (EBCTCG share
    # 11,767 / 18,766 = 0.627). The lesson's trial expects 232.7 events (5.818% of 4,000, by hand in the
    # statistical check), so about 0.627 * 232.7 = 145.9 postmenopausal and 0.373 * 232.7 = 86.8 premenopausal.
    # Schoenfeld / normal approximation for one subgroup, 1:1: power = Phi(sqrt(d / 4) * |ln 0.8244| - 1.95996),
    #   |ln 0.8244| = 0.19310;
    #   post: sqrt(36.475) = 6.0395, 6.0395 * 0.19310 = 1.1662, Phi(-0.7937) = 0.2137
    #   pre:  sqrt(21.70)  = 4.6583, 4.6583 * 0.19310 = 0.8995, Phi(-1.0604) = 0.1445
    # One significant and the other not: p1 (1 - p2) + p2 (1 - p1) = 0.1828 + 0.1136 = 0.2964.
    expected = 0.2137 * (1 - 0.1445) + 0.1445 * (1 - 0.2137)
    assert expected == pytest.approx(0.2964, abs=1e-4)
    equal = TrialParameters.from_data(drug_hr_pre=0.8244, drug_hr_post=0.8244)
    r = 400
    seen = subgroup_patterns(equal, replicates=r, rng=np.random.default_rng(16))
    assert abs(seen["split"] - expected) < 3 * math.sqrt(expected * (1 - expected) / r)
    # ... while the interaction test, with no true difference, rejects at about its level, 5%
    assert abs(seen["interaction"] - 0.05) < 3 * math.sqrt(0.05 * 0.95 / r)


def test_count_outcomes_on_a_hand_made_trial():
    # followed 10 years: a relapse seen at 2; dropped out at 3 (relapse later, at 7); never relapses, followed
    # to the end; never relapses and dropped out at 4; relapse at 12, after the end (censored at 10)
    import pandas as pd

    trial = pd.DataFrame(
        {
            "relapse_year": [2.0, 7.0, np.inf, np.inf, 12.0],
            "time": [2.0, 3.0, 10.0, 4.0, 10.0],
            "event": [1, 0, 0, 0, 0],
        }
    )
    assert count_outcomes(trial, 10.0) == {"events": 1, "dropped": 2, "completed": 2, "never": 2}
    with pytest.raises(ValueError, match="relapse_year"):
        count_outcomes(trial.drop(columns="relapse_year"), 10.0)
    with pytest.raises(ValueError, match="follow_up_years"):
        count_outcomes(trial, -1.0)


def test_compare_methods_puts_cox_beside_o_minus_e_over_v():
    import pandas as pd

    # (O-E)/V estimates 0.8, 0.9, 0.7: geometric mean (0.504)^(1/3) = 0.795811; Cox says 0.5 every time
    runs = pd.DataFrame(
        {
            "peto_log_hr": np.log([0.8, 0.9, 0.7]),
            "peto_se": [0.1, 0.1, 0.1],
            "peto_p": [0.01, 0.5, 0.02],
            "cox_log_hr": np.log([0.5, 0.5, 0.5]),
            "cox_se": [0.1, 0.1, 0.1],
            "cox_p": [0.01, 0.01, 0.01],
        }
    )
    table = compare_methods(runs, 0.8, ["geometric-mean hazard ratio", "share with p < 0.05"])
    assert list(table.columns) == ["estimate", "monte_carlo_se", "cox_estimate"]
    assert table.loc["geometric-mean hazard ratio", "estimate"] == pytest.approx(0.795811, abs=1e-6)
    assert table.loc["geometric-mean hazard ratio", "cox_estimate"] == pytest.approx(0.5)
    assert table.loc["share with p < 0.05", "estimate"] == pytest.approx(2 / 3)
    assert table.loc["share with p < 0.05", "cox_estimate"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="no such measure"):
        compare_methods(runs, 0.8, ["average"])
