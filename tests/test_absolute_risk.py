"""Trial arithmetic and the EBCTCG 2015 table.

Expected values are written out from the paper's abstract (EBCTCG, Lancet
2015;386:1353-1361, doi:10.1016/S0140-6736(15)60908-4) and from arithmetic done
by hand, never read back from the CSV or the code under test.
"""

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

from seedsoil.absolute_risk import (
    absolute_risk_reduction,
    ci_crosses_one,
    number_needed_to_treat,
    relative_risk_reduction,
    treated_risk,
)
from seedsoil.data import load_table
from seedsoil.plotting import plot_forest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

# --- the meta-analysis table -------------------------------------------------------

# (outcome, population): (rate ratio, 95% CI low, high, n women), typed from the abstract.
ABSTRACT = {
    ("recurrence", "all women"): (0.94, 0.87, 1.01, 18766),
    ("distant recurrence", "all women"): (0.92, 0.85, 0.99, 18766),
    ("bone recurrence", "all women"): (0.83, 0.73, 0.94, 18766),
    ("breast cancer mortality", "all women"): (0.91, 0.83, 0.99, 18766),
    ("recurrence", "postmenopausal women"): (0.86, 0.78, 0.94, 11767),
    ("distant recurrence", "postmenopausal women"): (0.82, 0.74, 0.92, 11767),
    ("bone recurrence", "postmenopausal women"): (0.72, 0.60, 0.86, 11767),
    ("breast cancer mortality", "postmenopausal women"): (0.82, 0.73, 0.93, 11767),
}


@pytest.fixture(scope="module")
def trials():
    return load_table("bisphosphonate_trials")


def test_table_matches_the_abstract(trials):
    charted = trials.dropna(subset=["rate_ratio"])
    found = {
        (r.outcome, r.population): (r.rate_ratio, r.ci_low, r.ci_high, int(r.n_women)) for r in charted.itertuples()
    }
    assert found == ABSTRACT


def test_intervals_are_ordered_positive_and_contain_the_estimate(trials):
    charted = trials.dropna(subset=["rate_ratio"])
    assert (charted["ci_low"] > 0).all()
    assert (charted["ci_low"] < charted["rate_ratio"]).all()
    assert (charted["rate_ratio"] < charted["ci_high"]).all()


def test_every_row_is_primary_from_ebctcg2015(trials):
    assert set(trials["source"]) == {"ebctcg2015"}
    assert set(trials["evidence"]) == {"primary"}


def test_premenopausal_is_a_text_row_without_numbers(trials):
    pre = trials[trials["population"] == "premenopausal women"]
    assert len(pre) == 1
    row = pre.iloc[0]
    assert pd.isna(row["rate_ratio"]) and pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
    assert "no apparent effect" in row["note"]


def test_the_baseline_risk_is_marked_illustrative():
    assumptions = load_table("bisphosphonate_assumptions").set_index("parameter")
    assert (assumptions["evidence"] == "illustrative").all()
    assert (assumptions["source"] == "course_assumption").all()
    assert 0 < assumptions.loc["baseline_risk", "value"] < 1


# --- hand-computed arithmetic ------------------------------------------------------


def test_relative_risk_reduction_by_hand():
    # 1 - 0.72 = 0.28; 1 - 0.83 = 0.17; 1 - 1.25 = -0.25 (an increase).
    assert relative_risk_reduction(0.72) == pytest.approx(0.28)
    assert relative_risk_reduction(0.83) == pytest.approx(0.17)
    assert relative_risk_reduction(1.25) == pytest.approx(-0.25)


def test_absolute_risk_reduction_by_hand():
    # p0 = 0.10, RR = 0.72: p1 = 0.072, ARR = 0.10 - 0.072 = 0.028.
    assert treated_risk(0.10, 0.72) == pytest.approx(0.072)
    assert absolute_risk_reduction(0.10, 0.72) == pytest.approx(0.028)
    # p0 = 0.20, RR = 0.83: p1 = 0.166, ARR = 0.034.
    assert absolute_risk_reduction(0.20, 0.83) == pytest.approx(0.034)


def test_number_needed_to_treat_by_hand():
    # 1 / 0.028 = 35.714...; 1 / (0.10 * 0.17) = 1 / 0.017 = 58.82...
    assert number_needed_to_treat(0.10, 0.72) == pytest.approx(35.714, abs=1e-3)
    assert number_needed_to_treat(0.10, 0.83) == pytest.approx(58.824, abs=1e-3)
    # Halving the baseline risk doubles the NNT: 1 / (0.05 * 0.28) = 71.43.
    assert number_needed_to_treat(0.05, 0.72) == pytest.approx(71.429, abs=1e-3)


def test_nnt_is_vectorised_over_baseline_risk():
    # 1 / (p0 * 0.28) for p0 = 0.02, 0.10, 0.40: 178.57, 35.71, 8.93.
    got = number_needed_to_treat(np.array([0.02, 0.10, 0.40]), 0.72)
    assert got == pytest.approx([178.571, 35.714, 8.929], abs=1e-3)


def test_proportional_hazards_risk_by_hand():
    # 1 - 0.9**0.72 = 1 - exp(0.72 ln 0.9) = 1 - exp(-0.0758596) = 0.073054.
    assert treated_risk(0.10, 0.72, method="proportional hazards") == pytest.approx(0.073054, abs=1e-6)
    # For a small risk the two agree closely: 0.01 * 0.72 = 0.0072 vs
    # 1 - 0.99**0.72 = 1 - exp(0.72 * -0.0100503) = 1 - exp(-0.0072362) = 0.0072101.
    assert treated_risk(0.01, 0.72, method="proportional hazards") == pytest.approx(0.0072101, abs=1e-7)


def test_ci_crosses_one():
    assert ci_crosses_one(0.87, 1.01) is True
    assert ci_crosses_one(0.60, 0.86) is False
    assert ci_crosses_one(0.85, 0.99) is False
    # An interval that ends exactly at 1 still includes 1 (compatible with no effect).
    assert ci_crosses_one(0.87, 1.0) is True
    assert ci_crosses_one(1.0, 1.2) is True


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize("risk", [0, 1, -0.1, 10, math.nan])
def test_risk_outside_zero_one_is_refused(risk):
    with pytest.raises(ValueError, match=r"baseline_risk must be a probability strictly between 0 and 1"):
        number_needed_to_treat(risk, 0.72)


def test_percent_instead_of_fraction_gets_a_hint():
    with pytest.raises(ValueError, match=r"10% is 0.10, not 10"):
        absolute_risk_reduction(10, 0.72)


@pytest.mark.parametrize("rr", [0, -0.5, math.inf])
def test_rate_ratio_must_be_positive(rr):
    with pytest.raises(ValueError, match=r"rate_ratio must be a finite number > 0"):
        absolute_risk_reduction(0.1, rr)


@pytest.mark.parametrize("bad", ["0.72", None, True])
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError, match=r"must be a number"):
        relative_risk_reduction(bad)


@pytest.mark.parametrize("rr", [1.0, 1.01])
def test_nnt_refuses_no_benefit(rr):
    with pytest.raises(ValueError, match=r"needs a rate ratio below 1.*number needed to harm"):
        number_needed_to_treat(0.1, rr)


def test_approximation_that_exceeds_one_is_refused():
    # 0.8 * 1.5 = 1.2, not a risk.
    with pytest.raises(ValueError, match=r"proportional hazards"):
        treated_risk(0.8, 1.5)


def test_unknown_method():
    with pytest.raises(ValueError, match=r"method must be one of"):
        treated_risk(0.1, 0.72, method="exact")


def test_ci_in_wrong_order():
    with pytest.raises(ValueError, match=r"ci_low must be below ci_high"):
        ci_crosses_one(1.01, 0.87)


# --- the forest plot ---------------------------------------------------------------


def test_forest_plot_draws_one_point_per_charted_row(trials):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    plot_forest(ax, trials, note="premenopausal: no apparent effect")
    assert ax.get_xscale() == "log"
    points = sum(len(line.get_xdata()) for line in ax.lines if line.get_marker() in ("o", "s"))
    assert points == 8
    # Each point sits at its rate ratio and each bar spans its 95% CI, as typed from the abstract.
    drawn_points = sorted(x for line in ax.lines if line.get_marker() in ("o", "s") for x in line.get_xdata())
    assert drawn_points == pytest.approx(sorted(rr for rr, _, _, _ in ABSTRACT.values()))
    bars = [seg for coll in ax.collections for seg in coll.get_segments()]
    spans = sorted(
        (round(seg[0][0], 6), round(seg[1][0], 6)) for seg in bars if len(seg) == 2 and seg[0][1] == seg[1][1]
    )
    assert spans == sorted((lo, hi) for _, lo, hi, _ in ABSTRACT.values())
    assert ax.get_legend_handles_labels()[1] == ["all women", "postmenopausal women"]
    plt.close(fig)


def test_forest_plot_names_missing_columns():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"needs the columns \['ci_high'\]"):
        plot_forest(ax, pd.DataFrame(columns=["outcome", "population", "rate_ratio", "ci_low"]))
    plt.close(fig)


def test_approximation_overstates_the_benefit_at_high_risk_by_hand():
    # p0 = 0.40, RR = 0.72. Approximation: ARR = 0.40 * 0.28 = 0.112, NNT = 8.93.
    # Proportional hazards: ln 0.6 = -0.510826; x 0.72 = -0.367794; exp(-0.367794) = 0.692259;
    # p1 = 0.307741, ARR = 0.092259, NNT = 10.839. The approximation gives the smaller NNT.
    assert number_needed_to_treat(0.40, 0.72) == pytest.approx(8.929, abs=1e-3)
    assert number_needed_to_treat(0.40, 0.72, method="proportional hazards") == pytest.approx(10.839, abs=1e-2)


def test_lesson_05_assumptions_name_the_period_and_the_dose_sweep():
    assumptions = load_table("bisphosphonate_assumptions").set_index("parameter")
    assert assumptions.loc["risk_period", "unit"] == "year"
    sweep = assumptions.loc[["removal_factor_low", "removal_factor_mid", "removal_factor"], "value"]
    assert list(sweep) == sorted(sweep) and sweep.iloc[0] > 1  # all raise β₁, in increasing order


# --- bad input the lesson's readers are likely to give ------------------------------


@pytest.mark.parametrize("call", [relative_risk_reduction, lambda rr: absolute_risk_reduction(0.1, rr)])
def test_rate_ratio_given_as_a_percentage_is_refused(call):
    with pytest.raises(ValueError, match=r"rate_ratio = 72 looks like a percentage.*0\.72"):
        call(72)


def _one_row(low, rr, high):
    return pd.DataFrame(
        {
            "outcome": ["bone recurrence"],
            "population": ["all women"],
            "rate_ratio": [rr],
            "ci_low": [low],
            "ci_high": [high],
        }
    )


@pytest.mark.parametrize(
    ("low", "rr", "high", "message"),
    [
        (0.86, 0.72, 0.60, r"0\.86, 0\.72, 0\.6\. Are ci_low and ci_high swapped\?"),
        (0.60, 0.95, 0.86, r"needs 0 < ci_low <= rate_ratio <= ci_high; got 0\.6, 0\.95, 0\.86\.$"),
        (float("nan"), 0.72, 0.86, r"has a rate ratio but no 95% CI"),
    ],
)
def test_forest_plot_refuses_an_interval_that_does_not_hold_its_point(low, rr, high, message):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=message):
        plot_forest(ax, _one_row(low, rr, high))
    plt.close(fig)


def test_forest_plot_widens_its_symmetric_axis_for_a_wide_interval():
    fig, ax = plt.subplots()
    plot_forest(ax, _one_row(0.25, 0.5, 1.1))
    low, high = ax.get_xlim()
    # 1/0.25 = 4 reaches further than the default 2, on both sides of 1, plus 15% room: 4.6.
    assert (low, high) == pytest.approx((1 / 4.6, 4.6))
    plt.close(fig)


def test_forest_plot_refuses_a_list():
    fig, ax = plt.subplots()
    with pytest.raises(TypeError, match="plot_forest needs a pandas DataFrame"):
        plot_forest(ax, [0.72, 0.60, 0.86])
    plt.close(fig)


# --- checks done by the shared validation helpers ------------------------------------


@pytest.mark.parametrize("bad", ["0.10", None, False])
def test_baseline_risk_that_is_not_a_number_is_a_type_error(bad):
    with pytest.raises(TypeError, match=r"baseline_risk must be a number between 0 and 1; got"):
        treated_risk(bad, 0.72)


def test_ci_crosses_one_takes_one_interval_not_arrays():
    with pytest.raises(TypeError, match=r"one interval \(two numbers\), not arrays"):
        ci_crosses_one([0.87, 0.60], [1.01, 0.86])


def test_arrays_of_rate_ratios_name_the_largest_percentage():
    with pytest.raises(ValueError, match=r"rate_ratio = 83 looks like a percentage"):
        relative_risk_reduction([0.72, 83, 72])
