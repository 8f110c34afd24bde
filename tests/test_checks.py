"""Exercise feedback: right answers pass, and wrong ones are told *why*."""

import math

import pytest

from seedsoil.checks import check_value, grade


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


def test_says_how_far_and_which_way():
    assert "20% too high" in grade(12, 10, name="E").message
    assert "50% too low" in grade(5, 10, name="E").message
    assert "wrong sign" in grade(-10, 10, name="E").message


def test_non_numbers_and_nan():
    assert "expected a number" in grade("ten", 10, name="E").message
    assert "NaN" in grade(math.nan, 10, name="E").message


def test_numpy_scalars_are_numbers():
    import numpy as np

    assert grade(np.int64(2), 2, name="E", rel_tol=0).correct
    assert grade(np.float64(0.5), 0.5, name="E").correct


def test_check_value_prints_and_returns_nothing(capsys):
    assert check_value(2, 2, name="Exercise 9") is None
    assert capsys.readouterr().out.startswith("✓ Exercise 9")


@pytest.mark.parametrize("bad", [{"name": ""}, {"name": "E", "rel_tol": -1}])
def test_bad_options_raise(bad):
    with pytest.raises(ValueError):
        grade(1, 1, **bad)
