"""The shared argument checks of seedsoil._validation: what each accepts, what it refuses, and in what words.

Every expected value below follows from the function's documented contract (a float back, an int
back, the same object back, the interval written with brackets for closed ends and parentheses for
open ones); none is copied from running the code.
"""

import math
import re

import numpy as np
import pandas as pd
import pytest

from seedsoil._validation import count, generator, number, numbers, one_of, probability, require, table

# --- require ---------------------------------------------------------------------------


def test_require_passes_silently_when_the_condition_holds():
    assert require(True, "never shown") is None
    assert require(3 > 2, "never shown", TypeError) is None


def test_require_raises_its_own_message_and_error_type():
    with pytest.raises(ValueError, match=r"^dose must be given in mg$"):
        require(False, "dose must be given in mg")
    with pytest.raises(TypeError, match=r"^a table, please$"):
        require([], "a table, please", TypeError)


# --- number ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [2, 2.0, np.int64(2), np.float32(2.0), np.float64(2.0)])
def test_number_accepts_python_and_numpy_numbers_and_returns_a_float(value):
    got = number(value, "days")
    assert got == 2.0 and type(got) is float


@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, r"bool True"), ("5", r"str '5'"), (None, r"NoneType None"), ([1.0], r"list \[1\.0\]")],
)
def test_number_refuses_what_is_not_a_number_naming_the_type(value, shown):
    with pytest.raises(TypeError, match=rf"^days must be a number; got {shown}\.$"):
        number(value, "days")


def test_number_refuses_nan_whatever_the_other_options():
    with pytest.raises(ValueError, match=r"^days must be a number, not NaN\.$"):
        number(math.nan, "days")
    with pytest.raises(ValueError, match=r"not NaN"):
        number(np.float64("nan"), "days", low=0, finite=True)


def test_number_lets_infinity_through_unless_asked_for_a_finite_one():
    assert number(math.inf, "stop") == math.inf
    assert number(-math.inf, "stop", high=0) == -math.inf
    with pytest.raises(ValueError, match=r"^stop must be finite; got inf\.$"):
        number(math.inf, "stop", finite=True)


def test_number_integer_wants_a_whole_value():
    assert number(4.0, "n", integer=True) == 4.0
    with pytest.raises(ValueError, match=r"^n must be a whole number; got 2\.5\.$"):
        number(2.5, "n", integer=True)


@pytest.mark.parametrize(
    ("bounds", "inside", "outside", "written"),
    [
        ({"low": 0}, [0, 1e9], [-0.001], ">= 0"),
        ({"low": 0, "low_open": True}, [1e-9, 5], [0, -1], "> 0"),
        ({"high": 5}, [5, -100], [5.5], "<= 5"),
        ({"high": 5, "high_open": True}, [4.999], [5, 6], "< 5"),
        ({"low": 0, "high": 1}, [0, 0.5, 1], [-0.1, 1.1], "in [0, 1]"),
        ({"low": 0, "high": 1, "low_open": True}, [0.5, 1], [0], "in (0, 1]"),
        ({"low": 0, "high": 1, "high_open": True}, [0, 0.5], [1], "in [0, 1)"),
        ({"low": 0, "high": 1, "low_open": True, "high_open": True}, [0.5], [0, 1], "in (0, 1)"),
    ],
)
def test_number_bounds_closed_and_open(bounds, inside, outside, written):
    for value in inside:
        assert number(value, "x", **bounds) == value
    for value in outside:
        with pytest.raises(ValueError, match=rf"^x must be {re.escape(written)}; got {re.escape(repr(value))}\.$"):
            number(value, "x", **bounds)


def test_number_bounds_refuse_infinity_beyond_them():
    with pytest.raises(ValueError, match=r"x must be <= 10; got inf"):
        number(math.inf, "x", high=10)


def test_number_hint_follows_a_bounds_error_and_says_what_to_do():
    with pytest.raises(ValueError, match=r"^dose must be >= 0; got -1\. A dose is an amount, so 0 or more\.$"):
        number(-1, "dose", low=0, hint="A dose is an amount, so 0 or more.")
    with pytest.raises(ValueError, match=r"must be finite; got inf\. Say how many days\.$"):
        number(math.inf, "days", finite=True, hint="Say how many days.")


def test_number_without_hint_ends_with_the_value():
    with pytest.raises(ValueError, match=r"got -1\.$"):
        number(-1, "dose", low=0)


# --- probability -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 0.0, 0.25, 1, np.float64(0.75)])
def test_probability_accepts_zero_to_one_and_returns_a_float(value):
    got = probability(value, "p")
    assert got == float(value) and type(got) is float


def test_probability_ends_can_be_excluded():
    with pytest.raises(ValueError, match=r"^p must be a probability in \(0, 1\]; got 0\.$"):
        probability(0, "p", zero=False)
    with pytest.raises(ValueError, match=r"^p must be a probability in \[0, 1\); got 1\.$"):
        probability(1, "p", one=False)
    with pytest.raises(ValueError, match=r"in \(0, 1\); got 1\.0"):
        probability(1.0, "p", zero=False, one=False)
    assert probability(1, "p", zero=False) == 1.0
    assert probability(0, "p", one=False) == 0.0


@pytest.mark.parametrize("value", [25, 80.0, 100])
def test_probability_spots_a_percentage(value):
    with pytest.raises(ValueError, match=r"in \[0, 1\]; got .*It looks like a percentage; divide by 100\.$"):
        probability(value, "p")


@pytest.mark.parametrize("value", [-0.1, 100.5, 150, -5])
def test_probability_out_of_range_without_a_percentage_hint(value):
    with pytest.raises(ValueError, match=r"must be a probability in \[0, 1\]") as caught:
        probability(value, "p")
    assert "percentage" not in str(caught.value)


def test_probability_refuses_non_numbers_and_nan_like_number():
    with pytest.raises(TypeError, match=r"^p must be a number; got bool True\.$"):
        probability(True, "p")
    with pytest.raises(TypeError, match=r"p must be a number; got str '0\.5'"):
        probability("0.5", "p")
    with pytest.raises(ValueError, match=r"not NaN"):
        probability(math.nan, "p")


# --- count --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 7, np.int64(7), np.uint8(7)])
def test_count_accepts_integer_types_and_returns_an_int(value):
    got = count(value, "days")
    assert got == int(value) and type(got) is int


@pytest.mark.parametrize(("value", "type_name"), [(3.0, "float"), (True, "bool"), ("3", "str"), (None, "NoneType")])
def test_count_refuses_what_is_not_an_int_and_shows_an_example(value, type_name):
    with pytest.raises(
        TypeError, match=rf"days must be a whole number \(int\); got .*\({type_name}\)\. Use e\.g\. days=365"
    ):
        count(value, "days")


def test_count_minimum():
    assert count(1, "replicates", 1) == 1
    with pytest.raises(ValueError, match=r"^replicates must be >= 1; got 0\.$"):
        count(0, "replicates", 1)
    with pytest.raises(ValueError, match=r"^days must be >= 0; got -1\.$"):
        count(-1, "days")


# --- generator ------------------------------------------------------------------------------


def test_generator_returns_the_same_generator():
    rng = np.random.default_rng(1)
    assert generator(rng) is rng


@pytest.mark.parametrize(
    ("rng", "type_name"),
    [(42, "int"), (np.random.RandomState(0), "RandomState"), (None, "NoneType"), (np.random, "module")],
)
def test_generator_refuses_seeds_and_the_legacy_random_state(rng, type_name):
    with pytest.raises(
        TypeError,
        match=rf"^rng must be a numpy Generator; got {type_name}\. Make one with rng = np\.random\.default_rng",
    ):
        generator(rng)


def test_generator_names_the_argument_it_was_given():
    with pytest.raises(TypeError, match=r"^sampler must be a numpy Generator"):
        generator(0, "sampler")


# --- numbers --------------------------------------------------------------------------------


def test_numbers_returns_a_float_array():
    got = numbers([1, 2, 3], "days")
    assert isinstance(got, np.ndarray) and got.dtype == np.float64
    np.testing.assert_array_equal(got, [1.0, 2.0, 3.0])
    assert numbers(5, "days").shape == ()
    np.testing.assert_array_equal(numbers(pd.Series([0.5, 1.5]), "x"), [0.5, 1.5])


@pytest.mark.parametrize("values", ["1, 2", b"12", None, True, ["a", 1], [[1, 2], [3]]])
def test_numbers_refuses_text_and_what_is_not_numbers(values):
    with pytest.raises(TypeError, match=r"^days must be numbers; got "):
        numbers(values, "days")


def test_numbers_nan_names_the_first_entry():
    with pytest.raises(ValueError, match=r"^days contains NaN \(entry 1\); give a value for every entry\.$"):
        numbers([3.0, math.nan, 4.0, math.nan], "days")
    # In a table of numbers the entries are counted row by row: row 1, column 0 of a 2 x 2 is entry 2.
    with pytest.raises(ValueError, match=r"entry 2\)"):
        numbers([[1.0, 2.0], [math.nan, 4.0]], "grid")


def test_numbers_shape_and_emptiness():
    with pytest.raises(ValueError, match=r"^x must be 1-D; got shape \(2, 2\)\.$"):
        numbers([[1, 2], [3, 4]], "x", ndim=1)
    assert numbers([1, 2], "x", ndim=1).shape == (2,)
    assert numbers([], "x").size == 0
    with pytest.raises(ValueError, match=r"^x is empty; give at least one value\.$"):
        numbers([], "x", empty=False)


def test_numbers_bounds_name_the_first_entry_outside_them():
    np.testing.assert_array_equal(numbers([0, 0.5, 1], "p", low=0, high=1), [0, 0.5, 1])
    with pytest.raises(ValueError, match=r"^p must be in \[0, 1\]; entry 2 is 1\.5\.$"):
        numbers([0.1, 0.2, 1.5, -3], "p", low=0, high=1)
    with pytest.raises(ValueError, match=r"^t must be > 0; entry 0 is 0\. Times start after day 0\.$"):
        numbers([0, 1], "t", low=0, low_open=True, hint="Times start after day 0.")
    with pytest.raises(ValueError, match=r"^t must be < 10; entry 1 is 10\.$"):
        numbers([9, 10], "t", high=10, high_open=True)


# --- table -----------------------------------------------------------------------------------


FRAME = pd.DataFrame({"day": [0.0, 1.0], "bone_mass": [100.0, 99.0]})


def test_table_returns_the_same_frame():
    assert table(FRAME, "frame", ["day", "bone_mass"]) is FRAME
    assert table(FRAME, "frame", []) is FRAME


def test_table_refuses_what_is_not_a_dataframe_saying_what_to_pass():
    with pytest.raises(TypeError, match=r"^frame must be a DataFrame; got dict\.$"):
        table({"day": [0]}, "frame", ["day"])
    with pytest.raises(TypeError, match=r"^frame must be the DataFrame returned by bone\.simulate\(\); got list\.$"):
        table([0, 1], "frame", ["day"], made_by="bone.simulate()")


def test_table_names_the_missing_columns_and_the_ones_it_has():
    with pytest.raises(
        ValueError,
        match=re.escape(
            "frame lacks column(s) ['osteoclasts', 'tumour'] (it has ['day', 'bone_mass']); "
            "pass the DataFrame returned by bone.simulate()."
        ),
    ):
        table(FRAME, "frame", ["day", "osteoclasts", "tumour"], made_by="bone.simulate()")


def test_table_empty_is_refused_only_when_rows_are_required():
    empty = FRAME.iloc[:0]
    assert table(empty, "frame", ["day"]) is empty
    with pytest.raises(ValueError, match=r"^frame has no rows; pass a DataFrame\.$"):
        table(empty, "frame", ["day"], rows=True)


# --- one_of ---------------------------------------------------------------------------------


def test_one_of_returns_the_choice():
    assert one_of("growing", "condition", ["growing", "regressing"]) == "growing"
    assert one_of(2, "k", range(5)) == 2


def test_one_of_lists_the_choices():
    with pytest.raises(ValueError, match=r"^condition must be one of \('growing', 'regressing'\); got 'shrinking'\.$"):
        one_of("shrinking", "condition", ["growing", "regressing"])
    # A mapping offers its keys.
    with pytest.raises(ValueError, match=r"one of \('a', 'b'\); got 'c'"):
        one_of("c", "name", {"a": 1, "b": 2})


@pytest.mark.parametrize("text", [["1", "2"], np.array(["0.5"]), [1.0, "2"], [True, False]])
def test_numbers_refuses_text_and_yes_no_even_when_numpy_could_parse_it(text):
    with pytest.raises(TypeError, match=r"^times must be numbers; got "):
        numbers(text, "times")
