"""Survival helpers against values worked out by hand, and against lifelines."""

import math

import numpy as np
import pytest
from lifelines import KaplanMeierFitter
from lifelines.datasets import load_gbsg2
from lifelines.statistics import logrank_test

from seedsoil.survival_analysis import (
    kaplan_meier,
    log_rank,
    median_survival,
    naive_survival,
    proportional_hazards_curve,
    survival_at,
)

# A tiny censored table (time in months; event 1 = relapse, 0 = censored):
#   patient  A  B  C  D  E  F
#   time     1  2  2  3  4  6
#   event    1  1  0  0  1  0
# By hand (product-limit formula, censored patients leave after their time):
#   t=1: at risk 6 (everyone), 1 event      -> S = 5/6           = 0.833333
#   t=2: at risk 5, 1 event (C censored at 2 still counts at 2)
#                                            -> S = 5/6 * 4/5     = 0.666667
#   t=3: only a censoring -> no step; D leaves.
#   t=4: at risk 2 (E, F), 1 event           -> S = 2/3 * 1/2     = 0.333333
# Greenwood sum at t=4: 1/(6*5) + 1/(5*4) + 1/(2*1) = 1/30 + 1/20 + 1/2 = 0.583333
#   std err = 1/3 * sqrt(0.583333) = 0.254588
TIMES = [1, 2, 2, 3, 4, 6]
EVENTS = [1, 1, 0, 0, 1, 0]


def test_kaplan_meier_matches_hand_computation():
    table = kaplan_meier(TIMES, EVENTS)
    assert table["time"].tolist() == [1, 2, 4]
    assert table["at_risk"].tolist() == [6, 5, 2]
    assert table["events"].tolist() == [1, 1, 1]
    np.testing.assert_allclose(table["survival"], [5 / 6, 2 / 3, 1 / 3])
    np.testing.assert_allclose(table["std_err"].iloc[-1], (1 / 3) * math.sqrt(1 / 30 + 1 / 20 + 1 / 2))


def test_loglog_band_by_hand_at_first_step():
    # S = 5/6, Greenwood sum 1/30; c = log(-log S); se = sqrt(1/30)/|log S|
    s, v, z = 5 / 6, 1 / 30, 1.959963984540054
    c, se = math.log(-math.log(s)), math.sqrt(v) / abs(math.log(s))
    table = kaplan_meier(TIMES, EVENTS)
    assert table["lower"].iloc[0] == pytest.approx(math.exp(-math.exp(c + z * se)))
    assert table["upper"].iloc[0] == pytest.approx(math.exp(-math.exp(c - z * se)))


def test_reading_the_curve_by_hand():
    table = kaplan_meier(TIMES, EVENTS)
    assert survival_at(table, 0.5) == 1.0  # before the first event
    assert survival_at(table, 3.0) == pytest.approx(2 / 3)  # flat between events
    assert survival_at(table, 4.0) == pytest.approx(1 / 3)  # step included at t
    assert median_survival(table) == 4.0  # first time S <= 0.5
    assert median_survival(kaplan_meier([1, 2, 3], [1, 0, 0])) == math.inf


def test_naive_estimates_by_hand():
    # At t = 3: events by 3 = A, B; censored before 3 = C.
    # drop C: 2 events among 5 -> 3/5; C as event: 3 of 6 -> 1/2;
    # C as survivor: 2 events among 6 -> 4/6
    assert naive_survival(TIMES, EVENTS, 3, method="drop") == pytest.approx(3 / 5)
    assert naive_survival(TIMES, EVENTS, 3, method="as_event") == pytest.approx(1 / 2)
    assert naive_survival(TIMES, EVENTS, 3, method="as_survivor") == pytest.approx(4 / 6)


def test_agrees_with_lifelines_on_gbsg2():
    data = load_gbsg2()
    ours = kaplan_meier(data["time"], data["cens"])
    fitter = KaplanMeierFitter().fit(data["time"].astype(float), data["cens"])
    theirs = fitter.survival_function_.loc[ours["time"], "KM_estimate"].to_numpy()
    np.testing.assert_allclose(ours["survival"], theirs, rtol=1e-12)
    band = fitter.confidence_interval_.loc[ours["time"]].to_numpy()
    np.testing.assert_allclose(ours[["lower", "upper"]].to_numpy(), band, rtol=1e-9)
    assert median_survival(ours) == fitter.median_survival_time_


def test_proportional_hazards_curve():
    # S0 = 0.5 and HR = 0.5 -> 0.5 ** 0.5 = 0.7071; HR = 1 leaves the curve unchanged
    np.testing.assert_allclose(proportional_hazards_curve([1.0, 0.5], 0.5), [1.0, math.sqrt(0.5)])
    np.testing.assert_allclose(proportional_hazards_curve([0.8, 0.3], 1.0), [0.8, 0.3])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: kaplan_meier([1, 2], [1]), "equal length"),
        (lambda: kaplan_meier([], []), "empty"),
        (lambda: kaplan_meier([1, -2], [1, 1]), "patient 1 has time -2"),
        (lambda: kaplan_meier([1, 2], [1, 2]), r"coded 1 \(event observed\) or 0"),
        (
            lambda: kaplan_meier([1, 2], [1, 0], alpha=5),
            r"alpha is 1 − confidence: 0\.05 for a 95% band",
        ),
        (
            lambda: naive_survival([1, 2], [1, 0], 1, method="ignore"),
            "method must be one of",
        ),
        (lambda: proportional_hazards_curve([0.5], -1), "hazard_ratio must be a finite number > 0"),
        (lambda: proportional_hazards_curve([50.0], 0.7), "not percentages"),
        (lambda: survival_at(kaplan_meier([1], [1]), -1), r"survival_at\(t=...\) must be a time >= 0"),
    ],
)
def test_bad_input_is_refused_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_km_curves_are_drawn_as_steps_from_one():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from seedsoil.plotting import plot_survival_curves

    fig, ax = plt.subplots()
    assert plot_survival_curves(ax, {"tiny": kaplan_meier(TIMES, EVENTS)}) is ax
    line = ax.get_lines()[0]
    assert line.get_ydata()[0] == 1.0 and line.get_xdata()[0] == 0.0
    np.testing.assert_allclose(line.get_ydata()[-1], 1 / 3)
    plt.close(fig)


# Log-rank by hand: group A times [1, 3] events [1, 0]; group B times [2, 4] events [1, 1].
#   t=1: at risk A 2, B 2 (n=4), 1 event (in A): E_A = 1*2/4 = 1/2;  V = 1*(1/2)(1/2)*(3/3) = 1/4
#   t=2: at risk A 1 (time 3), B 2 (n=3), 1 event (in B): E_A += 1/3;  V += (1/3)(2/3)*(2/2) = 2/9
#   t=4: at risk A 0, B 1: E_A += 0, V += 0
#   O_A = 1, E_A = 5/6, V = 1/4 + 2/9 = 17/36
#   chi-square = (1/6)^2 / (17/36) = 1/17;  rate ratio = exp((1/6) / (17/36)) = exp(6/17)
def test_log_rank_by_hand():
    result = log_rank([1, 3], [1, 0], [2, 4], [1, 1])
    assert result.observed == 1
    assert result.expected == pytest.approx(5 / 6)
    assert result.variance == pytest.approx(17 / 36)
    assert result.chi_square == pytest.approx(1 / 17)
    assert result.rate_ratio == pytest.approx(math.exp(6 / 17))
    # p-value of chi-square 1/17 with 1 df = P(|Z| > sqrt(1/17)) = erfc(sqrt(1/34))
    assert result.p_value == pytest.approx(math.erfc(math.sqrt(1 / 34)))


def test_log_rank_is_symmetric_and_matches_lifelines():
    gbsg = load_gbsg2()
    a = gbsg["horTh"] == "yes"
    ab = log_rank(gbsg["time"][a], gbsg["cens"][a], gbsg["time"][~a], gbsg["cens"][~a])
    ba = log_rank(gbsg["time"][~a], gbsg["cens"][~a], gbsg["time"][a], gbsg["cens"][a])
    assert ab.chi_square == pytest.approx(ba.chi_square)
    assert ab.rate_ratio == pytest.approx(1 / ba.rate_ratio)  # exp(x) vs exp(-x): O-E changes sign, V does not
    reference = logrank_test(gbsg["time"][a], gbsg["time"][~a], gbsg["cens"][a], gbsg["cens"][~a])
    assert ab.chi_square == pytest.approx(reference.test_statistic, rel=1e-9)
    assert ab.rate_ratio < 1  # hormonal therapy: fewer recurrences than expected


def test_log_rank_refuses_no_events():
    with pytest.raises(ValueError, match="at least one event"):
        log_rank([1, 2], [0, 0], [3], [0])


# --- more bad input ---------------------------------------------------------------

TIMES, EVENTS = [1, 2, 2, 3, 4, 6], [1, 1, 0, 0, 1, 0]


@pytest.mark.parametrize("t", [math.nan, np.nan])
def test_survival_at_nan_time_is_refused(t):
    with pytest.raises(ValueError, match=r"survival_at\(t=...\) must be a number, not NaN"):
        survival_at(kaplan_meier(TIMES, EVENTS), t)


def test_survival_at_with_swapped_arguments_says_so():
    with pytest.raises(TypeError, match=r"survival_at\(table=...\) must be the DataFrame from kaplan_meier\(\).*swap"):
        survival_at(4, kaplan_meier(TIMES, EVENTS))


def test_survival_at_on_patient_data_names_the_missing_column():
    patients = load_gbsg2()
    with pytest.raises(ValueError, match=r"survival_at\(table=...\) lacks column\(s\) \['survival'\].*kaplan_meier"):
        survival_at(patients, 365)
    with pytest.raises(ValueError, match=r"median_survival\(table=...\) lacks column\(s\) \['survival'\]"):
        median_survival(patients)


def test_a_km_curve_without_band_columns_names_them():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from seedsoil.plotting import plot_survival_curves

    fig, ax = plt.subplots()
    try:
        table = kaplan_meier(TIMES, EVENTS)[["time", "survival"]]
        with pytest.raises(ValueError, match=r"has no band: it needs columns 'lower' and 'upper'"):
            plot_survival_curves(ax, {"A": table})
        plot_survival_curves(ax, {"A": table}, band=False)  # no band, no need for them
        assert len(ax.lines) == 1
    finally:
        plt.close(fig)


def test_naive_survival_nan_time_names_the_patient():
    with pytest.raises(ValueError, match=r"times must be finite and >= 0; patient 2 has time nan"):
        naive_survival([1, 2, math.nan], [1, 0, 1], 1)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # 0.95 is the confidence level, not alpha: it would give a 5% band.
        (lambda: kaplan_meier([1, 2, 3], [1, 0, 1], alpha=0.95), ValueError, r"alpha is 1 − confidence.*got 0\.95"),
        (lambda: kaplan_meier([1, 2, 3], [1, 0, 1], alpha="0.05"), TypeError, "alpha must be a number"),
        (lambda: naive_survival([1, 2], [0, 0], 5), ValueError, "leaves nobody to count"),
        (lambda: naive_survival([1, 2], [1, 0], -1), ValueError, r"t must be a time >= 0"),
        (lambda: naive_survival([1, 2], [1, 0], float("nan")), ValueError, "t must be a number, not NaN"),
        (lambda: proportional_hazards_curve([1.0, float("nan")], 0.7), ValueError, "survival contains NaN"),
        (lambda: proportional_hazards_curve([1.0, 0.5], "0.7"), TypeError, "hazard_ratio must be a number"),
        (lambda: proportional_hazards_curve([1.0, 0.5], float("inf")), ValueError, "finite number > 0"),
    ],
)
def test_second_round_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- checks done by the shared validation helpers ------------------------------------


def test_proportional_hazards_curve_names_the_bad_entry():
    with pytest.raises(ValueError, match=r"survival must be in \[0, 1\]; entry 1 is 80\. Pass probabilities"):
        proportional_hazards_curve([1.0, 80.0, 0.5], 0.7)
    with pytest.raises(ValueError, match=r"survival contains NaN \(entry 2\)"):
        proportional_hazards_curve([1.0, 0.8, math.nan], 0.7)
    with pytest.raises(TypeError, match=r"survival must be numbers"):
        proportional_hazards_curve("0.8", 0.7)


def test_log_rank_refuses_groups_that_never_share_an_event_time():
    # A's only event (t = 5) comes after B's only patient has left (censored at 1): V = 0.
    with pytest.raises(ValueError, match=r"the variance is 0"):
        log_rank([5], [1], [1], [0])
