"""Helpers for lessons: show the model a lesson is about, not hide it.

>>> from seedsoil.feedback import grade
>>> text = source_of(grade)
>>> text.splitlines()[0]
'def grade('
"""

from __future__ import annotations

import inspect

__all__ = ["show_source", "source_of"]


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
