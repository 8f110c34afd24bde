"""Exercise feedback: right answers pass, and wrong ones are told *why*."""

import math

import numpy as np
import pandas as pd
import pytest

from seedsoil.feedback import check_value, grade


def test_right_answer_within_tolerance():
    assert grade(12.6, 12.5, name="NNT", rel_tol=0.01).correct
    assert not grade(12.8, 12.5, name="NNT", rel_tol=0.01).correct


def test_absolute_tolerance_for_values_near_zero():
    assert grade(0.004, 0.0, name="x", abs_tol=0.005).correct
    assert not grade(0.006, 0.0, name="x", abs_tol=0.005).correct


def test_not_answered_yet():
    for pending in (..., None):
        feedback = grade(pending, 3.0, name="Exercise 1")
        assert not feedback.correct and "not answered yet" in feedback.message


def test_fraction_given_for_percentage():
    message = grade(0.31, 31, name="E", unit="%").message
    assert "looks like a fraction" in message and "31 %" in message


def test_percentage_given_for_fraction():
    assert "looks like a percentage" in grade(43.6, 0.436, name="E").message


def test_known_mistake_gets_its_hint():
    hint = "you used the relative risk reduction"
    feedback = grade(1 / 0.28, 1 / 0.05, name="NNT", hints={1 / 0.28: hint})
    assert not feedback.correct and hint in feedback.message


def test_a_hint_is_given_only_near_its_value():
    # 3.2 is 10% away from the hinted 3.571 (outside rel_tol 0.02): the hint must not be given.
    assert "RRR" not in grade(3.2, 20, name="NNT", hints={3.571: "RRR"}).message
    assert "RRR" in grade(3.58, 20, name="NNT", hints={3.571: "RRR"}).message


def test_says_how_far_and_which_way():
    assert "20% too high" in grade(12, 10, name="E").message
    assert "50% too low" in grade(5, 10, name="E").message
    assert "wrong sign" in grade(-10, 10, name="E").message


def test_non_numbers_nan_and_infinity():
    assert "give a number without quotes" in grade("10", 10, name="E").message
    assert "expected a number, got dict" in grade({"a": 1}, 10, name="E").message
    assert "NaN" in grade(math.nan, 10, name="E").message
    assert "infinite" in grade(math.inf, 10, name="E").message


def test_booleans_are_not_numbers():
    feedback = grade(True, 1, name="E")
    assert not feedback.correct and "yes/no" in feedback.message


def test_one_value_series_or_array_counts_as_its_value():
    import numpy as np
    import pandas as pd

    assert grade(pd.Series([6.0]), 6, name="E").correct
    assert grade(np.array([6.0]), 6, name="E").correct
    message = grade(pd.Series([1, 2, 3]), 6, name="E").message
    assert "Series with 3 values" in message and ".sum()" in message


def test_large_objects_are_not_dumped_into_the_message():
    message = grade(list(range(10_000)), 6, name="E").message
    assert len(message) < 200


def test_whole_counts_print_as_counts():
    assert "40,290 is right" in grade(40290, 40290, name="E").message


def test_near_miss_and_far_miss_wording():
    assert "slightly too high" in grade(6.01, 6, name="E", rel_tol=0.001).message
    assert "30 times too high" in grade(180, 6, name="E").message


def test_fraction_hint_only_for_percentages():
    # A ratio of 3.19 given as 319 is not "a percentage": only % answers get unit hints.
    assert "fraction" not in grade(0.0319, 3.19, name="ratio").message
    assert "looks like a fraction" in grade(0.0319, 3.19, name="share", unit="%").message


def test_numpy_scalars_are_numbers():
    import numpy as np

    assert grade(np.int64(2), 2, name="E", rel_tol=0).correct
    assert grade(np.float64(0.5), 0.5, name="E").correct


def test_check_value_prints_and_returns_nothing(capsys):
    assert check_value(2, 2, name="Exercise 9") is None
    assert capsys.readouterr().out.startswith("✓ Exercise 9")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"name": ""}, "must name the exercise"),
        ({"name": "   "}, "must name the exercise"),
        ({"name": "E", "rel_tol": -1}, r"rel_tol=\.\.\.\) must be a finite number >= 0; got -1"),
        ({"name": "E", "rel_tol": math.nan}, r"rel_tol=\.\.\.\) must be a finite number >= 0; got nan"),
        ({"name": "E", "rel_tol": 100}, "would accept almost anything"),
        ({"name": "E", "abs_tol": math.inf}, r"abs_tol=\.\.\.\) must be a finite number >= 0; got inf"),
        ({"name": "E", "rel_tol": "0.5"}, r"rel_tol=\.\.\.\) must be a finite number >= 0; got '0\.5'"),
    ],
)
def test_bad_options_raise_value_error(bad, message):
    with pytest.raises(ValueError, match=message):
        grade(1, 1, **bad)


@pytest.mark.parametrize("expected", [math.inf, math.nan, None, "6", True])
def test_unusable_expected_value_raises(expected):
    with pytest.raises(TypeError, match="expected"):
        grade(1, expected, name="E")


@pytest.mark.parametrize("hints", [["a"], {"x": "text"}])
def test_malformed_hints_raise(hints):
    with pytest.raises(TypeError, match="hints"):
        grade(1, 2, name="E", hints=hints)


# --- answers that only look like numbers ---------------------------------------------


@pytest.mark.parametrize("answer", [pd.Series(["12"]), np.array(["12"]), pd.Series(["12"], dtype="string")])
def test_text_inside_a_series_or_array_is_not_graded_correct(answer):
    feedback = grade(answer, 12, name="Exercise 1")
    assert not feedback.correct
    assert "got the text '12' inside a Series or array" in feedback.message


@pytest.mark.parametrize("answer", [np.ma.masked, np.ma.array([3.0], mask=[True])])
def test_masked_value_is_not_graded_as_zero(answer):
    feedback = grade(answer, 0, name="Exercise 1", abs_tol=0.5)
    assert not feedback.correct
    assert "masked (missing) value" in feedback.message


def test_unmasked_masked_array_is_graded_by_its_value():
    assert grade(np.ma.array([12.0]), 12, name="Exercise 1").correct


# --- the lesson author's mistakes fail loudly ------------------------------------------


def test_expected_zero_needs_an_absolute_tolerance():
    with pytest.raises(ValueError, match=r"check_value\(expected=0\) needs abs_tol > 0"):
        grade(5.5e-17, 0, name="Exercise 1")
    assert grade(5.5e-17, 0, name="Exercise 1", abs_tol=1e-9).correct


@pytest.mark.parametrize("unit", ["percent", "Percent", "pct", "per cent", "%%", "% points"])
def test_other_spellings_of_percent_are_refused(unit):
    with pytest.raises(ValueError, match=r"write percentages as unit='%'"):
        grade(32, 32, name="Exercise 1", unit=unit)


@pytest.mark.parametrize("unit", [" %", "% ", " months"])
def test_unit_with_spaces_is_refused(unit):
    with pytest.raises(ValueError, match=r"has spaces around it; write '(%|months)'"):
        grade(32, 32, name="Exercise 1", unit=unit)


def test_unit_must_be_text_or_none():
    with pytest.raises(TypeError, match=r"check_value\(unit=...\) must be text such as '%' or 'months', or None"):
        grade(32, 32, name="Exercise 1", unit=5)
    assert grade(32, 32, name="Exercise 1", unit=None).message == "✓ Exercise 1: 32 is right (expected 32, within 2%)."


def test_percent_hint_still_works_with_the_one_spelling():
    assert "looks like a fraction" in grade(0.32, 32, name="Exercise 1", unit="%").message


@pytest.mark.parametrize("message", [5, None, "  "])
def test_hint_messages_must_be_text(message):
    with pytest.raises(TypeError, match=r"check_value\(hints=...\) values must say what the mistake means"):
        grade(13, 12.5, name="NNT", hints={3.6: message})


@pytest.mark.parametrize("key", [True, "3.6", None])
def test_hint_keys_must_be_numbers(key):
    with pytest.raises(TypeError, match=r"check_value\(hints=...\) keys must be numbers; got"):
        grade(13, 12.5, name="NNT", hints={key: "that mistake"})


def test_numpy_tolerances_and_expected_values_are_accepted():
    assert grade(12.6, np.float64(12.5), name="NNT", rel_tol=np.float64(0.01), abs_tol=np.int64(0)).correct


# --- functions the student writes -------------------------------------------------


def _nnt(baseline_risk, rate_ratio):
    return 1 / (baseline_risk - baseline_risk * rate_ratio)


NNT_CASES = [({"baseline_risk": 0.1, "rate_ratio": 0.8}, 50.0), ({"baseline_risk": 0.2, "rate_ratio": 0.5}, 10.0)]


def test_a_right_function_passes_every_case():
    from seedsoil.feedback import grade_function

    verdict = grade_function(_nnt, NNT_CASES, name="Exercise 4")
    assert verdict.correct and "all 2 test inputs" in verdict.message


def test_a_wrong_function_is_shown_the_first_case_it_gets_wrong():
    from seedsoil.feedback import grade_function

    verdict = grade_function(lambda baseline_risk, rate_ratio: 1 / baseline_risk, NNT_CASES, name="Exercise 4")
    assert not verdict.correct
    assert "for baseline_risk=0.1, rate_ratio=0.8 your function returned 10.0; expected 50.0" in verdict.message


def test_a_known_mistake_gets_its_own_explanation():
    from seedsoil.feedback import grade_function

    def relative(baseline_risk, rate_ratio):
        return 1 / (1 - rate_ratio)

    hint = (relative, "that is 1 / relative risk reduction; use the absolute reduction p0 - p1")
    verdict = grade_function(relative, NNT_CASES, name="Exercise 4", hints=[hint])
    assert verdict.message == "✗ Exercise 4: that is 1 / relative risk reduction; use the absolute reduction p0 - p1"


@pytest.mark.parametrize(
    "stub",
    [..., lambda baseline_risk, rate_ratio: None, lambda baseline_risk, rate_ratio: ...],
)
def test_a_stub_is_not_yet_written_rather_than_wrong(stub):
    from seedsoil.feedback import grade_function

    assert grade_function(stub, NNT_CASES, name="Exercise 4").message.startswith("… Exercise 4:")


def test_not_implemented_counts_as_not_written():
    from seedsoil.feedback import grade_function

    def stub(baseline_risk, rate_ratio):
        raise NotImplementedError

    assert "not written yet" in grade_function(stub, NNT_CASES, name="Exercise 4").message


def test_an_error_in_the_students_code_is_reported_with_its_input():
    from seedsoil.feedback import grade_function

    verdict = grade_function(lambda baseline_risk, rate_ratio: 1 / 0, NNT_CASES, name="Exercise 4")
    assert "for baseline_risk=0.1, rate_ratio=0.8 your function raised ZeroDivisionError" in verdict.message


def test_a_generator_in_the_inputs_restarts_for_every_call():
    from seedsoil.feedback import grade_function

    def thin_once(cells, p, rng):
        return rng.binomial(cells, p)

    expected = np.random.default_rng(7).binomial(1000, 0.3)
    cases = [({"cells": 1000, "p": 0.3, "rng": np.random.default_rng(7)}, expected)]
    assert grade_function(thin_once, cases, name="Exercise 2").correct
    assert grade_function(thin_once, cases, name="Exercise 2").correct  # the same state again


def test_arrays_must_match_in_shape_too():
    from seedsoil.feedback import grade_function

    cases = [({"x": np.array([1.0, 2.0])}, np.array([2.0, 4.0]))]
    assert grade_function(lambda x: 2 * x, cases, name="E").correct
    assert not grade_function(lambda x: (2 * x).sum(), cases, name="E").correct


# --- multiple choice --------------------------------------------------------------

OPTIONS = {"a": "Resorption removes bone.", "b": "Osteoblasts form bone, not osteoclasts.", "c": "No."}


def test_the_right_choice_is_confirmed_with_its_reason():
    from seedsoil.feedback import grade_choice

    verdict = grade_choice(" A ", "a", name="Check 1", options=OPTIONS)
    assert verdict.correct and verdict.message == "✓ Check 1: (a) is right. Resorption removes bone."


def test_a_wrong_choice_explains_the_misconception():
    from seedsoil.feedback import grade_choice

    verdict = grade_choice("b", "a", name="Check 1", options=OPTIONS)
    assert not verdict.correct and "Osteoblasts form bone" in verdict.message


@pytest.mark.parametrize("answer", ["d", 2, True])
def test_an_answer_that_is_no_option_is_named(answer):
    from seedsoil.feedback import grade_choice

    assert "is not one of the options a, b, c" in grade_choice(answer, "a", name="Check 1", options=OPTIONS).message


def test_an_unanswered_choice_is_not_yet():
    from seedsoil.feedback import grade_choice

    assert grade_choice(..., "a", name="Check 1", options=OPTIONS).message.startswith("… Check 1")


def test_the_author_must_give_the_correct_option_among_the_options():
    from seedsoil.feedback import grade_choice

    with pytest.raises(ValueError, match="correct option 'z' is not among"):
        grade_choice("a", "z", name="Check 1", options=OPTIONS)


def test_numpy_scalars_are_shown_as_plain_numbers():
    from seedsoil.feedback import grade_function

    # A student's function on numpy inputs returns numpy scalars; the message shows 3.0, not np.float64(3.0).
    verdict = grade_function(lambda x: x * 2, [({"x": np.float64(1.5)}, np.float64(4.0))], name="Exercise 1")
    assert verdict.message == "✗ Exercise 1: for x=1.5 your function returned 3.0; expected 4.0."


def test_long_floats_are_rounded_only_as_far_as_still_tells_them_apart():
    from seedsoil.feedback import grade_function

    # 1.0 * 0.1 * 3 is 0.30000000000000004 in floating point; a student should read 0.3.
    verdict = grade_function(lambda x: x * 0.1 * 3, [({"x": 1.0}, 0.5)], name="Exercise 6")
    assert verdict.message.endswith("returned 0.3; expected 0.5.")
    # 2/3 against 0.6: four significant digits (0.6667) already differ.
    verdict = grade_function(lambda x: 2 / 3, [({"x": 1.0}, 0.6)], name="Exercise 6")
    assert verdict.message.endswith("returned 0.6667; expected 0.6.")
    # 0.123456789 against 0.1234567: equal at 4 and 6 digits, apart at 10.
    verdict = grade_function(lambda x: 0.123456789, [({"x": 1.0}, 0.1234567)], name="Exercise 6")
    assert verdict.message.endswith("returned 0.123456789; expected 0.1234567.")
