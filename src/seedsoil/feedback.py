"""Feedback on exercise answers: specific, immediate, and kind.

A lesson's exercise has three cells: a stub where the student writes
``answer = ...``, a check call, and a solution cell tagged ``solution``.
:func:`check_value` compares the answer with the expected value and prints
what is off, not just "wrong". It returns nothing, so it can end a cell
without an ``Out[]`` line (nbval does not honour a trailing ``;``).
:func:`grade` does the same work and returns the verdict, for code and tests.
:func:`check_function` runs a function the student wrote on several inputs and
names the first one it gets wrong; :func:`check_choice` explains the option a
student picked in a concept question.

>>> check_value(13, 12.5, name="NNT", rel_tol=0.05)
✓ NNT: 13 is right (expected 12.5, within 5%).
>>> check_value(0.32, 32, name="survival", unit="%")
✗ survival: 0.32 looks like a fraction; give it as a percentage (about 32 %).
>>> grade(..., 32, name="survival").correct
False
"""

from __future__ import annotations

import copy
import math
import numbers
import reprlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from seedsoil._validation import require

__all__ = ["Feedback", "check_choice", "check_function", "check_value", "grade", "grade_choice", "grade_function"]

_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = 5


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: whether it is right, and what to tell the student."""

    correct: bool
    message: str


def _fmt(x: float) -> str:
    # Whole counts print as counts (40,290), everything else with 4 significant digits.
    if math.isfinite(x) and float(x).is_integer() and abs(x) >= 1e4:
        return f"{x:,.0f}"
    return f"{x:,.4g}"


def _close(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def check_value(answer, expected: float, **options) -> None:
    """Print feedback on a numeric answer; see :func:`grade` for the options."""
    print(grade(answer, expected, **options).message)


_PERCENT_SPELLINGS = {"percent", "per cent", "percentage", "pct", "%%", "pc"}


def _check_unit(unit) -> str:
    """The unit as printed; only "%" switches on the fraction/percentage hint, so refuse near-misses."""
    if unit is None:
        return ""
    require(
        isinstance(unit, str),
        f"check_value(unit=...) must be text such as '%' or 'months', or None; got {unit!r}.",
        TypeError,
    )
    require(
        unit == unit.strip(),
        f"check_value(unit={unit!r}) has spaces around it; write {unit.strip()!r} (the space is added for you).",
    )
    require(
        unit == "%" or (unit.lower() not in _PERCENT_SPELLINGS and "%" not in unit),
        f"check_value(unit={unit!r}): write percentages as unit='%', the one spelling that also "
        "recognises an answer given as a fraction.",
    )
    return unit


def _finite(x) -> bool:
    """A real number that is neither NaN nor infinite (numpy numbers count; True and "5" do not)."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def _check_options(expected, name, rel_tol, abs_tol, hints) -> None:
    # These are the lesson author's inputs, not the student's: fail loudly.
    require(
        isinstance(name, str) and bool(name.strip()), "check_value(name=...) must name the exercise, e.g. 'Exercise 1'."
    )
    require(_finite(expected), f"check_value(expected=...) must be a finite number; got {expected!r}.", TypeError)
    for label, tol in (("rel_tol", rel_tol), ("abs_tol", abs_tol)):
        require(_finite(tol) and tol >= 0, f"check_value({label}=...) must be a finite number >= 0; got {tol!r}.")
    require(rel_tol < 1, f"check_value(rel_tol={rel_tol}) would accept almost anything; use a value below 1.")
    require(
        expected != 0 or abs_tol > 0,
        "check_value(expected=0) needs abs_tol > 0: a relative tolerance of 0 is exact, so a correct answer "
        "with rounding error (5.5e-17) would be marked wrong. Give e.g. abs_tol=1e-9, or a tolerance in "
        "the answer's unit.",
    )
    if hints is not None:
        _check_hints(hints)


def _check_hints(hints) -> None:
    require(
        isinstance(hints, Mapping),
        "check_value(hints=...) must be a dict {wrong value: what that mistake means}.",
        TypeError,
    )
    for key, message in hints.items():
        require(
            isinstance(key, numbers.Real) and not isinstance(key, bool),
            f"check_value(hints=...) keys must be numbers; got {key!r}.",
            TypeError,
        )
        require(
            isinstance(message, str) and bool(message.strip()),
            f"check_value(hints=...) values must say what the mistake means (text); for {key!r} got {message!r}.",
            TypeError,
        )


def _as_number(answer) -> tuple[float | None, str | None]:
    """The student's answer as a float, or a message saying why it is not one."""
    if isinstance(answer, bool):
        return None, f"got {answer}, a yes/no value; give the number itself."
    if isinstance(answer, str):
        return None, f"got the text {answer!r}; give a number without quotes."
    if np.ma.isMaskedArray(answer) and np.ma.getmaskarray(answer).any():
        return None, "got a masked (missing) value, not a number; check for missing data."
    size = getattr(answer, "size", None)
    if size is not None and not isinstance(answer, numbers.Number):
        # A one-value Series or array is what a filter returns; take the value.
        if size == 1:
            answer = answer.to_numpy().item() if hasattr(answer, "to_numpy") else answer.item()
        else:
            hint = "; did you mean .sum(), len(...) or .item()?" if size else ""
            return None, f"got {type(answer).__name__} with {size} values, not one number{hint}"
        if isinstance(answer, str | bytes):
            return None, f"got the text {answer!r} inside a Series or array; convert it to a number first."
        if isinstance(answer, bool):
            return None, f"got {answer}, a yes/no value, inside a Series or array; give the number itself."
    try:
        return float(answer), None
    except (TypeError, ValueError):
        return None, f"expected a number, got {type(answer).__name__} {_SHORT.repr(answer)}."


def grade(
    answer,
    expected: float,
    *,
    name: str,
    rel_tol: float = 0.02,
    abs_tol: float = 0.0,
    unit: str | None = "",
    hints: Mapping[float, str] | None = None,
) -> Feedback:
    """Judge a numeric answer and word the feedback.

    Parameters
    ----------
    answer : number or ``...``
        The student's value; ``...`` (Ellipsis) or ``None`` means "not yet".
        A one-value pandas Series or numpy array counts as its value.
    expected : float
        The right value, computed from the course data in the check cell.
    name : str
        How the exercise is called in the lesson ("Exercise 2").
    rel_tol, abs_tol : float
        Accepted relative (below 1) and absolute distance from ``expected``.
        When ``expected`` is 0, ``abs_tol`` must be > 0.
    unit : str or None
        Unit printed after values ("%", "months"); "" or None for none. With
        ``"%"`` an answer given as a fraction is recognised and the student told
        so; other spellings of percent ("percent", " %") are refused.
    hints : mapping of float to str, optional
        Known wrong answers and what they reveal, e.g.
        ``{1 / 0.28: "that used the relative reduction"}``; matched with the
        same tolerance.

    Returns
    -------
    Feedback
        ``correct`` is True when the answer is within tolerance; ``message``
        starts with ✓ (right), ✗ (wrong) or … (not answered yet).

    Raises
    ------
    TypeError, ValueError
        When the lesson's own arguments are unusable (not the student's answer).
    """
    _check_options(expected, name, rel_tol, abs_tol, hints)
    unit = _check_unit(unit)
    suffix = f" {unit}" if unit else ""
    if answer is ... or answer is None:
        return Feedback(False, f"… {name}: not answered yet. Replace the ... with your value and run the cell again.")
    value, problem = _as_number(answer)
    if problem:
        return Feedback(False, f"✗ {name}: {problem}")
    if math.isnan(value):
        return Feedback(False, f"✗ {name}: your value is NaN (not a number); check for missing data or 0/0.")
    if math.isinf(value):
        return Feedback(False, f"✗ {name}: your value is infinite; check for a division by zero.")
    if _close(value, expected, rel_tol, abs_tol):
        tol = f"within {rel_tol * 100:g}%" if rel_tol else f"within ±{_fmt(abs_tol)}{suffix}"
        return Feedback(True, f"✓ {name}: {_fmt(value)}{suffix} is right (expected {_fmt(expected)}{suffix}, {tol}).")
    for wrong, message in (hints or {}).items():
        if _close(value, wrong, rel_tol, abs_tol):
            return Feedback(False, f"✗ {name}: {_fmt(value)}{suffix} — {message}")
    slip = _unit_slip(value, expected, rel_tol, abs_tol, unit)
    if slip:
        return Feedback(False, f"✗ {name}: {_fmt(value)} {slip}")
    return Feedback(False, f"✗ {name}: {_fmt(value)}{suffix} {_how_far(value, expected)}")


def _unit_slip(value: float, expected: float, rel_tol: float, abs_tol: float, unit: str) -> str | None:
    """A fraction given for a percentage, or the other way round."""
    if unit == "%" and _close(value * 100, expected, rel_tol, abs_tol):
        return f"looks like a fraction; give it as a percentage (about {_fmt(value * 100)} %)."
    if unit != "%" and 0 < abs(expected) <= 1 and _close(value / 100, expected, rel_tol, abs_tol):
        return f"looks like a percentage; give it as a fraction (about {_fmt(value / 100)})."
    return None


def _how_far(value: float, expected: float) -> str:
    """The generic feedback: a sign slip, or how far off and which way."""
    if expected and value * expected < 0:
        return "has the wrong sign."
    direction = "high" if value > expected else "low"
    if not expected:
        return f"is too {direction}; the expected value is 0."
    off = abs(value - expected) / abs(expected)
    amount = "slightly" if off < 0.01 else f"{off:.0%}" if off < 10 else f"{value / expected:,.3g} times"
    return f"is {amount} too {direction}. Check your inputs and units, then try again."


def _plain(value) -> str:
    """A short repr, with numpy scalars shown as the numbers they hold (1.5, not np.float64(1.5))."""
    if isinstance(value, np.generic):
        value = value.item()
    return _SHORT.repr(value)


def _apart(got, expected) -> tuple[str, str]:
    """Two values as a student reads them: short numbers as they are (10.0, 0.25); long floats
    such as 0.30000000000000004 with the fewest significant digits (4 at least) that tell them apart."""
    plain = _plain(got), _plain(expected)
    numeric = all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in (got, expected))
    if not numeric or max(map(len, plain)) <= 10:
        return plain
    for digits in (4, 6, 10, 17):
        shown = f"{float(got):.{digits}g}", f"{float(expected):.{digits}g}"
        if shown[0] != shown[1]:
            return shown
    return _plain(got), _plain(expected)


def _shown(args: Mapping) -> str:
    return ", ".join(f"{k}={_plain(v)}" for k, v in args.items())


def _same(got, expected, rel_tol: float, abs_tol: float) -> bool:
    try:
        g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return g.shape == e.shape and bool(np.allclose(g, e, rtol=rel_tol, atol=abs_tol, equal_nan=True))


def grade_function(
    function,
    cases: Sequence[tuple[Mapping, object]],
    *,
    name: str,
    rel_tol: float = 1e-9,
    abs_tol: float = 0.0,
    hints: Sequence[tuple[Callable, str]] = (),
) -> Feedback:
    """Judge a function the student wrote by running it on several inputs.

    Parameters
    ----------
    function : callable
        The student's function.
    cases : sequence of (kwargs, expected)
        Inputs as keyword arguments, and the right output for each, worked out in
        the check cell independently of the student's code (by hand or by the
        package's own function). Each call gets a deep copy of its inputs, so a
        ``numpy.random.Generator`` among them starts from the same state every time.
    name : str
        How the exercise is called in the lesson ("Exercise 3").
    rel_tol, abs_tol : float
        Accepted distance of each output (numbers or arrays) from the expected one.
    hints : sequence of (wrong_function, message)
        Known mistakes: when the student's outputs equal ``wrong_function``'s on
        every case, ``message`` says what the mistake is.

    Returns
    -------
    Feedback
        ✓ when every case matches; otherwise the first case that does not, with the
        input, what came back and what was expected.
    """
    require(
        callable(function) or function is ...,
        f"grade_function: {name} needs the function itself; got {function!r:.60}.",
        TypeError,
    )
    require(len(cases) > 0, "grade_function needs at least one (kwargs, expected) case.")
    if function is ...:
        return Feedback(False, f"… {name}: not written yet. Write the function in the cell above and run it.")
    outputs = []
    for args, _expected in cases:
        try:
            got = function(**copy.deepcopy(args))  # a fresh copy: a Generator in args restarts from its state
        except NotImplementedError:
            return Feedback(False, f"… {name}: not written yet. Replace the `...` or the raise with your code.")
        except Exception as exc:  # the student's code failed: say how, on which input
            return Feedback(False, f"✗ {name}: for {_shown(args)} your function raised {type(exc).__name__}: {exc}")
        if got is None or got is ...:
            return Feedback(
                False, f"… {name}: your function returns nothing yet; end it with `return ...` your result."
            )
        outputs.append(got)
    for (case_args, expected), got in zip(cases, outputs, strict=True):
        if not _same(got, expected, rel_tol, abs_tol):
            for wrong, message in hints:
                if all(
                    _same(g, wrong(**copy.deepcopy(a)), rel_tol, abs_tol)
                    for (a, _), g in zip(cases, outputs, strict=True)
                ):
                    return Feedback(False, f"✗ {name}: {message}")
            got_shown, expected_shown = _apart(got, expected)
            return Feedback(
                False,
                f"✗ {name}: for {_shown(case_args)} your function returned {got_shown}; expected {expected_shown}.",
            )
    return Feedback(True, f"✓ {name}: your function gives the right result on all {len(cases)} test inputs.")


def check_function(function, cases, **options) -> None:
    """Print feedback on a function the student wrote; see :func:`grade_function`."""
    print(grade_function(function, cases, **options).message)


def grade_choice(answer, correct: str, *, name: str, options: Mapping[str, str]) -> Feedback:
    """Judge a multiple-choice answer and explain the option chosen.

    ``options`` maps each option's letter to what it teaches when chosen: why it
    is right, or what the misconception behind it is.
    """
    require(correct in options, f"grade_choice: the correct option {correct!r} is not among {sorted(options)}.")
    if answer is ... or answer is None:
        return Feedback(
            False, f"… {name}: not answered yet. Put the letter of your choice, in quotes, in place of the ..."
        )
    key = answer.strip().lower() if isinstance(answer, str) else answer
    if key not in options:
        return Feedback(
            False, f"✗ {name}: {answer!r} is not one of the options {', '.join(sorted(options))}; give a letter."
        )
    if key == correct:
        return Feedback(True, f"✓ {name}: ({key}) is right. {options[key]}")
    return Feedback(False, f"✗ {name}: not ({key}). {options[key]} Try again.")


def check_choice(answer, correct: str, *, name: str, options: Mapping[str, str]) -> None:
    """Print feedback on a multiple-choice answer; see :func:`grade_choice`."""
    print(grade_choice(answer, correct, name=name, options=options).message)
