"""The bone-remodelling model against values derived by hand from the published
equations and parameters (Komarova 2003; Ayati 2010; BioModels 148 and 402),
and its refusal of bad parameters."""

import math
from dataclasses import MISSING, fields, replace

import numpy as np
import pytest
from bone_reference import AYATI as AYATI_REF
from bone_reference import AYATI_BARS, KOMAROVA, KOMAROVA_BARS, reference_rates, reference_run

from seedsoil import bone as bone_module
from seedsoil.bone import (
    Modifier,
    Parameters,
    effective_exponents,
    gamma,
    linear_stability,
    rates,
    simulate,
    steady_state,
)
from seedsoil.data import load_table

KOM = Parameters.komarova2003()
AYATI = Parameters.ayati2010_tumour()


# --- steady states ------------------------------------------------------------


def test_komarova_steady_state_by_hand():
    # Γ = g12·g21 − (1−g11)(1−g22) = 1·(−0.5) − 0.5·1 = −1.
    # β1/α1 = 0.2/3 = 1/15 ; β2/α2 = 0.02/4 = 0.005.
    # x̄1 = (1/15)^((1−0)/−1) · 0.005^(−0.5/−1) = 15·√0.005
    #    = 15 · 0.0707106781 = 1.0606601718
    # x̄2 = (1/15)^(1/−1) · 0.005^((1−0.5)/−1) = 15/√0.005
    #    = 15 · 14.1421356237 = 212.1320343560
    assert gamma(KOM) == pytest.approx(-1.0)
    x1, x2 = steady_state(KOM)
    assert x1 == pytest.approx(1.0606601718, rel=1e-9)
    assert x2 == pytest.approx(212.1320343560, rel=1e-9)
    # Cross-check from dx2/dt = 0 with g12 = 1, g22 = 0: x̄2 = (α2/β2) x̄1 = 200 x̄1.
    assert x2 == pytest.approx(200 * x1)


def test_derivatives_vanish_at_steady_state():
    # α1 x̄1^0.5 x̄2^−0.5 = 3·√(x̄1/x̄2) = 3·√0.005 = 0.2121320 = β1 x̄1 = 0.2·1.0606602.
    # α2 x̄1 = 4·1.0606602 = 4.2426407 = β2 x̄2 = 0.02·212.13203. Bone: no excess cells.
    x1, x2 = steady_state(KOM)
    dx1, dx2, dz, dT = rates((x1, x2, 100.0, 0.0), KOM)
    assert abs(dx1) < 1e-12 and abs(dx2) < 1e-10 and dz == 0.0 and dT == 0.0


def test_ayati_thresholds_match_biomodels_402():
    # With the tumour at full size (T/LT = 1): g11' = 1.1·1.005 = 1.1055, g21' = −0.5,
    # g12' = 1, g22' = 0 − 0.2 = −0.2.
    # Γ = 1·(−0.5) − (1 − 1.1055)(1 + 0.2) = −0.5 + 0.1266 = −0.3734.
    # x̄1 = 15^(1.2/0.3734) · 0.005^(0.5/0.3734) = e^8.7030 · e^−7.0947 ≈ 4.994
    # x̄2 = 15^(1/0.3734) · 0.005^(0.1055/0.3734) = e^7.2525 · e^−1.4970 ≈ 315.9
    # The E-Cell port of BIOMD0000000402 lists C_bar = 4.99380996157 and
    # B_bar = 315.901488672 (computed independently of this code).
    assert gamma(AYATI, 1.0) == pytest.approx(-0.3734)
    x1, x2 = AYATI.thresholds
    assert x1 == pytest.approx(4.99380996157, rel=1e-9)
    assert x2 == pytest.approx(315.901488672, rel=1e-9)


def test_thresholds_without_tumour_terms_are_komarovas_steady_state():
    assert KOM.thresholds == pytest.approx(steady_state(KOM))


# --- the gamma sign condition and stability ---------------------------------------


def test_gamma_sign_condition():
    # In log coordinates the Jacobian at the steady state has det = −β1β2Γ:
    # Γ > 0 ⇒ det < 0 ⇒ saddle. g21 = +0.6: Γ = 1·0.6 − 0.5·1 = +0.1.
    saddle = replace(KOM, g21=0.6)
    assert gamma(saddle) == pytest.approx(0.1)
    assert linear_stability(saddle).kind == "saddle"
    # Komarova: Γ = −1, trace = 0.2·(0.5−1) + 0.02·(0−1) = −0.12 < 0 ⇒ stable,
    # det = 0.2·0.02·1 = 0.004, ω = √(0.004 − 0.0036) = 0.02/day
    # ⇒ period 2π/0.02 = 314.16 days.
    s = linear_stability(KOM)
    assert (s.kind, s.trace, s.determinant) == (
        "stable",
        pytest.approx(-0.12),
        pytest.approx(0.004),
    )
    assert s.period_days == pytest.approx(100 * math.pi)


def test_osteoclast_autocrine_exponent_decides_the_mode():
    # trace = 0.2·(g11 − 1) − 0.02 is 0 at g11 = 1.1 (Ayati's value: neutral cycles)
    # and +0.02 at g11 = 1.2 (growing oscillations; Γ = −0.5 + 0.2 = −0.3 < 0).
    assert linear_stability(replace(KOM, g11=1.1)).kind == "neutral"
    assert linear_stability(replace(KOM, g11=1.2)).kind == "unstable"


# --- dynamics ---------------------------------------------------------------------


def test_single_remodelling_cycle_restores_bone():
    # Komarova's result: after a burst of osteoclasts (x1 = 11 instead of 1.06),
    # one cycle of resorption then formation brings bone mass back close to 100 %.
    run = simulate(KOM, (11.0, 212.0, 100.0), 400)
    assert run["bone_mass"].min() < 95  # a real resorption phase happened
    assert run["bone_mass"].iloc[-1] == pytest.approx(100.0, abs=0.1)
    # Osteoclasts peak at the start; osteoblasts follow later (coupling).
    assert run["osteoclasts"].idxmax() == 0
    assert 5 <= run.loc[run["osteoblasts"].idxmax(), "day"] <= 30
    x1, x2 = steady_state(KOM)
    assert run["osteoclasts"].iloc[-1] == pytest.approx(x1, rel=1e-3)
    assert run["osteoblasts"].iloc[-1] == pytest.approx(x2, rel=1e-3)


def _rk4(params, state, days, dt):
    # A plain fixed-step Runge-Kutta in the natural variables: independent of solve_ivp.
    y = np.array(state, dtype=float)
    for _ in range(round(days / dt)):
        k1 = np.array(rates(y, params))
        k2 = np.array(rates(y + dt / 2 * k1, params))
        k3 = np.array(rates(y + dt / 2 * k2, params))
        k4 = np.array(rates(y + dt * k3, params))
        y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return y


def test_solver_agrees_with_fixed_step_rk4():
    # This checks ONLY the solver (solve_ivp on log variables, restarts) against a
    # plain RK4 of the package's own rates; the rates themselves are checked
    # against the independent reference in the tests below.
    run = simulate(KOM, (11.0, 212.0, 100.0), 60)
    ref = _rk4(KOM, (11.0, 212.0, 100.0, 0.0), 60, 0.005)
    got = run.iloc[-1][["osteoclasts", "osteoblasts", "bone_mass"]].to_numpy(float)
    assert got == pytest.approx(ref[:3], rel=1e-5)


def test_komarova_cycle_matches_independent_reference():
    # Komarova's published run (x1 = 11, x2 = 212, z = 100): the independent RK4
    # of tests/bone_reference.py (equations retyped from BIOMD0000000148, hand-derived
    # thresholds) puts the lowest bone mass at 89.84 % on day 12 (whole days;
    # the continuous minimum is at day 12.3). The package must agree.
    ref = reference_run(KOMAROVA, KOMAROVA_BARS, (11.0, 212.0, 100.0, 0.0), 40)
    ref_day12 = ref[round(12 / 0.05), 2]
    assert ref_day12 == pytest.approx(89.84, abs=0.01)
    run = simulate(KOM, (11.0, 212.0, 100.0), 400)
    lowest = run.loc[run["bone_mass"].idxmin()]
    assert lowest["day"] == 12
    assert lowest["bone_mass"] == pytest.approx(ref_day12, abs=1e-3)


def test_ayati_tumour_bone_mass_matches_independent_reference():
    # Published tumour case, 1000 days. The reference uses the thresholds listed
    # by the E-Cell port of BIOMD0000000402 (fixed, at full tumour size) and the
    # exponent forms retyped from that entry; it gives 35.70 % on day 1000.
    # Thresholds that moved with the tumour would give about 21.5 % instead.
    ref = reference_run(AYATI_REF, AYATI_BARS, (15.0, 316.0, 100.0, 1.0), 1000)
    assert ref[-1, 2] == pytest.approx(35.70, abs=0.01)
    run = simulate(AYATI, (15.0, 316.0, 100.0, 1.0), 1000, step=1000)
    assert run["bone_mass"].iloc[-1] == pytest.approx(ref[-1, 2], abs=0.01)
    assert run["osteoclasts"].iloc[-1] == pytest.approx(ref[-1, 0], rel=1e-3)


def test_effective_exponents_by_hand_with_all_tumour_terms():
    # Made-up tumour strengths so every form matters: r11 = 0.1, r21 = 0.4,
    # r12 = 0.5, r22 = 0.3, on Komarova's exponents, at half size (f = 0.5):
    # g11 = 0.5·(1 + 0.05) = 0.525        g21 = −0.5·(1 + 0.2) = −0.6
    # g12 = 1 / (1 + 0.25) = 0.8          g22 = 0 − 0.15 = −0.15
    # Γ = 0.8·(−0.6) − (1 − 0.525)(1 + 0.15) = −0.48 − 0.54625 = −1.02625
    p = replace(KOM, r11=0.1, r21=0.4, r12=0.5, r22=0.3)
    assert effective_exponents(p, 0.5) == pytest.approx((0.525, -0.6, 0.8, -0.15))
    assert gamma(p, 0.5) == pytest.approx(-1.02625)
    # No tumour: the exponents are Komarova's unchanged.
    assert effective_exponents(p, 0.0) == pytest.approx((0.5, -0.5, 1.0, 0.0))


def test_rates_match_independent_reference_with_all_tumour_terms():
    # Same made-up strengths; an arbitrary state away from rest (x1 = 3, x2 = 150,
    # T = 50, so f = 0.5 as above). The thresholds come from the package, so this checks the rate forms.
    p = replace(KOM, r11=0.1, r21=0.4, r12=0.5, r22=0.3, gamma_T=0.005)
    ref_p = dict(KOMAROVA, r11=0.1, r21=0.4, r12=0.5, r22=0.3, gT=0.005)
    state = (3.0, 150.0, 100.0, 50.0)
    got = rates(state, p)
    want = reference_rates(state, ref_p, p.thresholds)
    assert got == pytest.approx(tuple(want), rel=1e-12)
    # And one term by hand: dx2/dt = 4·3^0.8·150^−0.15 − 0.02·150 (g12 = 0.8, g22 = −0.15).
    assert got[1] == pytest.approx(4 * 3**0.8 * 150**-0.15 - 3.0, rel=1e-12)


def test_tumour_follows_the_gompertz_solution():
    # dT/dt = γT T ln(LT/T) has T(t) = LT·exp(ln(T0/LT)·e^(−γT t)).
    # T0 = 1, LT = 100, γT = 0.005, t = 400: ln(0.01) = −4.60517, e^−2 = 0.135335,
    # product −0.623252, T = 100·e^−0.623252 = 53.620.
    run = simulate(AYATI, (15.0, 316.0, 100.0, 1.0), 400, step=400)
    assert run["tumour"].iloc[-1] == pytest.approx(53.620, rel=1e-4)


def test_tumour_causes_bone_loss_that_its_absence_does_not():
    start = (15.0, 316.0, 100.0, 1.0)
    with_tumour = simulate(AYATI, start, 1000)
    no_effect = simulate(replace(AYATI, r11=0.0, r22=0.0), start, 1000)
    assert with_tumour["bone_mass"].iloc[-1] < 50
    assert no_effect["bone_mass"].iloc[-1] > 95  # cycles, but no lasting loss


def test_modifier_shifts_steady_state_as_derived():
    # x̄1 ∝ (β1/α1)^((1−g22)/Γ) = (β1/α1)^−1 ∝ α1 and x̄2 ∝ (β1/α1)^(g12/Γ) ∝ α1:
    # doubling osteoclast formation doubles both steady-state cell numbers.
    x1, x2 = steady_state(KOM)
    run = simulate(
        KOM,
        (x1, x2, 100.0),
        1000,
        modifiers=[Modifier("osteoclast_formation", 2.0)],
        step=1000,
    )
    assert run["osteoclasts"].iloc[-1] == pytest.approx(2 * x1, rel=1e-4)
    assert run["osteoblasts"].iloc[-1] == pytest.approx(2 * x2, rel=1e-4)


def test_modifier_switches_on_at_its_start_day():
    start = (11.0, 212.0, 100.0)
    plain = simulate(KOM, start, 200)
    drug = simulate(KOM, start, 200, modifiers=[Modifier("osteoclast_removal", 3.0, start=100)])
    before = plain["day"] <= 100
    assert drug.loc[before, "bone_mass"].to_numpy() == pytest.approx(
        plain.loc[before, "bone_mass"].to_numpy(), rel=1e-6
    )
    assert drug["osteoclasts"].iloc[-1] < 0.5 * plain["osteoclasts"].iloc[-1]


def test_identity_modifier_changes_nothing():
    start = (11.0, 212.0, 100.0)
    plain = simulate(KOM, start, 100)
    same = simulate(KOM, start, 100, modifiers=[Modifier("resorption", 1.0, start=20, stop=40)])
    assert same["bone_mass"].to_numpy() == pytest.approx(plain["bone_mass"].to_numpy(), rel=1e-6)


# --- the factories: built from the data table, equal to the published values --------

# Typed from the papers (Komarova et al. 2003, Bone 33:206; Ayati et al. 2010, Biol Direct 5:28,
# tumour case), NOT from data/bone_model_parameters.csv, so that a wrong table row fails here.
KOMAROVA_2003_PUBLISHED = {
    "alpha1": 3,
    "alpha2": 4,
    "beta1": 0.2,
    "beta2": 0.02,
    "g11": 0.5,
    "g21": -0.5,
    "g12": 1,
    "g22": 0,
    "k1": 0.24,
    "k2": 0.0017,
}
AYATI_2010_TUMOUR_PUBLISHED = {
    "alpha1": 3,
    "beta1": 0.2,
    "alpha2": 4,
    "beta2": 0.02,
    "g11": 1.1,
    "g21": -0.5,
    "g12": 1,
    "g22": 0,
    "k1": 0.0748,
    "k2": 0.0006395,
    "gamma_T": 0.005,
    "L_T": 100,
    "r11": 0.005,
    "r21": 0,
    "r12": 0,
    "r22": 0.2,
}


@pytest.mark.parametrize(
    "factory, published",
    [(Parameters.komarova2003, KOMAROVA_2003_PUBLISHED), (Parameters.ayati2010_tumour, AYATI_2010_TUMOUR_PUBLISHED)],
)
def test_factories_give_the_published_values(factory, published):
    params = factory()
    assert {name: getattr(params, name) for name in published} == pytest.approx(published, rel=1e-12)


def test_komarova_has_no_tumour():
    # Komarova 2003 models no tumour: no growth and no effect on the exponents.
    assert (KOM.gamma_T, KOM.r11, KOM.r21, KOM.r12, KOM.r22) == (0, 0, 0, 0, 0)


@pytest.mark.parametrize("model, factory", [("komarova2003", KOM), ("ayati2010_tumour", AYATI)])
def test_parameter_table_matches_factory(model, factory):
    table = load_table("bone_model_parameters")
    rows = table[(table["model"] == model) & (table["kind"] == "parameter")]
    assert len(rows) > 0
    from_table = dict(zip(rows["name"], rows["value"], strict=True))
    # Every table row is in the factory, and every field the table leaves out keeps its default.
    for f in fields(Parameters):
        want = from_table.get(f.name, f.default)
        assert want is not MISSING, f"{model}: the table has no row for the required field {f.name}"
        assert getattr(factory, f.name) == pytest.approx(want), f.name
    assert set(from_table) <= {f.name for f in fields(Parameters)}


@pytest.mark.parametrize("model, factory", [("komarova2003", "komarova2003"), ("ayati2010_tumour", "ayati2010_tumour")])
def test_factories_read_the_table_rather_than_repeat_it(monkeypatch, model, factory):
    # Change one row: a factory that copied the values would not follow.
    table = load_table("bone_model_parameters")
    table.loc[(table["model"] == model) & (table["name"] == "k1"), "value"] = 0.123
    monkeypatch.setattr(bone_module, "load_table", lambda name, **kwargs: table)
    assert getattr(Parameters, factory)().k1 == 0.123


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, value, match",
    [
        ("beta1", -0.2, r"beta1 must be > 0; got -0.2"),
        ("alpha2", 0.0, r"alpha2 must be > 0"),
        ("k1", -1.0, r"k1 must be >= 0"),
        ("r22", -0.1, r"r22 must be >= 0"),
        ("g11", math.nan, r"g11 must be finite"),
    ],
)
def test_bad_parameters_raise_with_the_name_and_value(name, value, match):
    with pytest.raises(ValueError, match=match):
        replace(KOM, **{name: value})


def test_non_numeric_parameter_is_a_type_error():
    with pytest.raises(TypeError, match=r"alpha1 must be a number; got str '3'"):
        replace(KOM, alpha1="3")


def test_gamma_zero_is_refused():
    # g21 = 0.5: Γ = 1·0.5 − 0.5·1 = 0, no isolated steady state.
    with pytest.raises(ValueError, match="Γ = 0"):
        replace(KOM, g21=0.5)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"process": "osteoclast_birth", "factor": 2.0}, "unknown; choose one of"),
        (
            {"process": "resorption", "factor": -1.0},
            r"factor must be a finite number >= 0",
        ),
        (
            {"process": "resorption", "factor": 2.0, "start": 50, "stop": 10},
            "start < stop",
        ),
    ],
)
def test_bad_modifiers(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Modifier(**kwargs)


@pytest.mark.parametrize(
    "start, days, match",
    [
        ((0.0, 212.0, 100.0), 10, "cell numbers must be > 0"),
        ((11.0, 212.0), 10, r"start must be \(osteoclasts"),
        ((11.0, 212.0, 100.0, -1.0), 10, "tumour >= 0"),
        ((11.0, 212.0, 100.0), 0, "days must be a finite number > 0"),
    ],
)
def test_bad_simulation_input(start, days, match):
    with pytest.raises(ValueError, match=match):
        simulate(KOM, start, days)


def test_simulate_refuses_wrong_types():
    with pytest.raises(TypeError, match="params must be a bone.Parameters"):
        simulate({"alpha1": 3}, (11, 212, 100), 10)
    with pytest.raises(TypeError, match="modifiers must be bone.Modifier"):
        simulate(KOM, (11, 212, 100), 10, modifiers=[("resorption", 2.0)])


# --- simulate ends exactly at `days`, and refuses what it cannot do exactly --------

START = (*steady_state(KOM), 100.0)


def test_simulate_refuses_days_that_are_not_a_whole_number_of_steps():
    with pytest.raises(ValueError, match=r"days=365 is not a whole number of steps of 7 days.*days=364 or 371"):
        simulate(KOM, START, 365, step=7)
    with pytest.raises(ValueError, match=r"days=10.5 is not a whole number of steps of 1 days"):
        simulate(KOM, START, 10.5)


def test_simulate_ends_exactly_at_days():
    run = simulate(KOM, START, 364, step=7)
    assert run["day"].iloc[-1] == 364 and len(run) == 53
    run = simulate(KOM, START, 0.3, step=0.1)  # 0.3 / 0.1 is 2.9999999999999996 in floating point
    assert run["day"].iloc[-1] == 0.3 and len(run) == 4


def test_simulate_accepts_numpy_numbers():
    run = simulate(KOM, START, np.int64(10), step=np.float64(2.5))
    assert run["day"].tolist() == [0.0, 2.5, 5.0, 7.5, 10.0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"days": True}, r"days must be a number; got bool True"),
        ({"days": "10"}, r"days must be a number; got str '10'"),
        ({"days": 10, "step": "1"}, r"step must be a number; got str '1'"),
        ({"days": 10, "modifiers": Modifier("resorption", 2.0)}, r"got a single Modifier\. Wrap it in a list"),
        ({"days": 10, "modifiers": 5}, r"modifiers must be a list of bone\.Modifier objects; got int"),
    ],
)
def test_simulate_type_errors_name_the_parameter(kwargs, match):
    with pytest.raises(TypeError, match=match):
        simulate(KOM, START, **kwargs)


def test_simulate_start_with_text_names_the_entry():
    with pytest.raises(TypeError, match=r"start\[1\] must be a number; got str '212'"):
        simulate(KOM, (11.0, "212", 100.0), 10)
    with pytest.raises(TypeError, match=r"start must be a sequence"):
        simulate(KOM, 11.0, 10)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"start": "5"}, r"Modifier start must be a number of days; got str '5'"),
        ({"stop": None}, r"Modifier stop must be a number of days; got NoneType"),
        ({"start": math.nan}, r"Modifier start must be a number of days"),
    ],
)
def test_modifier_times_must_be_numbers(kwargs, match):
    with pytest.raises(TypeError, match=match):
        Modifier("resorption", 2.0, **kwargs)


@pytest.mark.parametrize("function", [steady_state, linear_stability])
@pytest.mark.parametrize("fraction", [100, -1, 1.5])
def test_tumour_fraction_outside_zero_one_is_refused(function, fraction):
    with pytest.raises(ValueError, match=rf"{function.__name__}\(tumour_fraction=...\) .* in \[0, 1\].*got"):
        function(KOM, fraction)


@pytest.mark.parametrize("function", [steady_state, linear_stability])
def test_tumour_fraction_nan_or_text_is_refused(function):
    with pytest.raises(ValueError, match=rf"{function.__name__}\(tumour_fraction=...\) must be a number, not NaN"):
        function(KOM, math.nan)
    with pytest.raises(TypeError, match=rf"{function.__name__}\(tumour_fraction=...\) must be a number"):
        function(KOM, "0.5")


def test_steady_state_wants_parameters():
    with pytest.raises(TypeError, match=r"steady_state\(params=...\) must be a bone\.Parameters"):
        steady_state({"alpha1": 3.0})


@pytest.mark.parametrize(
    ("state", "factors", "message"),
    [
        # A negative cell count raised to a fractional power would give a complex rate.
        ((-1.0, 2.0, 100.0, 0.0), None, r"osteoclasts must be a finite number > 0.*got -1"),
        ((1.0, 0.0, 100.0, 0.0), None, r"osteoblasts must be a finite number > 0"),
        ((1.0, 2.0, 100.0), None, r"state must be \(osteoclasts, osteoblasts, bone_mass, tumour\)"),
        ((1.0, 2.0, 100.0, 0.0), {"bogus": 2.0}, r"unknown process name\(s\) \['bogus'\]"),
        (
            (1.0, 2.0, 100.0, 0.0),
            {"osteoclast_removal": -1.0},
            r"factors\['osteoclast_removal'\] must be a finite number >= 0",
        ),
    ],
)
def test_rates_refuse_states_and_factors_the_model_cannot_use(state, factors, message):
    with pytest.raises(ValueError, match=message):
        rates(state, Parameters.komarova2003(), factors)


def test_a_modifier_stops_on_its_stop_day():
    # Osteoclast formation doubled for 100 days only, then 2900 days without it: the cells
    # must return to the unmodified steady state x̄1 = 15·√0.005 = 1.0607, x̄2 = 212.13
    # (equation 4 by hand), not to the doubled-α1 state (x̄1 would double).
    kom = Parameters.komarova2003()
    rest = (*steady_state(kom), 100.0)
    run = simulate(kom, rest, 3000, modifiers=[Modifier("osteoclast_formation", 2.0, start=0, stop=100)])
    assert run["osteoclasts"].iloc[-1] == pytest.approx(15 * math.sqrt(0.005), rel=1e-3)
    assert run["osteoblasts"].iloc[-1] == pytest.approx(212.132, rel=1e-3)
    assert run.loc[run["day"] == 50, "osteoclasts"].item() > 1.5 * 15 * math.sqrt(0.005)


# --- the checks say what to do ------------------------------------------------------------


def test_a_negative_rate_is_refused_with_advice():
    with pytest.raises(ValueError, match=r"Parameters\.beta1 must be > 0; got -0\.2\. .*use a Modifier"):
        replace(KOM, beta1=-0.2)
    with pytest.raises(ValueError, match=r"Parameters\.gamma_T must be >= 0; got -1.*Use 0 to switch the term off"):
        replace(KOM, gamma_T=-1)


def test_an_infinite_parameter_is_refused():
    with pytest.raises(ValueError, match=r"Parameters\.k2 must be finite; got inf"):
        replace(KOM, k2=math.inf)


def test_tumour_fraction_message_says_what_the_fraction_is():
    with pytest.raises(ValueError, match=r"T/L_T: 0 = no tumour, 1 = full size"):
        steady_state(AYATI, 2.0)


@pytest.mark.parametrize("step", [0, -1.0, math.inf])
def test_step_must_be_a_finite_positive_number_of_days(step):
    with pytest.raises(ValueError, match=r"^step must be (> 0|finite); got"):
        simulate(KOM, START, 10, step=step)


def test_a_stranger_among_the_modifiers_is_named():
    with pytest.raises(TypeError, match=r"modifiers must be bone\.Modifier objects; got 'lox'\."):
        simulate(KOM, START, 10, modifiers=[Modifier("resorption", 2.0), "lox"])


@pytest.mark.parametrize("value", [math.nan, math.inf, True, "2"])
def test_rates_refuse_factors_that_are_not_finite_numbers(value):
    with pytest.raises(ValueError, match=r"factors\['resorption'\] must be a finite number >= 0"):
        rates((1.0, 2.0, 100.0, 0.0), KOM, {"resorption": value})


def test_rates_refuse_a_state_that_is_not_a_sequence():
    with pytest.raises(ValueError, match=r"state must be \(osteoclasts, osteoblasts, bone_mass, tumour\); got 'abcd'"):
        rates("abcd", KOM)


def test_modifier_factor_nan_is_refused():
    with pytest.raises(ValueError, match=r"Modifier factor must be a number, not NaN"):
        Modifier("resorption", math.nan)
