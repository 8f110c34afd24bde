"""Sample-size formulas against worked examples computed by hand, and simulation against them."""

import math

import numpy as np
import pytest

from seedsoil.trial_power import (
    freedman_events,
    freedman_patients,
    interaction_events,
    schoenfeld_events,
    schoenfeld_power,
    simulated_power,
)
from seedsoil.virtual_trial import Baseline, TrialParameters

# z_{0.975} = 1.959964, z_{0.80} = 0.841621; (1.959964 + 0.841621)^2 = 2.801585^2 = 7.848879.
Z2 = 7.848879


def test_schoenfeld_worked_example_hr_075_needs_about_380_events():
    # 1:1, 80% power, two-sided 5%:
    # 4 (z_{0.975} + z_{0.8})^2 / (ln 0.75)^2 = 4 * 7.848879 / 0.0827614 = 379.35 -> 380 events.
    d = schoenfeld_events(0.75, alpha=0.05, power=0.8)
    assert d == pytest.approx(4 * Z2 / math.log(0.75) ** 2, rel=1e-6)
    assert math.ceil(d) == 380
    # 2:1 allocation: p(1-p) = 2/9 instead of 1/4 -> 9/8 times as many: 426.8.
    assert schoenfeld_events(0.75, allocation=2 / 3) == pytest.approx(379.35 * 9 / 8, rel=1e-3)


def test_freedman_worked_example():
    # ((1 + θ)/(1 - θ))^2 (z + z)^2 = (1.75 / 0.25)^2 * 7.848879 = 49 * 7.848879 = 384.59 -> 385 events.
    d = freedman_events(0.75)
    assert d == pytest.approx(49 * Z2, rel=1e-6)
    assert math.ceil(d) == 385


def test_freedman_patients_matches_the_lifelines_documented_example():
    # lifelines' docstring: power 0.8, p_exp 0.25, p_con 0.35, θ 0.7 -> (421, 421).
    # By hand: (1.7 / 0.3)^2 * 7.848879 = 32.1111 * 7.848879 = 252.036 events; / (0.25 + 0.35) = 420.06 -> 421 per arm.
    assert freedman_patients(0.7, 0.25, 0.35) == 842


def test_schoenfeld_power_by_hand():
    # 100 events, θ = 0.75: Φ(sqrt(100/4) * 0.287682 - 1.959964) = Φ(-0.521554) = 0.300990.
    assert schoenfeld_power(100, 0.75) == pytest.approx(0.300990, abs=1e-5)
    assert schoenfeld_power(schoenfeld_events(0.8), 0.8) == pytest.approx(0.8)


def test_an_interaction_needs_four_times_the_events_of_an_equal_main_effect():
    # π = p = 1/2: (z + z)^2 / (1/16 (ln ψ)^2) = 16 * 7.848879 / 0.0827614 = 1517.4 for ψ = 0.75.
    assert interaction_events(0.75, marker_share=0.5) == pytest.approx(16 * Z2 / math.log(0.75) ** 2, rel=1e-6)
    assert interaction_events(0.75, marker_share=0.5) == pytest.approx(4 * schoenfeld_events(0.75))
    # A marker in 30% of women: π(1-π) = 0.21 < 0.25, so more events still.
    assert interaction_events(0.5, marker_share=0.3) > interaction_events(0.5, marker_share=0.5)


def test_simulated_power_agrees_with_schoenfeld_within_monte_carlo_error():
    # Exponential λ = 0.1, c = 5 years, θ = 0.75: events seen per woman ≈ (0.3935 + 0.3127)/2 = 0.353;
    # 1076 women -> ~380 events -> power ≈ 0.80 by Schoenfeld.
    p = TrialParameters(
        patients=1076, follow_up_years=5.0, dropout_per_year=0.0, share_postmenopausal=1.0,
        drug_hr_post=0.75, baseline=Baseline.exponential(0.1),
    )  # fmt: skip
    power, mcse = simulated_power(p, replicates=400, rng=np.random.default_rng(11))
    assert mcse == pytest.approx(math.sqrt(power * (1 - power) / 400))
    assert abs(power - 0.80) < 3 * mcse + 0.02


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: schoenfeld_events(0.0), "hazard_ratio"),
        (lambda: schoenfeld_events(-0.75), "hazard_ratio"),
        (lambda: schoenfeld_events(1.0), "no effect"),
        (lambda: schoenfeld_events(0.75, alpha=1.5), "alpha"),
        (lambda: schoenfeld_events(0.75, power=80), "percentage"),
        (lambda: schoenfeld_power(-10, 0.75), "events"),
        (lambda: interaction_events(0.5, marker_share=1.2), "marker_share"),
        (lambda: freedman_patients(0.7, 0.25, 35), "event_share_control"),
    ],
)
def test_bad_input_names_the_parameter(call, words):
    with pytest.raises(ValueError, match=words):
        call()
