"""Relative survival and the Ederer I expected survival, against values worked
out by hand; the simulations against their closed-form expectations."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from seedsoil.data import load_table
from seedsoil.relative_survival import (
    SimulationParameters,
    cohort_and_period_estimates,
    expected_survival_from_lifetable,
    observed_survival,
    relative_survival,
    simulate_diagnosis_years,
    simulate_lead_time,
)

# --- relative survival -------------------------------------------------------------


def test_relative_survival_by_hand():
    # 27% observed alive at 5 years, 90% expected: 0.27 / 0.90 = 0.30.
    assert relative_survival(0.27, 0.90) == pytest.approx(0.30)
    # Vectorised: 0.5/1 = 0.5, 0.45/0.9 = 0.5, 0.8/0.8 = 1.
    np.testing.assert_allclose(relative_survival([0.5, 0.45, 0.8], [1, 0.9, 0.8]), [0.5, 0.5, 1.0])


def test_relative_survival_can_exceed_one():
    assert relative_survival(0.99, 0.97) > 1


@pytest.mark.parametrize(
    "observed, expected, match",
    [
        (27, 0.9, "divide them by 100"),
        (0.27, 90, "expected must be a proportion"),
        (-0.1, 0.9, "observed must be a proportion"),
        (0.2, 0.0, "expected survival is 0"),
        (float("nan"), 0.9, "NaN"),
    ],
)
def test_relative_survival_refuses_bad_input(observed, expected, match):
    with pytest.raises(ValueError, match=match):
        relative_survival(observed, expected)


def test_relative_survival_refuses_text():
    with pytest.raises(TypeError, match="observed must be a number"):
        relative_survival("ninety", 0.9)


# --- expected survival (Ederer I) --------------------------------------------------


def test_expected_survival_one_person_by_hand():
    # Age 60, q60 = 0.1, q61 = 0.2: S(1) = 0.9, S(2) = 0.9 * 0.8 = 0.72.
    np.testing.assert_allclose(
        expected_survival_from_lifetable({60: 0.1, 61: 0.2}, ages=[60], years=2),
        [1, 0.9, 0.72],
    )


def test_expected_survival_cohort_is_the_average_of_individual_curves():
    q = {60: 0.1, 61: 0.2, 62: 0.5}
    # Person aged 60: 1, 0.9, 0.72.  Person aged 61: 1, 0.8, 0.8 * 0.5 = 0.4.
    # Ederer I averages the curves: 1, 0.85, 0.56
    # (not the survival of a person of "average age").
    np.testing.assert_allclose(expected_survival_from_lifetable(q, ages=[60, 61], years=2), [1, 0.85, 0.56])


def test_expected_survival_with_the_real_ssa_rows():
    # SSA 2013 female q25..q29 = 0.000513, 0.000537, 0.000563, 0.000593, 0.000627;
    # product of (1 - q) by hand: 1 - sum(q) + sum of pairwise products
    # (higher terms < 1e-8) = 1 - 0.002833 + (0.002833**2 - sum(q**2)) / 2
    # = 1 - 0.002833 + 0.0000032 = 0.9971702.
    table = load_table("life_table_female")
    q = table[table["table"] == "ssa2013"].set_index("age")["q_x"]
    s5 = expected_survival_from_lifetable(q, ages=25, years=5)[-1]
    assert s5 == pytest.approx(0.9971702, abs=1e-7)


def test_expected_survival_accepts_a_series():
    q = pd.Series({70: 0.02, 71: 0.03})
    np.testing.assert_allclose(expected_survival_from_lifetable(q, ages=70, years=2), [1, 0.98, 0.98 * 0.97])


def test_missing_age_is_named():
    with pytest.raises(ValueError, match=r"no death probability for age 62 \(ages available: 60-61\)"):
        expected_survival_from_lifetable({60: 0.1, 61: 0.2}, ages=[60], years=3)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"q_x": {60: 1.5}, "ages": [60], "years": 1},
            ValueError,
            "q_x must be a proportion",
        ),
        (
            {"q_x": {60: 0.1}, "ages": [60], "years": 0},
            ValueError,
            "years must be at least 1",
        ),
        ({"q_x": {60: 0.1}, "ages": [60], "years": 1.5}, TypeError, "whole number"),
        ({"q_x": {60: 0.1}, "ages": [], "years": 1}, ValueError, "ages is empty"),
        (
            {"q_x": {60: 0.1}, "ages": [60.5], "years": 1},
            TypeError,
            "ages must be whole years",
        ),
        ({"q_x": [0.1], "ages": [60], "years": 1}, TypeError, "q_x must map age"),
    ],
)
def test_expected_survival_refuses_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        expected_survival_from_lifetable(**kwargs)


# --- simulations ---------------------------------------------------------------------


def _params(**changes):
    values = dict(
        median_survival_months=30,
        lead_time_months=12,
        n_patients=200_000,
        first_year_hazard_per_year=0.35,
        hazard_change_per_year=-0.06,
        n_diagnosis_years=15,
    )
    values.update(changes)
    return SimulationParameters(**values)


def test_observed_survival_by_hand():
    assert observed_survival([1, 2, 6, 8], 5) == 0.5


def test_lead_time_moves_diagnosis_not_death():
    sims = simulate_lead_time(_params(), np.random.default_rng(1))
    np.testing.assert_allclose(sims["found_earlier"] - sims["found_at_symptoms"], 12)
    # Exponential with median 30 months: P(T > 60) = 0.5 ** (60/30) = 0.25;
    # found 12 months earlier: P(T + 12 > 60) = 0.5 ** (48/30) = 0.3299.
    assert observed_survival(sims["found_at_symptoms"], 60) == pytest.approx(0.25, abs=0.005)
    assert observed_survival(sims["found_earlier"], 60) == pytest.approx(0.5**1.6, abs=0.005)


def test_period_estimate_lies_between_old_cohort_and_newest_truth():
    p = _params()
    patients = simulate_diagnosis_years(p, np.random.default_rng(2))
    est = cohort_and_period_estimates(patients, now=15)
    h = lambda y: 0.35 * 0.94**y  # noqa: E731 -- hazard of diagnosis year y
    # By hand: cohort (year 10) exp(-5 h10); period prod_k exp(-h(14-k));
    # newest exp(-5 h14).
    assert est["cohort"] == pytest.approx(math.exp(-5 * h(10)), abs=0.006)
    assert est["period"] == pytest.approx(math.exp(-sum(h(14 - k) for k in range(5))), abs=0.006)
    assert est["newest"] == pytest.approx(math.exp(-5 * h(14)), abs=0.006)
    assert est["cohort"] < est["period"] < est["newest"]


def test_estimates_need_enough_years():
    patients = simulate_diagnosis_years(_params(n_patients=10), np.random.default_rng(3))
    with pytest.raises(ValueError, match="needs diagnosis years"):
        cohort_and_period_estimates(patients, now=3)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"now": 10, "horizon": 0}, ValueError, "horizon must be at least 1 year; got 0"),
        ({"now": 10, "horizon": -2}, ValueError, "horizon must be at least 1 year"),
        ({"now": 10.5}, TypeError, "now must be a whole calendar year count; got float 10.5"),
        ({"now": True}, TypeError, "now must be a whole"),
    ],
)
def test_estimates_refuse_impossible_questions(kwargs, error, message):
    patients = simulate_diagnosis_years(_params(n_patients=10), np.random.default_rng(3))
    with pytest.raises(error, match=message):
        cohort_and_period_estimates(patients, **kwargs)


def test_estimates_name_a_missing_diagnosis_year():
    patients = simulate_diagnosis_years(_params(n_patients=10), np.random.default_rng(3))
    gap = patients[patients["diagnosis_year"] != 7]
    with pytest.raises(ValueError, match=r"the table has none for \[7\]"):
        cohort_and_period_estimates(gap, now=10)


def test_life_table_with_an_age_twice_is_refused():
    q = pd.Series([0.1, 0.9, 0.2], index=[60, 60, 61])
    with pytest.raises(ValueError, match=r"more than one death probability for age\(s\) \[60\]"):
        expected_survival_from_lifetable(q, [60], 2)


def test_relative_survival_needs_matching_lengths():
    with pytest.raises(ValueError, match="one value per time point each; got 2 and 3 values"):
        relative_survival([0.9, 0.8], [0.95, 0.9, 0.85])


def test_simulations_need_a_generator():
    with pytest.raises(TypeError, match="default_rng"):
        simulate_lead_time(_params(), rng=42)


@pytest.mark.parametrize(
    "change, match",
    [
        ({"median_survival_months": 0}, "median_survival_months must be positive"),
        ({"lead_time_months": -1}, "lead_time_months must be >= 0"),
        ({"hazard_change_per_year": -1.5}, "above -1"),
    ],
)
def test_bad_parameters_are_refused(change, match):
    with pytest.raises(ValueError, match=match):
        _params(**change)


def test_illustrative_parameters_come_from_data():
    p = SimulationParameters.illustrative()
    table = load_table("survival_simulation_parameters").set_index("parameter")["value"]
    for field in dataclasses.fields(SimulationParameters):
        assert getattr(p, field.name) == table[field.name], field.name
    assert isinstance(p.n_patients, int)


# --- missing values and wrong types -------------------------------------------------


def test_observed_survival_refuses_nan_times_instead_of_counting_them_as_deaths():
    expected = r"observed_survival\(times=...\) must be times >= 0 with none missing; entry 2"
    with pytest.raises(ValueError, match=expected):
        observed_survival([1, 2, math.nan, 8], 5)


def test_observed_survival_refuses_negative_times():
    with pytest.raises(ValueError, match=r"entry 1 is -2"):
        observed_survival([1, -2, 8], 5)


@pytest.mark.parametrize(
    ("horizon", "error", "match"),
    [
        (math.nan, ValueError, r"observed_survival\(horizon=...\) must be a number, not NaN"),
        (-1, ValueError, r"observed_survival\(horizon=...\) must be >= 0"),
        ("5", TypeError, r"observed_survival\(horizon=...\) must be a number; got str '5'"),
    ],
)
def test_observed_survival_bad_horizon(horizon, error, match):
    with pytest.raises(error, match=match):
        observed_survival([1, 2, 6, 8], horizon)


def test_observed_survival_accepts_numpy_horizon():
    assert observed_survival(np.array([1, 2, 6, 8]), np.int64(5)) == 0.5


def test_life_table_with_text_ages_says_so():
    q_x = pd.Series([0.1, 0.2], index=["60", "61"])
    with pytest.raises(TypeError, match=r"ages must be whole numbers \(int\); got str '60'.*astype\(int\)"):
        expected_survival_from_lifetable(q_x, [60], 2)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (
            {"median_survival_months": math.nan},
            ValueError,
            r"Parameters\.median_survival_months must be a number, not NaN",
        ),
        ({"first_year_hazard_per_year": math.inf}, ValueError, r"first_year_hazard_per_year must be finite"),
        ({"median_survival_months": "30"}, TypeError, r"median_survival_months must be a number; got str '30'"),
        (
            {"n_patients": 100.5},
            TypeError,
            r"SimulationParameters\.n_patients must be a whole number \(int\); got 100\.5",
        ),
        ({"n_patients": True}, TypeError, r"n_patients must be a whole number"),
    ],
)
def test_simulation_parameters_refuse_nan_text_and_fractions(change, error, match):
    with pytest.raises(error, match=match):
        _params(**change)


def test_simulation_parameters_accept_numpy_integers():
    assert _params(n_patients=np.int64(10)).n_patients == 10


def test_illustrative_refuses_a_fractional_count():
    table = load_table("survival_simulation_parameters")
    table.loc[table["parameter"] == "n_patients", "value"] = 100.7
    with pytest.raises(ValueError, match=r"row 'n_patients': value 100\.7 must be a whole number"):
        SimulationParameters.illustrative(table)


def test_illustrative_names_a_missing_row():
    table = load_table("survival_simulation_parameters")
    table = table[table["parameter"] != "lead_time_months"]
    with pytest.raises(ValueError, match=r"lacks the row\(s\) \['lead_time_months'\] in column 'parameter'"):
        SimulationParameters.illustrative(table)


def test_ederer_one_is_the_mean_not_the_median_of_the_curves():
    # Three people, one year: 1 - q = 0.9, 0.8, 0.5. The mean is (0.9 + 0.8 + 0.5) / 3 = 0.7333;
    # the median (0.8) would be a different, wrong, summary.
    q = {60: 0.1, 61: 0.2, 62: 0.5}
    np.testing.assert_allclose(expected_survival_from_lifetable(q, ages=[60, 61, 62], years=1), [1, 2.2 / 3])


def test_observed_survival_counts_a_death_on_the_horizon_as_a_death():
    # "Alive longer than the horizon": of 1, 2, 5, 8 only the patient who dies at 8 outlives 5.
    assert observed_survival([1, 2, 5, 8], 5) == 0.25


# --- the parameters come from their table, not from the code ------------------------


def test_illustrative_follows_every_value_of_its_table():
    # Change every value of the table; the factory must follow each one, so none is written in the code.
    table = load_table("survival_simulation_parameters")
    assert set(table["parameter"]) == {field.name for field in dataclasses.fields(SimulationParameters)}
    changed = table.copy()
    changed["value"] = [
        {"n_patients": 7, "n_diagnosis_years": 9, "hazard_change_per_year": -0.5}.get(name, value * 2)
        for name, value in zip(table["parameter"], table["value"], strict=True)
    ]
    p = SimulationParameters.illustrative(changed)
    for name, value in zip(changed["parameter"], changed["value"], strict=True):
        assert getattr(p, name) == value, name
    assert p != SimulationParameters.illustrative()


def test_illustrative_wants_a_table():
    with pytest.raises(TypeError, match=r"illustrative\(table=...\) must be the DataFrame returned by load_table"):
        SimulationParameters.illustrative([("n_patients", 10)])


def test_counts_must_be_at_least_one():
    with pytest.raises(ValueError, match=r"SimulationParameters\.n_diagnosis_years must be >= 1; got 0"):
        _params(n_diagnosis_years=0)


def test_simulations_refuse_a_seed_and_say_how_to_make_a_generator():
    with pytest.raises(TypeError, match=r"rng must be a numpy Generator; got int\. Make one with"):
        simulate_diagnosis_years(_params(n_patients=10), 7)
