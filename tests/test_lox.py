"""The LOX priming extension: an explicit, illustrative assumption on the bone model."""

import math

import pytest
from bone_reference import KOMAROVA, KOMAROVA_BARS, reference_run

from seedsoil.bone import Parameters, simulate, steady_state
from seedsoil.lox import (
    bone_lost,
    colonisation_probability,
    lox_drive,
    primed_colonisation,
)

KOM = Parameters.komarova2003()
REST = (*steady_state(KOM), 100.0)


def test_lox_drive_scales_osteoclast_formation_in_its_window():
    drive = lox_drive(1.5, start=0, stop=90)
    assert (drive.process, drive.factor, drive.stop) == (
        "osteoclast_formation",
        2.5,
        90,
    )
    assert "ASSUMPTION" in drive.label


def test_colonisation_link_by_hand():
    # p = min(1, p0 (1 + s L)): p0 = 0.01, s = 0.05/%, L = 20 %
    # ⇒ 0.01·(1 + 1) = 0.02 (doubled).
    assert colonisation_probability(20.0, 0.01, 0.05) == pytest.approx(0.02)
    # Bone gained (negative loss) counts as no loss; the chance is capped at 1.
    assert colonisation_probability(-5.0, 0.01, 0.05) == pytest.approx(0.01)
    assert colonisation_probability(1e6, 0.5, 1.0) == 1.0


def test_no_lox_means_baseline_colonisation():
    # At the steady state nothing changes, so no bone is lost and p = p0.
    p = primed_colonisation(
        KOM,
        REST,
        effect=0.0,
        lox_days=90,
        arrival_day=30,
        baseline=0.01,
        sensitivity=0.05,
    )
    assert p == pytest.approx(0.01, rel=1e-6)


def test_primed_colonisation_at_the_table_values_by_reference():
    # Table values: λ = 1 (α1 doubled from day 0 to 90), arrival on day 30,
    # p0 = 0.01, s = 0.05 per %. The independent RK4 of tests/bone_reference.py,
    # run from rest with α1 = 3·(1 + 1) = 6, gives L = 7.72 % of bone lost by
    # day 30; equation 2 then gives p = 0.01·(1 + 0.05·7.72) = 0.01386,
    # i.e. 1.39 times the baseline.
    ref = reference_run(dict(KOMAROVA, a1=6.0), KOMAROVA_BARS, (*KOMAROVA_BARS, 100.0, 0.0), 30)
    lost = 100.0 - ref[-1, 2]
    assert lost == pytest.approx(7.72, abs=0.01)
    p = primed_colonisation(KOM, REST, effect=1.0, lox_days=90, arrival_day=30, baseline=0.01, sensitivity=0.05)
    assert p == pytest.approx(0.01 * (1 + 0.05 * lost), rel=1e-4)
    assert p / 0.01 == pytest.approx(1.39, abs=0.005)


def test_lox_drive_causes_pre_metastatic_bone_loss_that_grows_with_the_effect():
    losses = []
    for effect in (0.5, 1.0, 2.0):
        run = simulate(KOM, REST, 30, modifiers=[lox_drive(effect, 0, 90)])
        losses.append(bone_lost(run, 30))
    assert 0 < losses[0] < losses[1] < losses[2]


def test_osteoclasts_rise_towards_the_shifted_steady_state():
    # x̄1 ∝ α1 (see test_bone): with α1 × 2 for a long time, osteoclasts → 2 x̄1.
    run = simulate(KOM, REST, 2000, modifiers=[lox_drive(1.0)], step=2000)
    assert run["osteoclasts"].iloc[-1] == pytest.approx(2 * REST[0], rel=1e-4)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"effect": -0.5}, ValueError, "effect=...\\) must be >= 0"),
        ({"effect": "big"}, TypeError, "must be a number"),
        ({"effect": math.inf}, ValueError, ">= 0"),
    ],
)
def test_bad_lox_effect(kwargs, error, match):
    with pytest.raises(error, match=match):
        lox_drive(**kwargs)


@pytest.mark.parametrize(
    "baseline, sensitivity, match",
    [
        (0.0, 0.05, r"baseline must be a probability in \(0, 1\]"),
        (1.5, 0.05, "baseline must be a probability"),
        (0.01, -1.0, "sensitivity must be >= 0"),
    ],
)
def test_bad_link_parameters(baseline, sensitivity, match):
    with pytest.raises(ValueError, match=match):
        colonisation_probability(10.0, baseline, sensitivity)


def test_bone_lost_outside_the_run_is_refused():
    run = simulate(KOM, REST, 10)
    with pytest.raises(ValueError, match="outside the simulation"):
        bone_lost(run, 20)


def test_bone_lost_before_the_run_does_not_say_simulate_for_longer():
    run = simulate(KOM, REST, 10)
    with pytest.raises(ValueError, match=r"bone_lost\(day=-1\) is outside the simulation \(days 0–10\); ask for a day"):
        bone_lost(run, -1)


def test_bone_lost_refuses_a_reversed_frame():
    run = simulate(KOM, REST, 10)
    with pytest.raises(ValueError, match=r"'day' column must increase from row to row.*reversed"):
        bone_lost(run.iloc[::-1], 5)


def test_bone_lost_refuses_an_empty_frame():
    run = simulate(KOM, REST, 10)
    with pytest.raises(ValueError, match=r"bone_lost\(frame=...\) has no rows"):
        bone_lost(run.iloc[:0], 5)


def test_bone_lost_names_missing_columns():
    run = simulate(KOM, REST, 10)
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['bone_mass'\]"):
        bone_lost(run.drop(columns="bone_mass"), 5)
    with pytest.raises(TypeError, match=r"bone_lost\(frame=...\) must be the DataFrame from bone\.simulate\(\)"):
        bone_lost([0, 1, 2], 1)


def test_bone_lost_day_as_text_is_a_type_error():
    run = simulate(KOM, REST, 10)
    with pytest.raises(TypeError, match=r"bone_lost\(day=...\) must be a number; got str '5'"):
        bone_lost(run, "5")


def test_primed_colonisation_arrival_day_as_text_is_a_type_error():
    with pytest.raises(TypeError, match=r"primed_colonisation\(arrival_day=...\) must be a number; got str '30'"):
        primed_colonisation(KOM, REST, effect=1.0, lox_days=10, arrival_day="30", baseline=0.01, sensitivity=0.05)


def test_lox_drive_start_as_text_is_named_by_the_modifier():
    with pytest.raises(TypeError, match=r"Modifier start must be a number of days; got str '5'"):
        lox_drive(1.0, start="5")


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((float("nan"), 0.01, 0.05), ValueError, "bone_lost_pct contains NaN"),
        ((None, 0.01, 0.05), TypeError, "bone_lost_pct must be a number"),
        ((10.0, True, 0.05), TypeError, "baseline must be a number; got bool"),
        ((10.0, "0.01", 0.05), TypeError, "baseline must be a number; got str"),
        ((10.0, 0.01, "0.05"), TypeError, "sensitivity must be a number; got str"),
    ],
)
def test_colonisation_probability_refuses_what_it_cannot_compute(args, error, message):
    with pytest.raises(error, match=message):
        colonisation_probability(*args)


def test_a_drive_that_stops_before_arrival_by_reference():
    # LOX for 10 days only, cells arrive on day 30: the independent RK4 runs 10 days at α1 = 6
    # and then 20 days at α1 = 3 from where it got to. A drive that ignored its stop would differ.
    first = reference_run(dict(KOMAROVA, a1=6.0), KOMAROVA_BARS, (*KOMAROVA_BARS, 100.0, 0.0), 10)
    then = reference_run(dict(KOMAROVA), KOMAROVA_BARS, first[-1], 20)
    lost = 100.0 - then[-1, 2]
    p = primed_colonisation(KOM, REST, effect=1.0, lox_days=10, arrival_day=30, baseline=0.01, sensitivity=0.05)
    assert p == pytest.approx(0.01 * (1 + 0.05 * lost), rel=1e-4)
    full = primed_colonisation(KOM, REST, effect=1.0, lox_days=90, arrival_day=30, baseline=0.01, sensitivity=0.05)
    assert p < full


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"arrival_day": 0}, r"primed_colonisation\(arrival_day=...\) must be > 0; got 0"),
        ({"arrival_day": math.inf}, r"primed_colonisation\(arrival_day=...\) must be finite"),
        ({"lox_days": -5}, r"primed_colonisation\(lox_days=...\) must be > 0; got -5"),
    ],
)
def test_primed_colonisation_days_must_be_positive(kwargs, message):
    args = {"effect": 1.0, "lox_days": 10, "arrival_day": 30, "baseline": 0.01, "sensitivity": 0.05} | kwargs
    with pytest.raises(ValueError, match=message):
        primed_colonisation(KOM, REST, **args)


def test_colonisation_probability_refuses_an_infinite_sensitivity_and_text_among_the_losses():
    with pytest.raises(ValueError, match=r"sensitivity must be finite; got inf"):
        colonisation_probability(10.0, 0.01, math.inf)
    with pytest.raises(TypeError, match=r"bone_lost_pct must be numbers"):
        colonisation_probability([1.0, "two"], 0.01, 0.05)


def test_colonisation_probability_of_several_losses_by_hand():
    # p0 = 0.02, s = 0.1: L = 0 -> 0.02, L = 5 -> 0.02·1.5 = 0.03, L = -3 counts as 0 -> 0.02.
    got = colonisation_probability([0.0, 5.0, -3.0], 0.02, 0.1)
    assert got.tolist() == pytest.approx([0.02, 0.03, 0.02])


def test_a_baseline_given_as_a_percentage_is_called_out():
    with pytest.raises(ValueError, match=r"baseline must be a probability in \(0, 1\]; got 5.*percentage"):
        colonisation_probability(10.0, 5, 0.05)
