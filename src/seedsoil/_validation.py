"""The argument checks the models share, so that a model's body reads as its science.

Every check returns the cleaned value (a float, an int, an array, the table)
or raises a ``TypeError``/``ValueError`` that names the argument, says what it
got and what was expected, and, where it helps, what to do. A science function
then spends one line per argument::

    dose = number(dose, "bisphosphonate(dose=...)", low=0)
    rng = generator(rng)

The checks are deliberately few:

* :func:`number` — a real number, optionally finite, whole, or within bounds;
* :func:`probability` — a number in [0, 1] (or (0, 1), (0, 1]) that spots percentages;
* :func:`count` — a whole number >= a minimum;
* :func:`generator` — a ``numpy.random.Generator``;
* :func:`numbers` — an array of real numbers without NaN, optionally within bounds;
* :func:`table` — a DataFrame that has the columns a function needs;
* :func:`one_of` — one of a fixed set of choices;
* :func:`require` — any other condition, with its own message.

>>> number(2, "days", low=0)
2.0
>>> probability(0.25, "p")
0.25
>>> probability(25, "p")
Traceback (most recent call last):
...
ValueError: p must be a probability in [0, 1]; got 25. It looks like a percentage; divide by 100.
"""

from __future__ import annotations

import math
import numbers as _numbers

import numpy as np
import pandas as pd

__all__ = ["count", "generator", "number", "numbers", "one_of", "probability", "require", "table"]


def require(condition, message: str, error: type[Exception] = ValueError) -> None:
    """Raise ``error(message)`` unless ``condition`` holds: a check with its own words."""
    if not condition:
        raise error(message)


def _bound_text(low, high, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    return f"{'<' if high_open else '<='} {high:g}"


def _inside(x, low, high, low_open: bool, high_open: bool):
    ok = np.ones_like(x, dtype=bool) if isinstance(x, np.ndarray) else True
    if low is not None:
        ok = ok & ((x > low) if low_open else (x >= low))
    if high is not None:
        ok = ok & ((x < high) if high_open else (x <= high))
    return ok


def number(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    finite: bool = False,
    integer: bool = False,
    hint: str = "",
) -> float:
    """``value`` as a float if it is a real number (not NaN, not bool, not text) within the bounds.

    numpy numbers count; ``True`` is not a dose and ``"5"`` is not a day.
    Infinity passes unless ``finite`` is set or a bound excludes it. ``hint``
    is appended to a bounds error: say there what the number means.
    """
    if isinstance(value, bool) or not isinstance(value, _numbers.Real):
        raise TypeError(f"{name} must be a number; got {type(value).__name__} {value!r}.")
    x = float(value)
    if math.isnan(x):
        raise ValueError(f"{name} must be a number, not NaN.")
    if finite and math.isinf(x):
        raise ValueError(f"{name} must be finite; got {value!r}.{' ' + hint if hint else ''}")
    if integer and not x.is_integer():
        raise ValueError(f"{name} must be a whole number; got {value!r}.{' ' + hint if hint else ''}")
    if (low is not None or high is not None) and not _inside(x, low, high, low_open, high_open):
        raise ValueError(
            f"{name} must be {_bound_text(low, high, low_open, high_open)}; got {value!r}.{' ' + hint if hint else ''}"
        )
    return x


def probability(value, name: str, *, zero: bool = True, one: bool = True) -> float:
    """``value`` as a float in [0, 1]; ``zero=False``/``one=False`` exclude the ends.

    A value between 1 and 100 is called out as a likely percentage.
    """
    x = number(value, name)
    if not _inside(x, 0.0, 1.0, not zero, not one):
        interval = f"{'[' if zero else '('}0, 1{']' if one else ')'}"
        hint = " It looks like a percentage; divide by 100." if 1 < x <= 100 else ""
        raise ValueError(f"{name} must be a probability in {interval}; got {value!r}.{hint}")
    return x


def count(value, name: str, minimum: int = 0) -> int:
    """``value`` as an int if it is a whole number (an ``int`` type, not 3.0) >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, _numbers.Integral):
        raise TypeError(
            f"{name} must be a whole number (int); got {value!r} ({type(value).__name__}). Use e.g. {name}=365."
        )
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}.")
    return int(value)


def generator(rng, name: str = "rng") -> np.random.Generator:
    """``rng`` if it is a ``numpy.random.Generator``; seeds and the legacy RandomState are refused."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy Generator; got {type(rng).__name__}. "
            "Make one with rng = np.random.default_rng(seed)."
        )
    return rng


def numbers(
    values,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    ndim: int | None = None,
    empty: bool = True,
    hint: str = "",
) -> np.ndarray:
    """``values`` as a float array: no text, no NaN, optionally 1-D, non-empty and within bounds.

    A bounds error names the first entry that is out, so a student can find it.
    """
    if isinstance(values, str | bytes | bool) or values is None:
        raise TypeError(f"{name} must be numbers; got {values!r:.60}.")
    try:
        raw = np.asarray(values)
    except ValueError as exc:  # ragged lists
        raise TypeError(f"{name} must be numbers; got {values!r:.60}.") from exc
    if raw.dtype.kind in "USb" or (raw.dtype.kind == "O" and any(isinstance(v, str | bytes) for v in raw.ravel())):
        raise TypeError(f"{name} must be numbers; got {values!r:.60}.")
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numbers; got {values!r:.60}.") from exc
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D; got shape {x.shape}.")
    if not empty and x.size == 0:
        raise ValueError(f"{name} is empty; give at least one value.")
    if np.isnan(x).any():
        first = int(np.flatnonzero(np.isnan(x.ravel()))[0])
        raise ValueError(f"{name} contains NaN (entry {first}); give a value for every entry.")
    if low is not None or high is not None:
        bad = np.flatnonzero(~_inside(x.ravel(), low, high, low_open, high_open))
        if bad.size:
            i = int(bad[0])
            raise ValueError(
                f"{name} must be {_bound_text(low, high, low_open, high_open)}; entry {i} is "
                f"{x.ravel()[i]:g}.{' ' + hint if hint else ''}"
            )
    return x


def table(frame, name: str, columns, *, made_by: str = "", rows: bool = False) -> pd.DataFrame:
    """``frame`` if it is a DataFrame with every one of ``columns`` (and, with ``rows``, at least one row).

    ``made_by`` names the function whose output is expected, so the message can
    say what to pass ("the DataFrame returned by bone.simulate()").
    """
    source = f"the DataFrame returned by {made_by}" if made_by else "a DataFrame"
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be {source}; got {type(frame).__name__}.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing} (it has {list(frame.columns)}); pass {source}.")
    if rows and frame.empty:
        raise ValueError(f"{name} has no rows; pass {source}.")
    return frame


def one_of(value, name: str, choices) -> object:
    """``value`` if it is one of ``choices``; the message lists them."""
    if value not in tuple(choices):
        raise ValueError(f"{name} must be one of {tuple(choices)}; got {value!r}.")
    return value
