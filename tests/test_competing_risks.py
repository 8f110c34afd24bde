"""seedsoil.competing_risks against a hand-worked example, lifelines, the exponential truth, and bad input."""

import numpy as np
import pytest

from seedsoil.competing_risks import (
    cumulative_incidence,
    event_counts,
    exponential_incidence,
    incidence_at,
    naive_incidence,
    simulate_competing,
    stepwise_incidence,
)

# Seven patients; 1 = first skeletal event, 2 = died first, 0 = censored. A tie at t = 2 (one event, one death).
TIMES = [1, 2, 2, 3, 4, 5, 6]
EVENTS = [1, 1, 2, 0, 2, 1, 0]


def test_hand_worked_cumulative_incidence():
    # By hand, F(t) = sum S(t_{j-1}) d_j / n_j and S(t_j) = S(t_{j-1}) (1 - (d_j + c_j) / n_j):
    # t=1: n=7, d=1, c=0 -> F = 1/7,                    S = 6/7
    # t=2: n=6, d=1, c=1 -> F = 1/7 + 6/7 * 1/6 = 2/7,  S = 6/7 * 4/6 = 4/7
    # t=3: censored only, no row
    # t=4: n=3, d=0, c=1 -> F = 2/7,                    S = 4/7 * 2/3 = 8/21
    # t=5: n=2, d=1, c=0 -> F = 2/7 + 8/21 * 1/2 = 10/21, S = 4/21
    table = cumulative_incidence(TIMES, EVENTS)
    assert table["time"].tolist() == [1, 2, 4, 5]
    assert table["at_risk"].tolist() == [7, 6, 3, 2]
    assert table["events"].tolist() == [1, 1, 0, 1]
    assert table["competing"].tolist() == [0, 1, 1, 0]
    np.testing.assert_allclose(table["incidence"], [1 / 7, 2 / 7, 2 / 7, 10 / 21])
    np.testing.assert_allclose(table["event_free"], [6 / 7, 4 / 7, 8 / 21, 4 / 21])


def test_hand_worked_naive_one_minus_km_is_higher():
    # Deaths treated as censored: t=1 S = 6/7; t=2 S = 6/7 * 5/6 = 5/7; t=5 (2 at risk) S = 5/7 * 1/2 = 5/14.
    naive = naive_incidence(TIMES, EVENTS)
    assert naive["time"].tolist() == [1, 2, 5]
    np.testing.assert_allclose(naive["incidence"], [1 / 7, 2 / 7, 9 / 14])
    assert incidence_at(naive, 5) > incidence_at(cumulative_incidence(TIMES, EVENTS), 5)


def test_incidence_at_reads_the_step_function():
    table = cumulative_incidence(TIMES, EVENTS)
    assert incidence_at(table, 0.5) == 0.0
    assert incidence_at(table, 2) == pytest.approx(2 / 7)
    assert incidence_at(table, 4.99) == pytest.approx(2 / 7)
    assert incidence_at(table, 100) == pytest.approx(10 / 21)


def test_without_competing_events_the_two_estimates_agree():
    times, events = [3, 1, 4, 1, 5, 9, 2, 6], [1, 0, 1, 1, 0, 1, 1, 0]
    cif, naive = cumulative_incidence(times, events), naive_incidence(times, events)
    for t in (1, 2, 3.5, 9):
        assert incidence_at(cif, t) == pytest.approx(incidence_at(naive, t))


def test_everyone_is_event_free_or_had_one_of_the_two_events():
    rng = np.random.default_rng(3)
    cohort = simulate_competing(500, 0.3, 0.35, 3, rng)
    cif = cumulative_incidence(cohort["time"], cohort["event"])
    swapped = np.where(cohort["event"] > 0, 3 - cohort["event"], 0)
    died = cumulative_incidence(cohort["time"], swapped)
    np.testing.assert_allclose(cif["incidence"] + died["incidence"] + cif["event_free"], 1.0)


def test_agrees_with_lifelines_aalen_johansen():
    lifelines = pytest.importorskip("lifelines")
    rng = np.random.default_rng(7)
    cohort = simulate_competing(300, 0.4, 0.3, 3, rng)  # continuous times: no ties for lifelines to jitter
    fitter = lifelines.AalenJohansenFitter(calculate_variance=False)
    fitter.fit(cohort["time"], cohort["event"], event_of_interest=1)
    ours = cumulative_incidence(cohort["time"], cohort["event"])
    for t in (0.25, 0.5, 1.0, 2.0, 2.9):
        theirs = fitter.cumulative_density_.loc[:t].iloc[-1, 0]
        assert incidence_at(ours, t) == pytest.approx(theirs, abs=1e-12)


def test_simulation_reproduces_the_exponential_truth():
    # Constant rates 0.3 and 0.35 per year: F(2) = 0.3/0.65 (1 - e^-1.3) = 0.3358; 1 - e^-0.6 = 0.4512.
    true_cif, true_naive = exponential_incidence([2.0], 0.3, 0.35)
    assert true_cif[0] == pytest.approx(0.3358, abs=1e-4)
    assert true_naive[0] == pytest.approx(0.4512, abs=1e-4)
    cohort = simulate_competing(20_000, 0.3, 0.35, 3, np.random.default_rng(1))
    assert incidence_at(cumulative_incidence(cohort["time"], cohort["event"]), 2) == pytest.approx(
        true_cif[0], abs=0.015
    )
    assert incidence_at(naive_incidence(cohort["time"], cohort["event"]), 2) == pytest.approx(true_naive[0], abs=0.015)


def test_simulation_is_seeded_and_censors_at_follow_up():
    a = simulate_competing(50, 0.3, 0.35, 1.0, np.random.default_rng(5))
    b = simulate_competing(50, 0.3, 0.35, 1.0, np.random.default_rng(5))
    assert a.equals(b)
    assert a["time"].max() <= 1.0
    assert set(a.loc[a["event"] == 0, "time"]) <= {1.0}


@pytest.mark.parametrize(
    ("times", "events", "words"),
    [
        ([1, 2, 3], [1, 3, 0], ["events", "0 (censored), 1 (the event) or 2", "patient 1", "3"]),
        ([1, 2, 3], [1, -1, 0], ["events", "patient 1", "-1"]),
        ([1, -2, 3], [1, 2, 0], ["times", ">= 0", "entry 1", "-2", "negative"]),
        ([1, np.nan, 3], [1, 2, 0], ["times", "NaN"]),
        ([1, np.inf, 3], [1, 2, 0], ["times", "finite"]),
        ([1, 2, 3], [1, 2], ["events", "one code per patient"]),
        ([], [], ["times", "empty"]),
    ],
)
def test_bad_input_names_the_argument(times, events, words):
    with pytest.raises(ValueError) as info:
        cumulative_incidence(times, events)
    for word in words:
        assert word in str(info.value)


def test_naive_needs_an_event_of_interest():
    with pytest.raises(ValueError, match="no event of interest"):
        naive_incidence([1, 2], [2, 0])


def test_simulation_refuses_bad_arguments():
    with pytest.raises(TypeError, match="rng"):
        simulate_competing(10, 0.3, 0.35, 3, rng=42)
    with pytest.raises(ValueError, match="event_rate"):
        simulate_competing(10, 0.0, 0.35, 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="follow_up"):
        simulate_competing(10, 0.3, 0.35, -1, np.random.default_rng(0))


def test_incidence_at_needs_a_curve_and_a_time():
    with pytest.raises(ValueError, match="incidence"):
        incidence_at(cumulative_incidence(TIMES, EVENTS).drop(columns="incidence"), 1)
    with pytest.raises(ValueError, match="t must be >= 0"):
        incidence_at(cumulative_incidence(TIMES, EVENTS), -1)


def test_hand_worked_ties_between_events_deaths_and_censoring():
    # Ties of all kinds; events and deaths at a time come before censorings at that time (counted at risk).
    # t=1: n=10, d=1, c=1 -> F = 1/10,                 S = 8/10
    # t=2: n=7,  d=2, c=0 -> F = 1/10 + 8/10 * 2/7,    S = 8/10 * 5/7 = 4/7
    # t=3: n=4,  d=1, c=1 -> F = ... + 4/7 * 1/4,      S = 4/7 * 2/4 = 2/7
    # t=4: censored only, no row;  t=5: n=1, d=1 -> F = ... + 2/7 * 1/1
    times = [1, 1, 1, 2, 2, 2, 3, 3, 4, 5]
    events = [1, 2, 0, 1, 1, 0, 2, 1, 0, 1]
    f1 = 1 / 10
    f2 = f1 + 8 / 10 * 2 / 7
    f3 = f2 + 4 / 7 * 1 / 4
    f5 = f3 + 2 / 7
    table = cumulative_incidence(times, events)
    assert table["at_risk"].tolist() == [10, 7, 4, 1]
    np.testing.assert_allclose(table["incidence"], [f1, f2, f3, f5])
    np.testing.assert_allclose(table["incidence"], [0.100, 0.329, 0.471, 0.757], atol=5e-4)
    np.testing.assert_allclose(table["event_free"], [8 / 10, 4 / 7, 2 / 7, 0.0], atol=1e-12)


def test_stepwise_loop_matches_the_estimator_and_reproduces_the_slips():
    # Exercise 6's four-patient example, by hand: F(3) = 1/4 + 1/2 * 1/2 = 1/2.
    small = ([1, 2, 3, 4], [1, 2, 1, 0])
    assert stepwise_incidence(*small, 3) == 0.5
    assert stepwise_incidence(TIMES, EVENTS, 5) == pytest.approx(10 / 21)
    assert stepwise_incidence(*small, 3, slip="no S factor") == pytest.approx(1 / 4 + 1 / 2)
    assert stepwise_incidence(*small, 1.5, slip="wrong order") == pytest.approx(3 / 4 * 1 / 4)
    assert stepwise_incidence(*small, 3, slip="not added up") == pytest.approx(1 / 2 * 1 / 2)
    assert stepwise_incidence(*small, 3, slip="returns 1 - S") == pytest.approx(1 - 1 / 4)
    # S restarted at each time: 1/4 + (1 - 1/3) x 1/2 = 7/12 instead of 1/2.
    assert stepwise_incidence(*small, 3, slip="S not carried") == pytest.approx(7 / 12)
    # Deaths added into F: 1 x 1/4 + 3/4 x 1/3 + 1/2 x 1/2 = 3/4, the share with either event (1 - S).
    assert stepwise_incidence(*small, 3, slip="deaths in F") == pytest.approx(3 / 4)
    # S without the events: S stays 1 at time 1, then 2/3, so F(3) = 1/4 + 2/3 x 1/2 = 7/12.
    assert stepwise_incidence(*small, 3, slip="S misses events") == pytest.approx(7 / 12)
    assert stepwise_incidence(*small, 2.5, slip="S misses events") == pytest.approx(1 / 4)
    with pytest.raises(ValueError, match="slip"):
        stepwise_incidence(*small, 3, slip="typo")


def test_event_counts_by_hand_with_ties():
    # TIMES/EVENTS: t=1 n=7 d=1; t=2 n=6 d=1 c=1; t=3 censoring only (no row); t=4 n=3 c=1; t=5 n=2 d=1.
    assert event_counts(TIMES, EVENTS, 5) == [(7, 1, 0), (6, 1, 1), (3, 0, 1), (2, 1, 0)]
    assert event_counts(TIMES, EVENTS, 1.5) == [(7, 1, 0)]


def test_exercise_6_example_one_minus_km_column_by_hand():
    # Lesson 10's worked table: times 1, 2, 3, 4 with codes 1, 2, 1, 0. Deaths censored, KM for event 1:
    # t=1: 3/4; t=2: a censoring; t=3: 3/4 x 1/2 = 3/8. So 1 - KM = 1/4, 1/4, 5/8 against F = 1/4, 1/4, 1/2.
    small = ([1, 2, 3, 4], [1, 2, 1, 0])
    naive, cif = naive_incidence(*small), cumulative_incidence(*small)
    assert [incidence_at(naive, t) for t in (1, 2, 3)] == pytest.approx([1 / 4, 1 / 4, 5 / 8])
    assert [incidence_at(cif, t) for t in (1, 2, 3)] == pytest.approx([1 / 4, 1 / 4, 1 / 2])
