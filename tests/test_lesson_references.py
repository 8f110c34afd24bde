"""Every lesson's References are generated, and cover every source of the data it reads.

The References cell of a lesson is ``show_references([...keys...])``: a literal
list, in the order the prose numbers them. Here, for each lesson:

* the list is literal and every key exists (an unknown key fails);
* every source of every row of every table the lesson loads (``load_table("name")``
  in its code) appears in it, and so does every source of the rows that package
  factories read for it (``FACTORY_ROWS``);
* every key passed to ``cite("key")`` in its code appears in it;
* the stored output is what the list gives today (so a changed references.csv
  cannot leave a stale list on nbviewer).
"""

import ast
import re

import pytest
from notebook_tools import NOTEBOOKS, code_cells, read, source

from seedsoil.data import load_table
from seedsoil.notebook import references_markdown

IDS = [p.stem[:2] for p in NOTEBOOKS]

# Package calls that read table rows on the lesson's behalf: (table, column, value) or the whole table (None).
FACTORY_ROWS = {
    "Parameters.komarova2003": ("bone_model_parameters", "model", "komarova2003"),
    "Parameters.ayati2010_tumour": ("bone_model_parameters", "model", "ayati2010_tumour"),
    "SimulationParameters.": ("survival_simulation_parameters", None, None),
    "CascadeParameters.": ("cascade_steps", None, None),
    "DormancyParameters.": ("dormancy_assumptions", None, None),
}


def _references_call(nb) -> ast.Call:
    calls = []
    for cell in code_cells(nb):
        try:
            tree = ast.parse(source(cell))
        except SyntaxError:
            continue
        calls += [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) == "show_references"
        ]
    assert len(calls) == 1, "a lesson has exactly one References cell: show_references([...])"
    return calls[0]


def _keys(nb) -> list[str]:
    return ast.literal_eval(_references_call(nb).args[0])


def _code(nb) -> str:
    return "\n".join(source(c) for c in code_cells(nb))


def _tables_read(code: str) -> set[str]:
    """Tables the lesson loads itself (every row counts)."""
    return set(re.findall(r"load_table\(\s*[\"']([a-z0-9_]+)[\"']", code)) - {"references"}


def _sources_of_factories(code: str) -> set[str]:
    """Sources of the rows that package factories read for the lesson."""
    keys = set()
    for call, (table, column, value) in FACTORY_ROWS.items():
        if call in code:
            rows = load_table(table)
            keys |= set((rows if column is None else rows[rows[column] == value])["source"].dropna())
    return keys


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_references_are_a_literal_list_of_known_keys(path):
    keys = _keys(read(path))
    known = set(load_table("references")["key"])
    assert keys and not set(keys) - known, f"unknown reference keys: {sorted(set(keys) - known)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_source_of_the_data_a_lesson_reads_is_in_its_references(path):
    nb = read(path)
    keys = set(_keys(nb))
    needed = set()
    for table in _tables_read(_code(nb)):
        frame = load_table(table)
        if "lesson" in frame.columns:  # a table shared by lessons: this lesson's rows
            frame = frame[frame["lesson"] == path.stem[:2]]
        if "source" in frame.columns:
            needed |= set(frame["source"].dropna())
    needed |= _sources_of_factories(_code(nb))
    needed |= set(re.findall(r"cite\(\s*[\"']([a-z0-9_]+)[\"']", _code(nb)))
    assert not needed - keys, f"sources read but not in the References: {sorted(needed - keys)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_references_match_the_table(path):
    nb = read(path)
    cell = next(c for c in code_cells(nb) if "show_references(" in source(c))
    shown = "".join(
        "".join(o["data"]["text/markdown"]) for o in cell.get("outputs", []) if "text/markdown" in o.get("data", {})
    )
    assert shown == references_markdown(_keys(nb)), "re-execute the lesson: its References are stale"


def test_the_scan_finds_tables_and_the_rows_factories_read():
    code = 'x = load_table("us_counts")\np = Parameters.komarova2003()\nload_table( "references")'
    assert _tables_read(code) == {"us_counts"}
    assert _sources_of_factories(code) == {"biomodels148", "course_assumption"}
