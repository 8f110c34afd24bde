"""A real breast-cancer cohort, loaded offline and checked before use.

The German Breast Cancer Study Group 2 (GBSG2) trial [1]_ data — 686
node-positive women, recurrence-free survival — ship with the lifelines
package [2]_ as ``lifelines/datasets/gbsg2.csv``. The course does not copy the
file: :func:`load_gbsg2` reads lifelines' copy, checks it is the exact file the
course was written against (SHA-256), validates every row against the schema
in ``data/gbsg2.resource.json`` with Frictionless, and returns typed columns.

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

import pandas as pd

from seedsoil.data import DATA_DIR, DataError, sha256

__all__ = [
    "DAYS_PER_YEAR",
    "DESCRIPTOR",
    "cox_design",
    "describe_gbsg2",
    "gbsg2_path",
    "load_gbsg2",
]

DESCRIPTOR = DATA_DIR / "gbsg2.resource.json"
DAYS_PER_YEAR = (
    365.25  # Julian year: the average calendar year, leap years included [days]
)


def describe_gbsg2(descriptor: str | Path | None = None) -> dict:
    """The Frictionless descriptor of the GBSG2 table (schema, units, sources)."""
    path = Path(descriptor or DESCRIPTOR)
    if not path.is_file():
        raise DataError(
            f"No description of the GBSG2 table at {path.name}; restore it with "
            "`git checkout data/gbsg2.resource.json`."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def gbsg2_path() -> Path:
    """Where the installed lifelines package keeps ``gbsg2.csv``."""
    try:
        path = Path(str(resources.files("lifelines") / "datasets" / "gbsg2.csv"))
    except ModuleNotFoundError as exc:
        raise DataError(
            "The GBSG2 data come with the lifelines package, which is not installed. "
            "Install the course's pinned versions: `pip install -r requirements.txt`."
        ) from exc
    if not path.is_file():
        raise DataError(
            f"lifelines is installed but has no datasets/{path.name}; "
            "reinstall the pinned version from requirements.txt."
        )
    return path


def _check_rows(resource: dict, path: Path) -> None:
    from frictionless import Resource

    view = {
        "name": resource["name"],
        "path": path.name,
        "format": "csv",
        "encoding": "utf-8",
        "schema": resource["schema"],
    }
    report = Resource(view, basepath=str(path.parent)).validate()
    if report.valid:
        return
    errors = [e for task in report.tasks for e in task.errors] or report.errors
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    lines = []
    for error in errors[:5]:
        row, name = (
            getattr(error, "row_number", None),
            getattr(error, "field_name", None),
        )
        where = f"line {row}" if row else "header"
        where += f", column {name!r}" if name else ""
        cell = getattr(error, "cell", None)
        got = f" got {cell!r};" if cell is not None else ""
        expected = _expected(fields.get(name)) if name else "the schema"
        lines.append(
            f"  {where}:{got} expected {expected} ({error.note or error.type})"
        )
    more = f"\n  ... and {len(errors) - 5} more" if len(errors) > 5 else ""
    raise DataError(
        f"{path.name} does not match data/gbsg2.resource.json:\n"
        + "\n".join(lines)
        + more
    )


def _expected(field: dict | None) -> str:
    if field is None:
        return "a column named in the schema"
    c = field.get("constraints", {})
    text = f"type {field['type']}"
    if "enum" in c:
        text += f" in {c['enum']}"
    if "minimum" in c or "maximum" in c:
        text += f" within [{c.get('minimum', '-inf')}, {c.get('maximum', 'inf')}]"
    return text + (f" [{field['unit']}]" if field.get("unit") else "")


def _check_header(resource: dict, path: Path) -> None:
    expected = [f["name"] for f in resource["schema"]["fields"]]
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    if header != expected:
        raise DataError(
            f"{path.name}: columns are {header}; expected exactly {expected}. "
            f"missing: {sorted(set(expected) - set(header))}, "
            f"unexpected: {sorted(set(header) - set(expected))}."
        )


def _to_frame(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(
        path, dtype={"horTh": "string", "menostat": "string", "tgrade": "string"}
    )
    frame["horTh"] = pd.Categorical(frame["horTh"], categories=["no", "yes"])
    frame["menostat"] = pd.Categorical(frame["menostat"], categories=["Pre", "Post"])
    frame["tgrade"] = pd.Categorical(
        frame["tgrade"], categories=["I", "II", "III"], ordered=True
    )
    return frame


def load_gbsg2(
    path: str | Path | None = None, *, descriptor: str | Path | None = None
) -> pd.DataFrame:
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
    resource = describe_gbsg2(descriptor)
    path = Path(path) if path is not None else gbsg2_path()
    if not path.is_file():
        raise DataError(f"No file {path.name} to load as the GBSG2 cohort.")
    _check_header(resource, path)
    _check_rows(resource, path)
    frame = _to_frame(path)
    if len(frame) != resource["rows"]:
        raise DataError(
            f"{path.name} has {len(frame)} patients; the GBSG2 cohort has "
            f"{resource['rows']}. "
            "Rows were added or lost; use lifelines' unmodified file."
        )
    if sha256(path) != resource["hash"].removeprefix("sha256:"):
        raise DataError(
            f"{path.name} passes the schema but is not the file the course was written "
            f"against (SHA-256 differs from {DESCRIPTOR.name}). Install lifelines "
            f"{resource['provenance']['package_version']} from requirements.txt."
        )
    return frame


def cox_design(cohort: pd.DataFrame) -> pd.DataFrame:
    """Numeric covariates for a Cox model, plus ``time`` and ``cens``.

    ``horTh`` becomes 1 for hormonal therapy, ``menostat`` 1 for
    postmenopausal, and tumour grade two indicator columns (grade II, grade
    III) against grade I. Continuous covariates keep their units, so each
    hazard ratio is *per unit*: per year of age, per mm, per node, per fmol.
    """
    needed = [
        "horTh",
        "age",
        "menostat",
        "tsize",
        "tgrade",
        "pnodes",
        "progrec",
        "estrec",
        "time",
        "cens",
    ]
    missing = [c for c in needed if c not in cohort.columns]
    if missing:
        raise ValueError(
            f"cox_design needs the GBSG2 columns {missing}; "
            "load the cohort with load_gbsg2()."
        )
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
