"""Helpers for lessons: show the model a lesson is about, and list what it cites.

>>> from seedsoil.feedback import grade
>>> text = source_of(grade)
>>> text.splitlines()[0]
'def grade('
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence

__all__ = ["references_markdown", "show_references", "show_source", "source_of"]


def source_of(obj) -> str:
    """The source code of a function or class, exactly as written in the package."""
    try:
        return inspect.getsource(obj)
    except (TypeError, OSError) as exc:
        raise TypeError(f"show_source() needs a function or class defined in a .py file; got {obj!r}.") from exc


def show_source(obj):
    """Display the source of ``obj`` with syntax highlighting (plain text on nbviewer's
    text view), so students read the model they run."""
    from IPython.display import Code, display

    display(Code(source_of(obj), language="python"))


def references_markdown(keys: Sequence[str]) -> str:
    """A lesson's numbered reference list, in the given order, made from ``data/references.csv``.

    Each line is the row's citation with its DOI or address (:func:`seedsoil.data.cite`);
    a retracted paper says so, and a row with neither DOI nor address says it cannot
    be traced. The order is the lesson's: its prose cites "[3]" for the third key.

    >>> print(references_markdown(["paget1889", "coleman1987"])[:59])
    1. Paget S. The distribution of secondary growths in cancer
    """
    from seedsoil.data import cite, load_table

    if isinstance(keys, str) or not isinstance(keys, Sequence) or not keys:
        raise TypeError(f"references need a list of reference keys such as ['paget1889']; got {keys!r:.60}.")
    repeated = sorted({k for k in keys if list(keys).count(k) > 1})
    if repeated:
        raise ValueError(f"reference key(s) {repeated} listed twice; each source gets one number.")
    rows = load_table("references").set_index("key")
    lines = []
    for number, key in enumerate(keys, start=1):
        text = cite(key)  # raises DataError naming an unknown key
        row = rows.loc[key]
        if row["status"] == "retracted" and "retracted" not in text.lower():
            text += " RETRACTED."
        own = key == "course_assumption"  # the course's own teaching values: nothing to trace
        if not own and not isinstance(row["doi"], str) and not isinstance(row["url"], str):
            text += " (No address recorded: this source cannot be traced.)"
        lines.append(f"{number}. {text}")
    return "\n".join(lines)


def show_references(keys: Sequence[str]):
    """Display :func:`references_markdown` as Markdown (the References cell of every lesson)."""
    from IPython.display import Markdown, display

    display(Markdown(references_markdown(keys)))
