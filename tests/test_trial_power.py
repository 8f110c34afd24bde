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


# --- interaction sample size counting each group's events ------------------------------


def test_interaction_patients_reduces_to_the_simple_formula_when_events_are_rare_and_effects_small():
    # λc = 1e-5 per woman, drug HR 1, ψ = 0.98: q_m -> 1/2 and e_m -> share_m λc, so
    # N = z² Σ 4/(share_m λc) / ln²ψ = interaction_events(ψ) / (λc).
    from seedsoil.trial_power import interaction_patients

    p = TrialParameters(
        patients=10, follow_up_years=1.0, dropout_per_year=0.0, share_postmenopausal=1.0,
        drug_hr_post=1.0, marker_prevalence=0.3, baseline=Baseline.exponential(1e-5),
    )  # fmt: skip
    simple = interaction_events(0.98, marker_share=0.3) / 1e-5
    assert interaction_patients(p, 0.98) == pytest.approx(simple, rel=0.02)


def test_interaction_patients_by_hand_with_an_exponential_baseline():
    # Exponential λ = 0.1, c = 5, no drop-out: a group with ratio θ sees 1 - exp(-0.5 θ) of its women relapse.
    # Marker-negative (share 0.5): control 0.393469, drug (θ 0.8) 0.329680; marker-positive: drug θ 0.4 -> 0.181269.
    from seedsoil.trial_power import interaction_patients

    p = TrialParameters(
        patients=10, follow_up_years=5.0, dropout_per_year=0.0, share_postmenopausal=1.0,
        drug_hr_post=0.8, marker_prevalence=0.5, baseline=Baseline.exponential(0.1),
    )  # fmt: skip
    info = 0.0
    for drug in (0.329680, 0.181269):
        e = 0.25 * (0.393469 + drug)  # per woman randomised: half the group in each arm, group share 1/2
        q = drug / (0.393469 + drug)
        info += 1 / (e * q * (1 - q))
    expected = Z2 * info / math.log(0.5) ** 2
    assert interaction_patients(p, 0.5) == pytest.approx(expected, rel=1e-3)


def test_interaction_patients_gives_about_80_percent_power_in_simulation():
    # The lesson's marker trial: postmenopausal women, 30% marker-positive, ψ = 0.5.
    from dataclasses import replace

    from seedsoil.trial_power import interaction_patients
    from seedsoil.virtual_trial import simulate_trial, subgroup_estimates

    p = replace(TrialParameters.from_data(), share_postmenopausal=1.0, marker_interaction_hr=0.5)
    n = interaction_patients(p, 0.5)
    rng = np.random.default_rng(16)
    r = 300
    hits = [subgroup_estimates(simulate_trial(replace(p, patients=n), rng=rng), "marker")["p_interaction"] < 0.05
            for _ in range(r)]  # fmt: skip
    share = float(np.mean(hits))
    assert abs(share - 0.80) < 3 * math.sqrt(0.8 * 0.2 / r)


def test_women_mistakes_by_hand_and_graded():
    from seedsoil.feedback import grade
    from seedsoil.trial_power import women_mistakes

    # Right: 291 events / 0.0625 = 4656 women. Slips by hand: 291 (events), 291 x 0.0625 = 18.19,
    # 4656 / 100 = 46.56, 291 / 0.058 = 5017.2 (all women's share), 842 / 0.0625 = 13472 (all women's events),
    # 842 / 0.058 = 14517.2 (the all-women trial).
    hints = women_mistakes(291, 0.0625, other_events=842, other_share=0.058)
    assert sorted(round(k, 1) for k in hints) == [18.2, 46.6, 291.0, 5017.2, 13472.0, 14517.2]
    for value, words in [(291, "EVENTS"), (18.19, "divide the events"), (46.56, "proportion"),
                         (5017.2, "share of POSTMENOPAUSAL"), (13472, "events for postmenopausal"),
                         (14517.2, "all-women trial")]:  # fmt: skip
        message = grade(value, 4656, name="Exercise 4", rel_tol=0.01, hints=hints).message
        assert words in message, (value, message)
    assert "is right" in grade(4656, 4656, name="Exercise 4", rel_tol=0.01, hints=hints).message
    with pytest.raises(ValueError, match="event_share"):
        women_mistakes(291, 6.25, other_events=842, other_share=0.058)
