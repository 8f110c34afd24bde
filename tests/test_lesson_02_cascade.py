"""Lesson-level checks for lesson 02 (the metastatic cascade).

What the lesson tells a student must stay true when the tables or the package
change, and its activities must keep doing what the lesson promises:

* the claims the prose makes from the data (the model's yearly count is absurd,
  bone leads in most subtypes, lung and brain favour the non-luminal subtypes);
* Check 1's right answer is the steps before dormancy in the lesson's own table,
  Predict 4's right answer ("about a third") is what the tuned model gives, and
  Predict 5's is what the subtype table shows;
* Exercise 3's check accepts a correct thinning step and names each known mistake,
  including drawing from np.random or scipy instead of the given generator;
* no exercise can be answered by re-reading a value printed above it;
* Going further never draws from the lesson's shared generator, so skipping it
  changes no number in the core;
* the prose cites its references [1]...[n] in the order of the References cell.
"""

import ast
import contextlib
import io
import re

import numpy as np
import pytest
from notebook_tools import ROOT, code_cells, read, source
from scipy import stats

from seedsoil.cascade import CascadeParameters, expected_counts, thin
from seedsoil.data import load_table

LESSON = ROOT / "notebooks" / "02_metastatic_cascade.ipynb"


@pytest.fixture(scope="module")
def nb():
    return read(LESSON)


def _cell(nb, cell_id):
    return next(c for c in nb["cells"] if c.get("id") == cell_id)


def _heading_index(nb, heading):
    return next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown" and source(c).startswith(heading))


def _printed(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        data = out.get("data", {})
        if "image/png" not in data:
            parts.append("".join(data.get("text/plain", "")))
    return "\n".join(parts)


# --- claims the prose makes from the data ----------------------------------------------


def test_the_models_yearly_count_is_far_beyond_any_patient():
    # Figure 1 and its lead-in call the last stage unrealistic: keep it in the thousands or more.
    per_year = expected_counts(CascadeParameters.from_data(), days=365)[-1]
    assert per_year > 1e4


def test_growth_steps_lose_more_cells_than_step_1():
    # "In the model most are lost at the growth steps."
    p = CascadeParameters.from_data().probabilities
    assert p[0] > max(p[1:])


def test_bone_leads_in_most_subtypes_and_most_in_luminal_a():
    sites = load_table("metastatic_sites_by_subtype").set_index("subtype")
    cols = ["bone_pct", "liver_pct", "lung_pct", "brain_pct"]
    assert (sites[cols].idxmax(axis=1) == "bone_pct").sum() > len(sites) / 2
    assert sites["bone_pct"].idxmax() == "luminal A"  # the premise of Check 6


def test_lung_and_brain_favour_the_non_luminal_subtypes():
    sites = load_table("metastatic_sites_by_subtype").set_index("subtype")
    luminal = sites.loc[["luminal A", "luminal B"]]
    for col in ("lung_pct", "brain_pct"):
        for subtype in ("HER2-overexpressing", "triple-negative"):
            assert sites.at[subtype, col] > luminal[col].max(), (subtype, col)


# --- activities ------------------------------------------------------------------------


def test_check_1_right_answer_is_the_steps_before_dormancy_in_the_lessons_table(nb):
    # A single dormant cell in the marrow has passed steps 1-4 of the table; dormancy is no obligatory step.
    table = source(_cell(nb, "2c4c3f82"))
    steps = re.findall(r"^\| \d \| \*\*([^*]+)\*\* \|", table, re.M)
    assert steps[0] == "local invasion" and steps[4] == "dormancy" and len(steps) == 6
    options = source(_cell(nb, "chk1-md"))
    plain = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", options)  # glossary links read as their words
    answer = re.search(r"^- \*\*c\*\* (.+)$", plain, re.M).group(1)
    assert re.split(r", (?:and )?", answer) == steps[:4]
    check = source(_cell(nb, "chk1-chk"))
    assert 'check_choice(answer_1, "c"' in check and "dormant" not in check.split('"c":')[0]


def test_predict_5_right_answer_matches_the_table(nb):
    # Option c: lung and brain above both luminal subtypes in both others; liver only in HER2-overexpressing.
    sites = load_table("metastatic_sites_by_subtype").set_index("subtype")
    luminal = sites.loc[["luminal A", "luminal B"]].max()
    above = {s: {c for c in ("bone_pct", "liver_pct", "lung_pct", "brain_pct") if sites.at[s, c] > luminal[c]}
             for s in ("HER2-overexpressing", "triple-negative")}  # fmt: skip
    assert above == {
        "HER2-overexpressing": {"liver_pct", "lung_pct", "brain_pct"},
        "triple-negative": {"lung_pct", "brain_pct"},
    }
    assert sites.at["HER2-overexpressing", "liver_pct"] > sites.at["HER2-overexpressing", "bone_pct"]  # [What it means]
    assert 'check_choice(guess_5, "c"' in source(_cell(nb, "pred5-chk"))


def test_predict_4_right_answer_is_about_a_third():
    params = CascadeParameters.from_data()
    reaching_last = expected_counts(params, days=365)[-2]
    tight = params.with_probability(params.steps[-1], 1 / reaching_last)
    mean = expected_counts(tight, days=365)[-1]
    assert mean == pytest.approx(1.0)
    assert 0.25 < stats.poisson.pmf(0, mu=mean) < 0.42  # option b, "about a third"


def _run_check_3(nb, survive_step) -> str:
    namespace = {"np": np, "thin": thin, "survive_step": survive_step, "contextlib": contextlib}
    exec("from seedsoil.feedback import check_function", namespace)  # noqa: S102 - the lesson's own check cell
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(source(_cell(nb, "ex3-chk")), namespace)  # noqa: S102
    return printed.getvalue()


@pytest.mark.parametrize(
    ("student", "verdict"),
    [
        (lambda cells, p, rng: rng.binomial(cells, p), "✓"),
        (lambda cells, p, rng: cells * p, "the average"),
        (lambda cells, p, rng: cells - rng.binomial(cells, p), "cells lost"),
        (lambda cells, p, rng: rng.binomial(cells, 1 - p), "cells lost"),  # numpy draws it as n − B(n, p)
        (lambda cells, p, rng: None, "returns nothing"),
        (lambda cells, p, rng: np.random.binomial(cells, p), "rng you were given"),  # noqa: NPY002
        (lambda cells, p, rng: stats.binom.rvs(cells, p), "rng you were given"),
    ],
    ids=["right", "no randomness", "returns the lost cells", "chance of failing", "stub", "np.random", "scipy"],
)
def test_exercise_3_check_accepts_the_step_and_names_each_mistake(nb, student, verdict):
    assert verdict in _run_check_3(nb, student)


def test_exercise_3_stub_is_a_stub_and_the_solution_passes(nb):
    stub = source(_cell(nb, "ex3-stub"))
    assert re.search(r"^def survive_step\(cells, p, rng\):", stub, re.M) and "..." in stub
    assert "✓" in _printed(_cell(nb, "ex3-sol"))


def _expected_answers():
    params = CascadeParameters.from_data()
    shedding = load_table("cascade_shedding").set_index("condition")
    big = CascadeParameters.from_data(shedding.loc["growing", "tumour_mass_high_g"])
    return {
        "Exercise 2": expected_counts(params, days=30)[2],
        "Exercise 8": expected_counts(big, days=30)[0],
    }


@pytest.mark.parametrize("exercise", ["Exercise 2", "Exercise 8"])
def test_no_exercise_answer_is_printed_before_it(nb, exercise):
    value = _expected_answers()[exercise]
    spellings = {f"{value:,.0f}", f"{value:.0f}", f"{value:.3g}", f"{value / 1e6:g}"}
    start = next(
        i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown" and source(c).startswith(f"**{exercise}.")
    )
    for cell in nb["cells"][:start]:
        if cell["cell_type"] == "code":
            shown = _printed(cell)
            assert not any(s in shown for s in spellings), f"{exercise}'s answer is already printed above it"


# --- randomness ------------------------------------------------------------------------


def test_going_further_never_draws_from_the_shared_generator(nb):
    start = _heading_index(nb, "## Going further")
    later = [source(c) for c in nb["cells"][start:] if c["cell_type"] == "code"]
    for code in later:
        names = {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}
        assert "rng" not in names, f"a Going further cell uses the shared rng:\n{code[:200]}"
    assert any("default_rng(" in code for code in later), "the optional simulation makes its own generator"


def test_the_core_makes_one_generator(nb):
    end = _heading_index(nb, "## Key points")
    core = [source(c) for c in code_cells({"cells": nb["cells"][:end]})]
    assert sum(code.count("rng = np.random.default_rng(SEED)") for code in core) == 1


# --- references ------------------------------------------------------------------------


def _reference_keys(nb) -> list[str]:
    cell = next(c for c in code_cells(nb) if "show_references(" in source(c))
    call = next(
        n
        for n in ast.walk(ast.parse(source(cell)))
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "show_references"
    )
    return ast.literal_eval(call.args[0])


def test_the_prose_cites_every_reference_in_order(nb):
    prose = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    cited = [int(n) for group in re.findall(r"\[(\d+(?:,\s*\d+)*)\]", prose) for n in group.split(",")]
    assert sorted(set(cited)) == list(range(1, len(_reference_keys(nb)) + 1)), "cite each reference, and no other"
    first_uses = list(dict.fromkeys(cited))
    assert first_uses == sorted(first_uses), f"references are first cited out of order: {first_uses}"


# Going further: dormancy and late relapse.


def test_the_dormancy_chart_matches_hand_derived_values_and_keeps_rising():
    from seedsoil.dormancy import DormancyParameters, relapse_fraction

    d = DormancyParameters.from_data()
    m, lam, mu, q = d.dormant_cells_mean, d.wake_rate, d.death_rate, d.grow_after_wake
    for t in (5.0, 10.0, 20.0):
        by_hand = 1 - np.exp(-m * q * lam / (lam + mu) * (1 - np.exp(-(lam + mu) * t)))
        assert relapse_fraction(d, t) == pytest.approx(by_hand)
    marks = relapse_fraction(d, np.arange(0, 21, 5))
    steps = np.diff(marks)
    # "relapses keep coming ... at a rate that falls only slowly": every 5-year window adds relapses, fewer each time.
    assert (steps > 0).all() and (np.diff(steps) < 0).all() and steps[-1] > steps[0] / 3


def test_m_matches_braun_and_halving_the_wake_rate_lowers_relapse():
    from dataclasses import replace

    from seedsoil.dormancy import DormancyParameters, relapse_fraction

    d = DormancyParameters.from_data()
    braun = load_table("late_relapse_facts").set_index("id").at["braun2005_micrometastasis", "value"]
    assert 100 * -np.expm1(-d.dormant_cells_mean) == pytest.approx(braun, abs=0.05)
    assert relapse_fraction(replace(d, wake_rate=d.wake_rate / 2), 20) < relapse_fraction(d, 20)


def test_the_simulated_check_agrees_with_equation_4():
    from seedsoil.dormancy import DormancyParameters, relapse_fraction, simulate_relapse_years

    d = DormancyParameters.from_data()
    years = simulate_relapse_years(d, patients=20000, rng=np.random.default_rng(2017))
    for t in (5, 10, 20):
        share, expected = (years <= t).mean(), relapse_fraction(d, t)
        assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / years.size)


def test_lesson_02_reads_the_dormancy_and_subtype_rows():
    from notebook_tools import ROOT, code_cells, read, source

    code = "\n".join(source(c) for c in code_cells(read(ROOT / "notebooks" / "02_metastatic_cascade.ipynb")))
    for table in ("late_relapse_facts", "biology_facts", "dormancy_assumptions"):
        assert f'load_table("{table}")' in code
    facts = load_table("biology_facts")
    for key in facts.loc[(facts["lesson"] == "02") & (facts["topic"] == "dormancy"), "id"]:
        assert f'"{key}"' in code, key
    late = load_table("late_relapse_facts")
    assert {"pan2017_distant_t1n0", "braun2005_micrometastasis"} <= {k for k in late["id"] if f'"{k}"' in code}
    subtypes = facts[facts["topic"].str.startswith("subtypes")]
    assert set(subtypes["lesson"]) == {"02"} and len(subtypes) >= 3
