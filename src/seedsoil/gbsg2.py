"""A real breast-cancer cohort, loaded offline and checked before use.

The German Breast Cancer Study Group 2 (GBSG2) trial [1]_ data — 686
node-positive women, recurrence-free survival — ship with the lifelines
package [2]_ as ``lifelines/datasets/gbsg2.csv``. The course does not copy the
file: :func:`load_gbsg2` reads lifelines' copy, checks it is the exact file the
course was written against (SHA-256), validates every row against the schema
in ``data/gbsg2.resource.json`` (the course's lean Table Schema checks;
the tests also run Frictionless on it), and returns typed columns.

References
----------
.. [1] Schumacher M, et al. Randomized 2 x 2 trial evaluating hormonal
   treatment and the duration of chemotherapy in node-positive breast cancer
   patients. J Clin Oncol 1994;12:2086-2093. doi:10.1200/JCO.1994.12.10.2086
.. [2] Davidson-Pilon C. lifelines: survival analysis in Python. J Open Source
   Softw 2019;4:1317. doi:10.21105/joss.01317

Examples
--------
>>> cohort = load_gbsg2()
>>> cohort.shape
(686, 10)
>>> int(cohort["cens"].sum())
299
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from seedsoil._validation import require
from seedsoil.data import DATA_DIR, DataError, sha256, validate_file

__all__ = [
    "DAYS_PER_YEAR",
    "DESCRIPTOR",
    "cox_design",
    "describe_gbsg2",
    "gbsg2_path",
    "load_gbsg2",
]

DESCRIPTOR = DATA_DIR / "gbsg2.resource.json"
DAYS_PER_YEAR = 365.25  # Julian year: the average calendar year, leap years included [days]


def describe_gbsg2(descriptor: str | Path | None = None) -> dict:
    """The Frictionless descriptor of the GBSG2 table (schema, units, sources)."""
    require(
        descriptor is None or isinstance(descriptor, str | Path),
        f"descriptor must be a path to a resource JSON file; got {type(descriptor).__name__}.",
        TypeError,
    )
    path = Path(descriptor or DESCRIPTOR)
    require(
        path.is_file(),
        f"No description of the GBSG2 table at {path.name}; restore it with `git checkout data/gbsg2.resource.json`.",
        DataError,
    )
    try:
        resource = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}.") from exc
    needed = ("name", "path", "schema", "rows", "hash")
    missing = [k for k in needed if not isinstance(resource, dict) or k not in resource]
    require(
        not missing,
        f"{path.name} lacks {missing}; a GBSG2 resource description needs name, path, schema, rows and hash. "
        "Restore it with `git checkout data/gbsg2.resource.json`.",
        DataError,
    )
    return resource


def gbsg2_path() -> Path:
    """Where the installed lifelines package keeps ``gbsg2.csv``."""
    try:
        path = Path(str(resources.files("lifelines") / "datasets" / "gbsg2.csv"))
    except ModuleNotFoundError as exc:
        raise DataError(
            "The GBSG2 data come with the lifelines package, which is not installed. "
            "Install the course's pinned versions: `pip install -r requirements.txt`."
        ) from exc
    require(
        path.is_file(),
        f"lifelines is installed but has no datasets/{path.name}; reinstall the pinned version from requirements.txt.",
        DataError,
    )
    return path


def _to_frame(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"horTh": "string", "menostat": "string", "tgrade": "string"})
    frame["horTh"] = pd.Categorical(frame["horTh"], categories=["no", "yes"])
    frame["menostat"] = pd.Categorical(frame["menostat"], categories=["Pre", "Post"])
    frame["tgrade"] = pd.Categorical(frame["tgrade"], categories=["I", "II", "III"], ordered=True)
    return frame


def load_gbsg2(path: str | Path | None = None, *, descriptor: str | Path | None = None) -> pd.DataFrame:
    """Load the GBSG2 cohort (686 women × 10 columns) after validating it.

    Parameters
    ----------
    path : path, optional
        A CSV to read instead of lifelines' copy (used by the tests to prove
        that a corrupted file is refused).
    descriptor : path, optional
        The resource descriptor; defaults to ``data/gbsg2.resource.json``.

    Returns
    -------
    pandas.DataFrame
        ``horTh`` (no/yes), ``menostat`` (Pre/Post) and ``tgrade`` (I < II < III)
        as categoricals; ``age`` [years], ``tsize`` [mm], ``pnodes`` [nodes],
        ``progrec`` and ``estrec`` [fmol], ``time`` [days] as int64; ``cens``
        as int64 coded 1 = event, 0 = censored.

    Raises
    ------
    DataError
        Naming file, line, column, the value found and what was expected, if
        a column is missing, extra or out of order, a value breaks the schema
        (type, range, allowed values), the number of rows differs, or the file
        is not byte-for-byte the one the course was written against.
    """
    require(
        path is None or isinstance(path, str | Path),
        f"load_gbsg2(path=...) must be a CSV file path or None; got {type(path).__name__} {path!r}.",
        TypeError,
    )
    resource = describe_gbsg2(descriptor)
    path = Path(path) if path is not None else gbsg2_path()
    require(path.is_file(), f"No file {path.name} to load as the GBSG2 cohort.", DataError)
    validate_file(resource, path)
    frame = _to_frame(path)
    require(
        len(frame) == resource["rows"],
        f"{path.name} has {len(frame)} patients; the GBSG2 cohort has {resource['rows']}. "
        "Rows were added or lost; use lifelines' unmodified file.",
        DataError,
    )
    version = resource.get("provenance", {}).get("package_version", "the version")
    require(
        sha256(path) == resource["hash"].removeprefix("sha256:"),
        f"{path.name} passes the schema but is not the file the course was written against "
        f"(SHA-256 differs from {DESCRIPTOR.name}). Install lifelines {version} from requirements.txt.",
        DataError,
    )
    return frame


# The category codes of the GBSG2 file; anything else would silently become the reference group.
_CATEGORIES = {"horTh": ("no", "yes"), "menostat": ("Pre", "Post"), "tgrade": ("I", "II", "III")}
# The columns cox_design reads, in the file's order.
_COLUMNS = ("horTh", "age", "menostat", "tsize", "tgrade", "pnodes", "progrec", "estrec", "time", "cens")


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _check_cohort(cohort) -> None:
    """Refuse a cohort that cox_design would code wrongly: wrong type, missing columns, unknown codes, bad numbers."""
    require(
        isinstance(cohort, pd.DataFrame),
        f"cox_design(cohort=...) must be the DataFrame from load_gbsg2(); got {type(cohort).__name__}.",
        TypeError,
    )
    missing = [c for c in _COLUMNS if c not in cohort.columns]
    require(not missing, f"cox_design needs the GBSG2 columns {missing}; load the cohort with load_gbsg2().")
    for column, allowed in _CATEGORIES.items():
        unknown = sorted({str(v) for v in cohort[column].astype("object") if v not in allowed})
        require(
            not unknown,
            f"cox_design: column {column!r} has value(s) {unknown[:5]}; expected only {list(allowed)} "
            "(exact spelling, as load_gbsg2() gives them). Recode the column first, or it would be "
            "coded as the reference group without warning.",
        )
    for column in (c for c in _COLUMNS if c not in _CATEGORIES):
        values = pd.to_numeric(cohort[column], errors="coerce").astype(float)
        _no_bad_row(
            cohort, column, ~np.isfinite(values), "a number (no missing values). Drop or fill incomplete rows first"
        )
        if column == "cens":
            _no_bad_row(cohort, column, ~values.isin((0, 1)), "1 (event) or 0 (censored)")
        else:
            _no_bad_row(cohort, column, values < 0, "a value >= 0")


def _no_bad_row(cohort: pd.DataFrame, column: str, bad: pd.Series, expected: str) -> None:
    """Name the first row where ``bad`` holds: its label, the value found and what was expected."""
    if bad.any():
        row = bad.idxmax()
        raise ValueError(
            f"cox_design: column {column!r}, row {row} is {_show(cohort[column].loc[row])}; expected {expected}."
        )


def cox_design(cohort: pd.DataFrame) -> pd.DataFrame:
    """Numeric covariates for a Cox model, plus ``time`` and ``cens``.

    ``horTh`` becomes 1 for hormonal therapy, ``menostat`` 1 for
    postmenopausal, and tumour grade two indicator columns (grade II, grade
    III) against grade I. Continuous covariates keep their units, so each
    hazard ratio is *per unit*: per year of age, per mm, per node, per fmol.

    Raises
    ------
    ValueError
        Naming the column, the row and the value, if a column is missing, a
        category is not one of the GBSG2 codes (``horTh`` no/yes, ``menostat``
        Pre/Post, ``tgrade`` I/II/III), a number is missing or negative, or
        ``cens`` is not 0/1.
    """
    _check_cohort(cohort)
    return pd.DataFrame(
        {
            "hormonal_therapy": (cohort["horTh"] == "yes").astype(float),
            "age": cohort["age"].astype(float),
            "postmenopausal": (cohort["menostat"] == "Post").astype(float),
            "tumour_size": cohort["tsize"].astype(float),
            "grade_II": (cohort["tgrade"] == "II").astype(float),
            "grade_III": (cohort["tgrade"] == "III").astype(float),
            "positive_nodes": cohort["pnodes"].astype(float),
            "progesterone_receptor": cohort["progrec"].astype(float),
            "oestrogen_receptor": cohort["estrec"].astype(float),
            "time": cohort["time"].astype(float),
            "cens": cohort["cens"].astype(int),
        }
    )
