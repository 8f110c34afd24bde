"""Feedback on exercise answers: specific, immediate, and kind.

A lesson's exercise has three cells: a stub where the student writes
``answer = ...``, a check call, and a solution cell tagged ``solution``.
:func:`check_value` compares the answer with the expected value and prints
what is off, not just "wrong". It returns nothing, so it can end a cell
without an ``Out[]`` line (nbval does not honour a trailing ``;``).
:func:`grade` does the same work and returns the verdict, for code and tests.

>>> check_value(13, 12.5, name="NNT", rel_tol=0.05)
✓ NNT: 13 is right (expected 12.5, within 5%).
>>> check_value(0.32, 32, name="survival", unit="%")
✗ survival: 0.32 looks like a fraction; give it as a percentage (about 32 %).
>>> grade(..., 32, name="survival").correct
False
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Feedback", "check_value", "grade"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: whether it is right, and what to tell the student."""

    correct: bool
    message: str


def _fmt(x: float) -> str:
    return f"{x:,.4g}"


def _close(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def check_value(answer, expected: float, **options) -> None:
    """Print feedback on a numeric answer; see :func:`grade` for the options."""
    print(grade(answer, expected, **options).message)


def grade(
    answer,
    expected: float,
    *,
    name: str,
    rel_tol: float = 0.02,
    abs_tol: float = 0.0,
    unit: str = "",
    hints: Mapping[float, str] | None = None,
) -> Feedback:
    """Judge a numeric answer and word the feedback.

    Parameters
    ----------
    answer : number or ``...``
        The student's value; ``...`` (Ellipsis) or ``None`` means "not yet".
    expected : float
        The right value, computed from the course data in the check cell.
    name : str
        How the exercise is called in the lesson ("Exercise 2").
    rel_tol, abs_tol : float
        Accepted relative and absolute distance from ``expected``.
    unit : str
        Unit printed after values ("%", "months").
    hints : mapping of float to str, optional
        Known wrong answers and what they reveal, e.g.
        ``{1 / 0.28: "that used the relative reduction"}``; matched with the
        same tolerance.

    Returns
    -------
    Feedback
        ``correct`` is True when the answer is within tolerance; ``message``
        starts with ✓ (right), ✗ (wrong) or … (not answered yet).
    """
    if not isinstance(name, str) or not name:
        raise ValueError("check_value(name=...) must name the exercise, e.g. 'Exercise 1'.")
    if rel_tol < 0 or abs_tol < 0:
        raise ValueError(f"Tolerances must be >= 0; got rel_tol={rel_tol}, abs_tol={abs_tol}.")
    suffix = f" {unit}" if unit else ""
    if answer is ... or answer is None:
        return Feedback(False, f"… {name}: not answered yet. Replace the ... with your value and run the cell again.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"✗ {name}: expected a number, got {type(answer).__name__} {answer!r}.")
    if math.isnan(value):
        return Feedback(False, f"✗ {name}: your value is NaN (not a number); check for missing data or 0/0.")
    if _close(value, expected, rel_tol, abs_tol):
        tol = f"within {rel_tol * 100:g}%" if rel_tol else f"within ±{_fmt(abs_tol)}{suffix}"
        return Feedback(True, f"✓ {name}: {_fmt(value)}{suffix} is right (expected {_fmt(expected)}{suffix}, {tol}).")
    for wrong, message in (hints or {}).items():
        if _close(value, wrong, rel_tol, abs_tol):
            return Feedback(False, f"✗ {name}: {_fmt(value)}{suffix} — {message}")
    if expected and _close(value * 100, expected, rel_tol, abs_tol):
        return Feedback(
            False,
            f"✗ {name}: {_fmt(value)} looks like a fraction; "
            f"give it as a percentage (about {_fmt(value * 100)}{suffix}).",
        )
    if expected and _close(value / 100, expected, rel_tol, abs_tol):
        return Feedback(
            False,
            f"✗ {name}: {_fmt(value)} looks like a percentage; give it as a fraction (about {_fmt(value / 100)}).",
        )
    if expected and value * expected < 0:
        return Feedback(False, f"✗ {name}: {_fmt(value)}{suffix} has the wrong sign.")
    direction = "high" if value > expected else "low"
    if not expected:
        return Feedback(False, f"✗ {name}: {_fmt(value)}{suffix} is too {direction}; the expected value is 0.")
    off = abs(value - expected) / abs(expected)
    return Feedback(
        False,
        f"✗ {name}: {_fmt(value)}{suffix} is {off:.0%} too {direction}. Check your inputs and units, then try again.",
    )
