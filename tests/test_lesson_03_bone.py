"""Lesson 03 draws conclusions from a few runs of the bone model; check that those
runs still behave as the lesson's text says, and that its code exercise gives the
feedback it promises.

The published Ayati parameter set sits on a knife edge (the healthy set is
neutral, trace 0), so small changes in the package's integration could change
what the lesson prints. These tests catch that: the runs the lesson interprets
keep their cells alive, the run it warns about (r22 = 0) collapses, the bone mass
of the full run is positive on the last day but turns negative later, and the
comparison run gains bone only through the one-sided thresholds of equation 3.
"""

from dataclasses import replace

import nbformat
import numpy as np
import pytest
from notebook_tools import ROOT

from seedsoil import bone
from seedsoil.bone import Parameters, linear_stability, simulate, steady_state
from seedsoil.data import load_table
from seedsoil.feedback import grade_function

LESSON = ROOT / "notebooks" / "03_bone_remodelling.ipynb"


def _rows(model, kind):
    table = load_table("bone_model_parameters")
    rows = table[(table["model"] == model) & (table["kind"] == kind)]
    return dict(zip(rows["name"], rows["value"], strict=True))


@pytest.fixture(scope="module")
def setup():
    start = _rows("ayati2010_tumour", "start")
    state = (start["osteoclasts"], start["osteoblasts"], start["bone_mass"], start["tumour"])
    return Parameters.ayati2010_tumour(), state, _rows("ayati2010_tumour", "setting")["days"]


def test_trace_at_full_tumour_by_hand():
    # Equation 7 in log variables: trace = β1(g11' − 1) + β2(g22' − 1), with the tumour at full size
    # (T/L_T = 1): g11' = g11(1 + r11) and g22' = g22 − r22. β1 = 0.2, β2 = 0.02, g11 = 1.1, g22 = 0.
    #   full tumour (r11 = 0.005, r22 = 0.2): 0.2(1.1·1.005 − 1) + 0.02(−1.2) = 0.0211 − 0.024 = −0.0029
    #   r11 = 0:                               0.2(0.1)          + 0.02(−1.2) = 0.02   − 0.024 = −0.0040
    #   r22 = 0:                               0.2(0.1055)       + 0.02(−1)   = 0.0211 − 0.020 = +0.0011
    p = Parameters.ayati2010_tumour()
    assert linear_stability(p, 1.0).trace == pytest.approx(-0.0029, abs=1e-9)
    assert linear_stability(replace(p, r11=0.0), 1.0).trace == pytest.approx(-0.0040, abs=1e-9)
    assert linear_stability(replace(p, r22=0.0), 1.0).trace == pytest.approx(+0.0011, abs=1e-9)


@pytest.mark.parametrize("changes", [{}, {"r11": 0.0}], ids=["full tumour", "r11 = 0 (exercise 5)"])
def test_runs_the_lesson_interprets_keep_their_cells(setup, changes):
    params, start, days = setup
    run = simulate(replace(params, **changes), start, days)
    # After the first long quiet spell (which every run shares, down to ~1e-8), the osteoclasts
    # never sink below a floor and the osteoblasts stay above one cell; on the last day both are
    # within a factor of 100 of the resting values without a tumour (about 1.16 and 232).
    later = run[run["day"] >= 400]
    assert later["osteoclasts"].min() > 1e-5
    assert later["osteoblasts"].min() > 1.0
    last = run.iloc[-1]
    assert 1.16 / 100 < last["osteoclasts"] < 1.16 * 100
    assert 232 / 100 < last["osteoblasts"] < 232 * 100
    # And bone is lost: the lesson's qualitative conclusion for both runs.
    assert last["bone_mass"] < 0.5 * start[2]


def test_run_without_osteoblast_suppression_collapses(setup):
    # Why exercise 5 does not ask about r22 = 0: the cells die out and bone mass merely freezes.
    params, start, days = setup
    run = simulate(replace(params, r22=0.0), start, days)
    last = run.iloc[-1]
    assert last["osteoclasts"] < 1e-20
    assert last["osteoblasts"] < 0.1
    frozen = run[run["day"] >= days - 200]["bone_mass"]
    assert frozen.max() - frozen.min() < 1e-6


def test_full_run_positive_at_the_end_then_negative(setup):
    # The data note for the run length says bone mass is still positive at the end, and the
    # lesson says longer runs go below zero (equation 3 has no floor).
    params, start, days = setup
    run = simulate(params, start, days + 500)
    assert run.loc[run["day"] <= days, "bone_mass"].min() > 0
    assert run["bone_mass"].iloc[-1] < 0


def test_comparison_run_gains_bone_only_through_the_one_sided_thresholds(setup):
    # Figure 2's text: the run with the tumour's effects off ends above its start because equation 3
    # ignores cells below rest, and there the missing formation outweighs the missing resorption.
    # Counted both ways (the lesson's Going further), the same swings leave bone close to its start.
    params, start, days = setup
    off = replace(params, r11=0.0, r22=0.0)
    run = simulate(off, start, days)
    x1_t, x2_t = off.thresholds
    missing_resorption = off.k1 * np.trapezoid(np.maximum(0, x1_t - run["osteoclasts"]), run["day"])
    missing_formation = off.k2 * np.trapezoid(np.maximum(0, x2_t - run["osteoblasts"]), run["day"])
    gained = run["bone_mass"].iloc[-1]
    assert gained > start[2] + 5
    assert missing_formation > missing_resorption
    assert abs(gained + missing_resorption - missing_formation - start[2]) < 3


def test_komarova_bone_is_lowest_after_about_two_weeks():
    # Predict 3 (answer a): bone keeps falling while resorption outpaces formation, so it is lowest
    # not at the osteoclasts' peak (day 0) but about two weeks in, close to the osteoblasts' peak,
    # while the osteoclasts are still above rest.
    params, start = Parameters.komarova2003(), _rows("komarova2003", "start")
    run = simulate(params, (start["osteoclasts"], start["osteoblasts"], start["bone_mass"]), 400)
    lowest = run.loc[run["bone_mass"].idxmin()]
    assert 7 <= lowest["day"] <= 21
    assert abs(lowest["day"] - run.loc[run["osteoblasts"].idxmax(), "day"]) <= 5
    assert lowest["osteoclasts"] > steady_state(params)[0]
    assert lowest["bone_mass"] < start["bone_mass"] - 5


def test_komarova_cycle_balances_and_a_larger_burst_overshoots():
    # Bone back close to its start after the published burst (Figure 1), and the Going further
    # claim that a five-times larger burst ends well above the start.
    params, start, days = Parameters.komarova2003(), _rows("komarova2003", "start"), 400
    state = (start["osteoclasts"], start["osteoblasts"], start["bone_mass"])
    assert simulate(params, state, days)["bone_mass"].iloc[-1] == pytest.approx(start["bone_mass"], abs=0.5)
    bigger = simulate(params, (5 * state[0], *state[1:]), days)
    assert bigger["bone_mass"].iloc[-1] > start["bone_mass"] + 5


def test_doubling_osteoclast_removal_halves_both_resting_levels():
    # Predict 6: with Γ = −1, g22 = 0 and g12 = 1, x̄1 and x̄2 both go as (β1/α1)^(−1).
    kom = Parameters.komarova2003()
    before, after = steady_state(kom), steady_state(replace(kom, beta1=2 * kom.beta1))
    assert after[0] / before[0] == pytest.approx(0.5)
    assert after[1] / before[1] == pytest.approx(0.5)


def test_the_neutral_g11_for_komarovas_rates_is_ayatis():
    # Exercise 7: solving trace = 0 for g11 with Komarova's β1, β2, g22 gives the g11 of Ayati's set.
    kom, ayati = Parameters.komarova2003(), Parameters.ayati2010_tumour()
    g11 = 1 + kom.beta2 * (1 - kom.g22) / kom.beta1
    assert g11 == pytest.approx(ayati.g11)
    assert linear_stability(replace(kom, g11=g11)).kind == "neutral"


def _exercise_2_feedback(student):
    """Run lesson 03's Exercise 2 helper and check cells on ``student``; return the feedback."""
    nb = nbformat.read(LESSON, as_version=4)
    cells = {c.get("id"): c.source for c in nb.cells if c.cell_type == "code"}
    given = []
    space = {
        "bone": bone,
        "replace": replace,
        "kom": Parameters.komarova2003(),
        "cell_rates": student,
        "check_function": lambda f, cases, **options: given.append(grade_function(f, cases, **options)),
    }
    exec(cells["ex2-slips"], space)
    exec(cells["ex2-check"], space)
    (feedback,) = given
    return feedback


def _rates(e1=("g11", "g21"), e2=("g12", "g22"), sign=-1):
    def rates(x1, x2, p):
        return (
            p.alpha1 * x1 ** getattr(p, e1[0]) * x2 ** getattr(p, e1[1]) + sign * p.beta1 * x1,
            p.alpha2 * x1 ** getattr(p, e2[0]) * x2 ** getattr(p, e2[1]) + sign * p.beta2 * x2,
        )

    return rates


@pytest.mark.parametrize(
    ("student", "says"),
    [
        (_rates(), "✓"),
        (_rates(("g11", "g12"), ("g21", "g22")), "swapped"),
        (_rates(("g21", "g11"), ("g22", "g12")), "wrong cells"),
        (_rates(sign=0), "removal terms are missing"),
        (_rates(sign=1), "removal is added"),
        (_rates(e2=("g12", "g12")), "your function returned"),  # a slip without a hint: the first wrong case
    ],
    ids=["right", "g12/g21 swapped", "exponents on the wrong cells", "no removal", "removal added", "other"],
)
def test_exercise_2_names_each_common_slip(student, says):
    feedback = _exercise_2_feedback(student)
    assert says in feedback.message
    assert feedback.correct == (says == "✓")


def test_exercise_2_stub_is_not_yet_written():
    def stub(x1, x2, p):
        raise NotImplementedError("Exercise 2")

    assert "not written yet" in _exercise_2_feedback(stub).message


# Going further: the biology the models leave out.


def test_the_scope_table_follows_the_rows_and_pthrp_is_not_said_to_lower_opg():
    from notebook_tools import ROOT, code_cells, markdown_text, read, source

    nb = read(ROOT / "notebooks" / "03_bone_remodelling.ipynb")
    code = "\n".join(source(c) for c in code_cells(nb))
    assert 'load_table("biology_facts")' in code
    facts = load_table("biology_facts").set_index("id")
    for key in facts.index[facts["lesson"] == "03"].drop(["komarova_autocrine_key", "ayati_myeloma_outcome"]):
        assert f'"{key}"' in code, key
    # Every item the table calls "not explicit" is named as absent in both models' scope rows.
    for key in ("komarova_model_scope", "ayati_model_scope"):
        statement = facts.at[key, "statement"]
        assert all(item in statement for item in ("RANKL", "OPG", "osteocytes", "PTHrP"))
    assert "RANKL" in facts.at["ryser_rankl_opg_model", "statement"]
    assert "osteocytes" in facts.at["patterson_osteocytes_model", "statement"]
    prose = "\n".join(markdown_text(nb)).lower()
    assert "less opg" not in prose and "lowers opg" not in prose.replace("also lowers opg. the course found no", "")
    assert "no checked source" in prose
