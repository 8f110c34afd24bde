"""Load the course's data tables, refusing bad input with errors that teach.

Every table lives in ``data/`` as a CSV file and is described in
``data/datapackage.json`` (a Frictionless Data Package): its fields, types,
units, constraints and a SHA-256 checksum. Fact tables carry a ``source``
column (a key into the ``references`` table) and an ``evidence`` column
(``primary``, ``secondary`` or ``illustrative``).

Examples
--------
>>> refs = load_table("references")
>>> refs.loc[refs["key"] == "coleman1987", "doi"].item()
'10.1038/bjc.1987.13'
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import re
from functools import cache
from itertools import pairwise
from pathlib import Path

import pandas as pd

__all__ = [
    "DATA_DIR",
    "DataError",
    "EVIDENCE_LEVELS",
    "cite",
    "describe_table",
    "list_tables",
    "load_table",
    "sha256",
    "validate_file",
]

# The package is installed in editable mode from ``src/``; data/ sits at the repo root.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DESCRIPTOR = "datapackage.json"
#: Custom Table Schema property (Frictionless ignores it): lists of numeric
#: columns whose values must not decrease from left to right within a row,
#: e.g. ``"x-seedsoil-ordered": [["ci_low", "rate_ratio", "ci_high"]]``.
#: A row with an empty cell in a group is not checked for that group.
ORDERED = "x-seedsoil-ordered"
EVIDENCE_LEVELS = ("primary", "secondary", "illustrative")

# Frictionless type -> pandas dtype used once a table has passed validation.
_PANDAS_TYPES = {
    "integer": "Int64",
    "number": "float64",
    "string": "string",
    "boolean": "boolean",
    "year": "Int64",
}


class DataError(ValueError):
    """A data table is missing, malformed or inconsistent with its description."""


def _descriptor(data_dir: Path) -> dict:
    if not data_dir.is_dir():
        hint = (
            " The course's helper package finds data/ beside its source: install it with "
            "`pip install -e .` from the course folder (not `pip install .`)."
            if data_dir == DATA_DIR
            else ""
        )
        raise DataError(f"The data folder {data_dir} does not exist.{hint}")
    path = data_dir / DESCRIPTOR
    if not path.is_file():
        raise DataError(
            f"No data package description {path.name} in {data_dir}. Every course table is "
            "described there; restore it with `git checkout data/datapackage.json`."
        )
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}.") from exc
    _check_descriptor(descriptor, path.name)
    return descriptor


def _check_descriptor(descriptor, filename: str) -> None:
    """The structure the loader relies on; Frictionless checks the rest in the tests."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError(f"{filename} must be a JSON object with a 'resources' list.")
    for number, resource in enumerate(descriptor["resources"], start=1):
        _check_resource(resource, f"{filename}, resource {number}")


def _check_resource(resource, where: str) -> None:
    """One resource: name, path, fields the loader reads, and the keys that name them."""
    if not isinstance(resource, dict) or not all(isinstance(resource.get(k), str) for k in ("name", "path")):
        raise DataError(f"{where}: needs a 'name' and a 'path' (text).")
    where = f"{where} ({resource['name']})"
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields:
        raise DataError(f"{where}: needs 'schema' with a non-empty 'fields' list.")
    for field in fields:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise DataError(f"{where}: every field needs a 'name'.")
        if field.get("type", "string") not in _PANDAS_TYPES and field.get("type") != "date":
            raise DataError(
                f"{where}, field {field['name']!r}: type {field.get('type')!r} is not "
                f"one the loader reads; use one of {sorted([*_PANDAS_TYPES, 'date'])}."
            )
    types = {f["name"]: f.get("type", "string") for f in fields}
    key = _primary_key(resource)
    if not all(isinstance(k, str) and k in types for k in key):
        raise DataError(f"{where}: 'primaryKey' {schema.get('primaryKey')!r} must name columns of 'fields'.")
    ordered = schema.get(ORDERED, [])
    for group in ordered if isinstance(ordered, list) else [ordered]:
        if not (
            isinstance(group, list)
            and len(group) >= 2
            and all(isinstance(c, str) and types.get(c) in ("integer", "number", "year") for c in group)
        ):
            raise DataError(
                f"{where}: {ORDERED!r} must be a list of column lists, each naming two or more "
                f"numeric columns from low to high, e.g. [['ci_low', 'rate_ratio', 'ci_high']]; got {group!r}."
            )


def list_tables(data_dir: Path | None = None) -> list[str]:
    """Names of the tables described in ``datapackage.json``, in file order."""
    return [r["name"] for r in _descriptor(Path(data_dir or DATA_DIR))["resources"]]


def describe_table(name: str, data_dir: Path | None = None) -> dict:
    """The descriptor of one table: title, description, sources, schema.

    Raises
    ------
    DataError
        If no table of that name is described; the message lists the known ones.
    """
    data_dir = Path(data_dir or DATA_DIR)
    for resource in _descriptor(data_dir)["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(list_tables(data_dir))
    raise DataError(f"No table named {name!r} in datapackage.json. Known tables: {known}.")


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, as stored in a resource's ``hash`` field."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _check_file(resource: dict, data_dir: Path) -> Path:
    path = data_dir / resource["path"]
    if not path.is_file():
        raise DataError(
            f"Table {resource['name']!r} expects the file {resource['path']} in "
            f"{data_dir}, but it is missing. Restore it with "
            f"`git checkout data/{resource['path']}`."
        )
    expected = resource.get("hash", "").removeprefix("sha256:")
    if expected and sha256(path) != expected:
        raise DataError(
            f"{resource['path']}: checksum mismatch (the file changed since "
            "datapackage.json was written). If you edited the table on purpose, "
            "update its 'hash' with `python tools/update_hashes.py`; otherwise "
            f"restore it with `git checkout data/{resource['path']}`."
        )
    return path


def _read_rows(path: Path) -> list[list[str]]:
    """The file's rows as text cells, with the common spreadsheet slips explained."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(
            f"{path.name} starts with a byte-order mark (as Excel's 'CSV UTF-8' writes). "
            "Save it as plain UTF-8 CSV without BOM, or remove the first three bytes."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{path.name} line {line}: not UTF-8 text (byte {raw[exc.start]:#x}); save it as UTF-8."
        ) from exc
    rows = list(csv.reader(text.splitlines()))
    while rows and not rows[-1]:  # blank lines at the end are harmless
        rows.pop()
    return rows


def _check_header(resource: dict, header: list[str], filename: str) -> None:
    expected = [f["name"] for f in resource["schema"]["fields"]]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {missing}")
        if extra:
            parts.append(f"unexpected column(s) {extra}")
        raise DataError(
            f"{filename}: {' and '.join(parts)}. Expected exactly these columns, in this order: {expected}."
        )
    if header != expected:
        raise DataError(f"{filename}: columns are in the order {header}; expected {expected}.")


def validate_file(resource: dict, path: str | Path) -> list[list[str]]:
    """Check a CSV file against a Table Schema resource; return its data rows.

    Checks, in order: readable UTF-8 without BOM, the header (names and order),
    at least one row, then every cell (types, required, unique, enum,
    minimum/maximum, pattern), the ``primaryKey`` (one or several columns:
    each combination at most once) and the columns listed under the custom
    schema property ``x-seedsoil-ordered`` (e.g. ``ci_low <= rate_ratio <=
    ci_high``; a row with an empty cell in the group is skipped). Used by
    :func:`load_table` and by loaders of tables kept outside ``data/`` (e.g.
    the GBSG2 cohort).

    Parameters
    ----------
    resource : dict
        One resource of a Data Package, e.g. ``describe_table("stage_survival")``.
    path : str or Path
        The CSV file to check.

    Raises
    ------
    TypeError
        If ``resource`` is not a dict or ``path`` not a path.
    DataError
        Naming the file, line, column, value found and what was expected.
    """
    if not isinstance(resource, dict):
        hint = f" To load a course table by name, use load_table({resource!r})." if isinstance(resource, str) else ""
        raise TypeError(
            "validate_file(resource=...) must be a resource description (a dict with 'name', 'path' and "
            f"'schema'), e.g. describe_table('stage_survival'); got {type(resource).__name__} {resource!r}.{hint}"
        )
    _check_resource(resource, "validate_file(resource=...)")
    if not isinstance(path, str | Path):
        raise TypeError(f"validate_file(path=...) must be a file path (str or Path); got {type(path).__name__}.")
    path = Path(path)
    if not path.is_file():
        raise DataError(f"validate_file: no file {path} to check against {resource['name']!r}.")
    rows = _read_rows(path)
    if not rows:
        raise DataError(f"{path.name} is empty; expected a header line and at least one row.")
    _check_header(resource, rows[0], path.name)
    if len(rows) == 1:
        raise DataError(f"{path.name} has a header but no rows; a course table needs at least one row.")
    _validate_rows(resource, rows[1:], path.name)
    return rows[1:]


def _validate_rows(resource: dict, rows: list[list[str]], filename: str) -> None:
    # A lean check of the Table Schema subset the course uses. Frictionless
    # validates the same package in the test suite and in tools/update_hashes.py;
    # at run time it costs ~1.5 s per kernel (its metadata validation compiles
    # grammars), so lessons use this instead. tests/test_data.py checks that
    # both flag the same cells.
    fields = resource["schema"]["fields"]
    index = {f["name"]: i for i, f in enumerate(fields)}
    problems = []
    seen: dict[str, dict[str, int]] = {f["name"]: {} for f in fields}
    key = _primary_key(resource)
    # A one-column key whose field is declared unique is already checked cell by cell.
    check_key = len(key) > 1 or (key and not fields[index[key[0]]].get("constraints", {}).get("unique"))
    seen_keys: dict[tuple, int] = {}
    ordered = resource["schema"].get(ORDERED, [])
    for line, row in enumerate(rows, start=2):
        if len(row) != len(fields):
            what = "a blank line" if not row else f"{len(row)} cells"
            problems.append(f"  line {line}: {what}; expected {len(fields)} cells")
            continue
        bad_cells = set()
        for field, cell in zip(fields, row, strict=True):
            problem = _cell_problem(field, cell)
            if not problem and cell and field.get("constraints", {}).get("unique"):
                if cell in seen[field["name"]]:
                    problem = f"duplicate of line {seen[field['name']][cell]}"
                seen[field["name"]][cell] = line
            if problem:
                bad_cells.add(field["name"])
                problems.append(
                    f"  line {line}, column {field['name']!r}: got {cell!r}; expected "
                    f"{_expected_text(resource, field['name'])} ({problem})"
                )
        if check_key and not bad_cells & set(key):
            value = tuple(_parse(fields[index[k]], row[index[k]]) for k in key)
            if value in seen_keys:
                problems.append(
                    f"  line {line}, key columns {list(key)}: got {[row[index[k]] for k in key]}, the same as "
                    f"line {seen_keys[value]}; expected each combination of {', '.join(key)} only once "
                    "(the table's primaryKey). Remove the duplicate row or correct its key."
                )
            else:
                seen_keys[value] = line
        for group in ordered:
            cells = [row[index[c]] for c in group]
            if bad_cells & set(group) or "" in cells:
                continue
            values = [_parse(fields[index[c]], cell) for c, cell in zip(group, cells, strict=True)]
            for (a, x), (b, y) in pairwise(zip(group, values, strict=True)):
                if x > y:
                    problems.append(
                        f"  line {line}, columns {group}: got {cells}; expected "
                        f"{' <= '.join(group)} ({a} {_show(x)} > {b} {_show(y)}; swapped or mistyped?)"
                    )
                    break
    if problems:
        more = f"\n  ... and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise DataError(f"{filename} does not match its schema:\n" + "\n".join(problems[:5]) + more)


def _primary_key(resource: dict) -> tuple[str, ...]:
    key = resource["schema"].get("primaryKey", [])
    return (key,) if isinstance(key, str) else tuple(key) if isinstance(key, list) else (key,)


def _show(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# Plain decimal or scientific notation: no underscores, spaces, "inf" or "nan",
# which Python's float() would otherwise accept.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")


def _parse(field: dict, cell: str):
    kind = field["type"]
    if kind in ("integer", "year"):
        if not _INTEGER.fullmatch(cell):
            raise ValueError
        return int(cell)
    if kind == "number":
        if not _NUMBER.fullmatch(cell):
            raise ValueError
        return float(cell)
    if kind == "boolean":
        if cell not in ("true", "false"):
            raise ValueError
        return cell == "true"
    if kind == "date":
        return datetime.date.fromisoformat(cell)
    return cell


def _cell_problem(field: dict, cell: str) -> str | None:
    constraints = field.get("constraints", {})
    if cell == "":
        return "required" if constraints.get("required") else None
    try:
        value = _parse(field, cell)
    except ValueError:
        return f"not a {field['type']}"
    if "enum" in constraints and value not in constraints["enum"]:
        return "not an allowed value"
    if "minimum" in constraints and value < constraints["minimum"]:
        return "below the minimum"
    if "maximum" in constraints and value > constraints["maximum"]:
        return "above the maximum"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], cell):
        return f"does not match the pattern {constraints['pattern']}"
    return None


def _expected_text(resource: dict, field_name: str | None) -> str:
    for field in resource["schema"]["fields"]:
        if field["name"] == field_name:
            text = f"type {field['type']}"
            constraints = field.get("constraints", {})
            if "enum" in constraints:
                text += f" in {constraints['enum']}"
            if "minimum" in constraints or "maximum" in constraints:
                lo = constraints.get("minimum", "-inf")
                hi = constraints.get("maximum", "inf")
                text += f" within [{lo}, {hi}]"
            if field.get("unit"):
                text += f" [{field['unit']}]"
            if constraints.get("required"):
                text += ", not empty"
            return text
    return "a row that matches the schema"


def _check_sources(name: str, frame: pd.DataFrame, data_dir: Path) -> None:
    if "source" not in frame.columns or name == "references":
        return
    keys = set(load_table("references", data_dir=data_dir)["key"])
    for line, value in zip(range(2, len(frame) + 2), frame["source"], strict=True):
        if value not in keys:
            raise DataError(
                f"{name}.csv line {line}, column 'source': {value!r} is not a key of "
                "references.csv. Add the reference there (citation and DOI or "
                "address) or correct the key."
            )


def _to_pandas(resource: dict, rows: list[list[str]]) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    columns = {}
    for index, field in enumerate(fields):
        cells = [row[index] for row in rows]
        kind = field.get("type", "string")
        values = [None if cell == "" else _parse(field, cell) for cell in cells]
        if kind == "date":
            columns[field["name"]] = pd.to_datetime(pd.Series(values, dtype="object"))
        else:
            columns[field["name"]] = pd.array(values, dtype=_PANDAS_TYPES[kind])
    return pd.DataFrame(columns)


@cache
def _load_cached(name: str, data_dir: Path, digests: tuple[str, ...]) -> pd.DataFrame:
    resource = describe_table(name, data_dir)
    path = _check_file(resource, data_dir)
    frame = _to_pandas(resource, validate_file(resource, path))
    _check_sources(name, frame, data_dir)
    return frame


def load_table(name: str, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load one course table as a typed DataFrame, after validating it.

    Parameters
    ----------
    name : str
        Table name as listed in ``data/datapackage.json`` (see :func:`list_tables`).
    data_dir : path, optional
        Folder holding ``datapackage.json`` and the CSV files; defaults to the
        course's ``data/`` folder.

    Returns
    -------
    pandas.DataFrame
        Integers as ``Int64``, numbers as ``float64``, text as ``string``.
        A fresh copy each call, so a notebook may change it freely.

    Raises
    ------
    DataError
        Naming the file, line, column, value found and what was expected, when
        the file is missing, its checksum differs, a column is missing or extra,
        a value has the wrong type or breaks a constraint, two rows share a
        primary key, columns declared ordered (``x-seedsoil-ordered``, e.g.
        ``ci_low <= rate_ratio <= ci_high``) are out of order, or a ``source``
        key is not in the references table.
    TypeError
        If ``name`` is not text or ``data_dir`` not a path.
    """
    if not isinstance(name, str):
        raise TypeError(f"load_table(name=...) must be a table name (text) such as 'stage_survival'; got {name!r}.")
    data_dir = Path(_data_dir(data_dir, "load_table")).resolve()
    resource = describe_table(name, data_dir)
    path = _check_file(resource, data_dir)
    # Digests of the table, its description and the references in the cache key:
    # an edited file, schema or reference list is re-validated, never served stale.
    digests = (sha256(path), sha256(data_dir / DESCRIPTOR))
    if name != "references":
        digests += (sha256(_check_file(describe_table("references", data_dir), data_dir)),)
    return _load_cached(name, data_dir, digests).copy()


def _data_dir(data_dir, function: str) -> Path:
    if data_dir is None:
        return DATA_DIR
    if not isinstance(data_dir, str | Path):
        raise TypeError(
            f"{function}(data_dir=...) must be a folder path (str or Path) or None for the course's data/; "
            f"got {type(data_dir).__name__} {data_dir!r}."
        )
    return Path(data_dir)


def cite(key: str, *, data_dir: str | Path | None = None) -> str:
    """A one-line citation for a references key, with its DOI or address.

    >>> cite("paget1889")[:9]
    'Paget S. '
    """
    if not isinstance(key, str):
        raise TypeError(f"cite(key=...) must be one references key (text) such as 'paget1889'; got {key!r}.")
    refs = load_table("references", data_dir=data_dir).set_index("key")
    if key not in refs.index:
        raise DataError(f"No reference with key {key!r} in references.csv.")
    row = refs.loc[key]
    link = f"doi:{row['doi']}" if pd.notna(row["doi"]) else row["url"]
    return f"{row['citation']} {link}" if pd.notna(link) else str(row["citation"])
