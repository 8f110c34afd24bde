"""A news story's claims as a ledger, and tracing each quoted number to the course's data (lesson 09).

The ledger (``data/claim_ledger.csv``) holds one row per checkable claim: who
made it, what kind of claim it is, the evidence in 2015, a verdict from a
fixed vocabulary and today's best figure. Where a claim carries a number, four
columns say where to find it in the course's other tables:

* ``trace_table`` — the table, e.g. ``us_counts``;
* ``trace_where`` — which rows, as ``column=value`` pairs joined by ``;``;
* ``trace_column`` — the column holding the number;
* ``trace_rule`` — ``equals`` (one row) or ``sum`` (several rows add up).

:func:`trace` follows them and returns the rows and the number they give, so
that a student (and a test) can check ``traced_value`` against its source.

>>> round(trace("L12").value)
234190
>>> trace("L12").rows["sex"].tolist()
['female', 'male']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from seedsoil._validation import require
from seedsoil.data import load_table

__all__ = ["CLAIM_TYPES", "VERDICTS", "Trace", "ledger", "parse_where", "trace"]

VERDICTS = ("supported", "outdated", "misattributed", "unsupported", "retracted", "opinion")
CLAIM_TYPES = ("causal claim", "advice", "animal-to-human inference", "statistic")


@dataclass(frozen=True)
class Trace:
    """Where a ledger row's number comes from: the source rows and the number they give."""

    claim: str
    table: str
    rows: pd.DataFrame
    column: str
    value: float


def ledger() -> pd.DataFrame:
    """The claim ledger, one row per claim, indexed by its id (L01, L02, ...)."""
    return load_table("claim_ledger").set_index("id")


def parse_where(where: str) -> dict[str, str]:
    """``"year=2015;sex=male"`` -> ``{"year": "2015", "sex": "male"}``.

    >>> parse_where("outcome=bone recurrence;population=all women")
    {'outcome': 'bone recurrence', 'population': 'all women'}
    """
    require(isinstance(where, str) and "=" in where, f"trace_where must be text like 'id=cox2015_85'; got {where!r}.")
    pairs = [part.split("=", 1) for part in where.split(";")]
    require(all(len(p) == 2 and p[0].strip() for p in pairs), f"trace_where {where!r}: each part must be column=value.")
    return {column.strip(): value.strip() for column, value in pairs}


def _select(frame: pd.DataFrame, table: str, where: dict[str, str]) -> pd.DataFrame:
    missing = [c for c in where if c not in frame.columns]
    require(not missing, f"trace_where names column(s) {missing} that table {table!r} lacks ({list(frame.columns)}).")
    keep = pd.Series(True, index=frame.index)
    for column, value in where.items():
        keep &= frame[column].astype(str) == value  # compare as text: years and ids alike
    return frame[keep]


def trace(claim_id: str, claims: pd.DataFrame | None = None) -> Trace:
    """Follow a ledger row's trace columns to the course rows its number comes from.

    Parameters
    ----------
    claim_id : str
        A ledger id such as ``"L12"``.
    claims : DataFrame, optional
        The ledger (default: :func:`ledger`), for tests on an edited copy.

    Raises
    ------
    ValueError
        If the claim is not traced, or its rows are missing or ambiguous.
    """
    claims = ledger() if claims is None else claims
    require(claim_id in claims.index, f"No claim {claim_id!r} in the ledger; ids are {list(claims.index)[:5]}...")
    row = claims.loc[claim_id]
    require(isinstance(row["trace_table"], str), f"Claim {claim_id} carries no traced number (trace_table is empty).")
    rows = _select(load_table(row["trace_table"]), row["trace_table"], parse_where(row["trace_where"]))
    rule = row["trace_rule"]
    require(len(rows) >= 1, f"Claim {claim_id}: no row of {row['trace_table']} matches {row['trace_where']!r}.")
    require(
        rule == "sum" or len(rows) == 1,
        f"Claim {claim_id}: {len(rows)} rows match {row['trace_where']!r}; rule 'equals' needs exactly one.",
    )
    value = float(rows[row["trace_column"]].sum())
    return Trace(claim_id, row["trace_table"], rows, row["trace_column"], value)
