"""Lesson-level checks for lesson 08 (a virtual trial): the code exercise against values worked
out by hand, the events exercise's published-style arithmetic, and the lesson's promises
(quick by default, simulated charts labelled, no typed trial numbers, the LOX paper's status)."""

import math
import re

import pytest
from notebook_tools import ROOT, code_cells, markdown_text, read, source

from seedsoil.data import load_table

LESSON = ROOT / "notebooks" / "08_virtual_trial.ipynb"


def _code(nb) -> str:
    return "\n".join(source(c) for c in code_cells(nb))


def _printed(cell) -> str:
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))


def _right(u, rate, hazard_ratio):
    return -math.log(u) / (rate * hazard_ratio)


# Exercise 2's inputs, and the right time by hand: T = -ln(u) / (rate * hr).
#   (0.5, 0.1, 1.0):  ln 2 / 0.1          = 6.931472
#   (0.2, 0.05, 0.72): ln 5 / 0.036 = 1.609438 / 0.036 = 44.706609
#   (0.9, 0.3, 2.0):  -ln 0.9 / 0.6       = 0.175601
HAND = [((0.5, 0.1, 1.0), 6.931472), ((0.2, 0.05, 0.72), 44.706609), ((0.9, 0.3, 2.0), 0.175601)]
MISTAKES = {
    "sign": lambda u, r, h: math.log(u) / (r * h),
    "multiplied": lambda u, r, h: -math.log(u) * r * h,
    "hr times": lambda u, r, h: -math.log(u) / r * h,
    "no hr": lambda u, r, h: -math.log(u) / r,
    "one minus u": lambda u, r, h: -math.log(1 - u) / (r * h),
}


def test_the_lesson_uses_the_inputs_worked_here():
    assert "[(0.5, 0.1, 1.0), (0.2, 0.05, 0.72), (0.9, 0.3, 2.0)]" in _code(read(LESSON))


@pytest.mark.parametrize(("args", "expected"), HAND)
def test_hand_worked_inverse_transform(args, expected):
    assert _right(*args) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_named_mistake_differs_from_the_right_answer_somewhere(mistake):
    assert any(not math.isclose(MISTAKES[mistake](*args), expected, rel_tol=1e-6) for args, expected in HAND)


def test_exercise_8_solution_matches_schoenfeld_by_hand():
    # 4 (z_{0.975} + z_{0.8})^2 / (ln 0.72)^2 = 4 * 7.848879 / 0.107915 = 290.93 events (0.72: EBCTCG, postmenopausal).
    post = load_table("bisphosphonate_trials").set_index(["outcome", "population"])
    hr = post.loc[("bone recurrence", "postmenopausal women"), "rate_ratio"]
    assert hr == pytest.approx(0.72)
    by_hand = 4 * 7.848879 / math.log(0.72) ** 2
    assert by_hand == pytest.approx(290.93, abs=0.01)
    nb = read(LESSON)
    solution = next(c for c in code_cells(nb) if "answer_8 = (z_alpha + z_power) ** 2" in source(c))
    assert f"{by_hand:.1f} events is right" in _printed(solution)


def test_exercise_8_z_values_are_computed_not_typed_and_no_shortcut_is_offered():
    nb = read(LESSON)
    z_cell = next(c for c in code_cells(nb) if "z_alpha = NormalDist().inv_cdf(1 - ALPHA / 2)" in source(c))
    assert "NormalDist().inv_cdf(TARGET_POWER)" in source(z_cell)
    # z at 0.975 = 1.95996 and at 0.8 = 0.84162 (normal tables), printed to two places
    assert "= 1.96;" in _printed(z_cell) and _printed(z_cell).strip().endswith("= 0.84")
    exercise = next(t for t in markdown_text(nb) if t.startswith("**Exercise 8.**"))
    assert "schoenfeld_events" not in exercise and "scipy" not in exercise


def test_exercise_8_feedback_names_the_likely_slips():
    from seedsoil.feedback import grade
    from seedsoil.trial_power import schoenfeld_mistakes

    # By hand (z 1.95996, 0.84162; ln 0.72 = -0.328504; 1:1): right 4 * 7.848879 / 0.107915 = 290.93.
    hints = schoenfeld_mistakes(0.72, wrong_share=0.627, event_share=0.0201, other_hr=0.8244)
    slips = {
        4 * (1.95996 - 0.84162) ** 2 / 0.107915: "wrong sign",  # z at 1 - power (or at alpha/2): 46.4
        4 * (1.64485 + 0.84162) ** 2 / 0.107915: "one-sided",  # z at 1 - alpha: 229.2
        7.848879 / (0.627 * 0.373 * 0.107915): "share of women on the DRUG",  # 311.0
        290.93 / 0.0201: "WOMEN",  # an answer in women
    }
    for value, words in slips.items():
        message = grade(value, 290.93, name="Exercise 8", rel_tol=0.01, hints=hints).message
        assert words in message, (value, message)


def test_quick_by_default_and_the_full_study_is_one_setting():
    code = _code(read(LESSON))
    assert "FULL_STUDY = False" in code
    settings = load_table("virtual_trial_parameters").set_index("name")["value"]
    assert settings["replicates_quick"] < settings["replicates_full"]
    assert settings["power_replicates_quick"] < settings["power_replicates_full"]


def test_every_chart_is_stamped_simulated():
    cells = [source(c) for c in code_cells(read(LESSON))]
    draws = [s for s in cells if "plt.subplots" in s]
    assert draws and all("label_simulated(" in s and "SIMULATED" in s for s in draws)


def test_no_trial_numbers_typed_in_the_prose():
    prose = "\n".join(markdown_text(read(LESSON)))
    for number in ["0.72", "0.83", "0.82", "18,766", "11,767", "0.627"]:
        assert number not in prose, f"{number} typed in the prose; print it from the data"


def test_the_lox_paper_is_taught_as_retracted():
    prose = "\n".join(markdown_text(read(LESSON)))
    assert re.search(r"retracted\*\* in 2023", prose)
    assert "no LOX test has been validated" in prose


def test_the_lesson_is_laid_out_as_adem_p():
    prose = "\n".join(markdown_text(read(LESSON)))
    for part in ["**A**ims", "**D**ata-generating mechanism", "**E**stimands", "**M**ethods", "**P**erformance"]:
        assert part in prose
    core = prose.split("## Going further")[0]
    assert "aims, the data-generating mechanism" in core and "methods and their performance" in core


def test_nothing_simulated_is_printed_unlabelled():
    # every printout of a virtual trial (or of the invented marker) says so
    for cell in code_cells(read(LESSON)):
        code = source(cell)
        if ("simulate_trial" in code or "run_replicates" in code or "simulated_power" in code) and _printed(cell):
            assert "SIMULATED" in _printed(cell), code
    for cell in code_cells(read(LESSON)):
        if "interaction_patients" in source(cell) or "marker_prognostic_hr" in source(cell):
            assert "invented marker" in _printed(cell)
    # numbers worked out from the assumed model (not drawn at random) say they are assumed
    for cell in code_cells(read(LESSON)):
        code = source(cell)
        feedback = any(f"{check}(" in code for check in ("check_value", "check_function", "check_choice"))
        if ("expected_event_share" in code or "overall_hazard_ratio" in code) and _printed(cell) and not feedback:
            assert "ASSUMED" in _printed(cell) or "invented marker" in _printed(cell), code


def test_predict_1_feedback_weights_as_the_text_does():
    nb = read(LESSON)
    assert "weighted by their share of the women" in "\n".join(markdown_text(nb))
    check = next(c for c in code_cells(nb) if 'name="Predict 1"' in source(c) and "options_1 = {" in source(c))
    assert "share of the women" in source(check) and "share of the events" not in source(check)


def _core_and_further(nb):
    cells = nb["cells"]
    split = next(i for i, c in enumerate(cells) if source(c).startswith("## Going further"))
    return cells[:split], cells[split:]


def test_the_marker_simulation_is_in_going_further_and_the_core_applies_the_idea():
    core, further = _core_and_further(read(LESSON))
    assert not any("marker_prognostic_hr" in source(c) for c in core)
    assert any("marker_prognostic_hr" in source(c) for c in further)
    stem = next(source(c) for c in core if source(c).startswith("**Check 6.**"))
    # a described result to classify, not the definition: risk differs by marker, the drug's ratio does not
    assert "relapse far more often" in stem and "about the same in both marker groups" in stem
    # ... which is the prognostic world of the data: marker-positive women at twice the hazard, no interaction
    settings = load_table("virtual_trial_parameters").set_index("name")["value"]
    assert settings["marker_prognostic_hr"] > 1


def test_why_events_is_checked_and_the_core_turns_events_into_women():
    core, further = _core_and_further(read(LESSON))
    # the core's events check: the student divides the events by the share of women who have one
    check_4 = next(c for c in core if c["metadata"].get("seedsoil", {}).get("activity") == "Exercise 4")
    assert "d_post / share_post" in source(check_4)
    # "why count events" keeps its direct check, in Going further beside equation (3) by hand
    stem = next(source(c) for c in further if source(c).startswith("**Check 9.**"))
    assert "half as many women" in stem and "more bone recurrences" in stem
    check = next(c for c in further if c["metadata"].get("seedsoil", {}).get("activity") == "Check 9")
    assert 'check_choice(answer_9, "b"' in source(check)


def test_check_7_answer_follows_the_two_mc_se_rule_on_the_stored_table():
    nb = read(LESSON)
    table = next(c for c in code_cells(nb) if source(c).startswith("runs = vt.run_replicates("))
    text = "".join("".join(o["data"]["text/plain"]) for o in table["outputs"] if "data" in o)
    bias, mcse = (float(x) for x in re.search(r"bias of log HR\s+(\S+)\s+(\S+)", text).groups())
    right = "b" if abs(bias) <= 2 * mcse else "a"
    solution = next(c for c in code_cells(nb) if source(c).startswith('answer_7 = "b" if'))
    assert f"Check 7: ({right}) is right" in _printed(solution)


def test_check_3_reads_one_trial_against_the_truth_in_the_core():
    core, _ = _core_and_further(read(LESSON))
    stem = next(source(c) for c in core if source(c).startswith("**Check 3.**"))
    assert "one trial is one draw" in stem
    assert not any("run_replicates" in source(c) for c in core), "the replicate study is in Going further"


def test_every_worked_solution_is_folded_with_its_output():
    # the committed page must not show "(b) is right" under a prompt the student has not answered yet
    solutions = [c for c in code_cells(read(LESSON)) if "solution" in c["metadata"].get("tags", [])]
    assert len(solutions) == 9
    folded = [c["metadata"].get("jupyter", {}) for c in solutions]
    assert all(f.get("source_hidden") and f.get("outputs_hidden") for f in folded), [c["id"] for c in solutions]
