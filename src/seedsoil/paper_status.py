"""Does a paper's metadata record say it was retracted or updated? (lesson 09)

Crossref, which registers most journal DOIs, serves a JSON record for each
work (its REST API wraps it as ``{"status": "ok", "message": {...}}``). A
retraction or correction is registered as a *notice* with its own DOI; the
notice's record lists the works it updates under ``update-to``, each entry
with the updated DOI, a ``type`` such as ``"retraction"`` or ``"correction"``
and an ``updated`` date. Some records of the updated work are described as
carrying the reverse link, under ``updated-by`` (a field name the course saw
only in third-party tools' descriptions, not in Crossref's own documentation;
both are read). Other links between works sit under ``relation``.

:func:`read_status` reads one record (a dict or its JSON text) and reports
what it carries. It never goes online: give it a record you saved yourself.
Publishers fill these fields unevenly, so a record *without* them proves
nothing; that is why lesson 09's method also checks the journal page,
PubMed and the Retraction Watch database.

>>> notice = {"DOI": "10.1/notice", "update-to": [
...     {"DOI": "10.1/paper", "type": "retraction", "updated": {"date-parts": [[2023, 4, 17]]}}]}
>>> read_status(notice).summary()
'10.1/notice is a retraction notice for 10.1/paper (2023-04-17).'
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from seedsoil._validation import require

__all__ = ["PaperStatus", "Update", "read_status"]

_SERIOUS = ("retraction", "withdrawal", "removal", "expression_of_concern")


@dataclass(frozen=True)
class Update:
    """One update link: which work, what kind (retraction, correction, ...), when, and which way it points."""

    doi: str
    kind: str
    date: str
    direction: str  # "updates" (this record is the notice) or "updated by" (this record is the paper)


@dataclass(frozen=True)
class PaperStatus:
    """What one metadata record says about updates to a work."""

    doi: str
    updates: tuple[Update, ...]
    relations: tuple[str, ...]

    @property
    def retracted(self) -> bool:
        """True if the record links this work to a retraction (either direction)."""
        return any(u.kind == "retraction" for u in self.updates)

    @property
    def serious(self) -> bool:
        """True for a retraction, withdrawal, removal or expression of concern."""
        return any(u.kind in _SERIOUS for u in self.updates)

    def summary(self) -> str:
        """One sentence per update link, or a reminder that silence proves nothing."""
        if not self.updates:
            return f"{self.doi}: no update recorded here (check the journal page, PubMed and Retraction Watch too)."
        lines = []
        for u in self.updates:
            kind = u.kind.replace("_", " ")
            if u.direction == "updates":
                lines.append(f"{self.doi} is a {kind} notice for {u.doi} ({u.date}).")
            else:
                lines.append(f"{self.doi} has a {kind}: notice {u.doi} ({u.date}).")
        return " ".join(lines)


def _date(entry: dict) -> str:
    parts = entry.get("updated", {}).get("date-parts", [[]])
    parts = parts[0] if parts else []
    return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts)) or "date not given"


def _entries(message: dict, field: str, direction: str) -> list[Update]:
    entries = message.get(field, [])
    require(
        isinstance(entries, list), f"record[{field!r}] must be a list of update entries; got {type(entries).__name__}."
    )
    found = []
    for i, entry in enumerate(entries):
        require(
            isinstance(entry, dict) and "DOI" in entry and "type" in entry,
            f"record[{field!r}][{i}] needs a 'DOI' and a 'type' (e.g. 'retraction'); got {entry!r:.80}.",
        )
        found.append(Update(entry["DOI"].lower(), str(entry["type"]).lower(), _date(entry), direction))
    return found


def read_status(record) -> PaperStatus:
    """Read a Crossref-style record (dict or JSON text, bare or wrapped in ``message``) and report its updates.

    Raises
    ------
    TypeError
        If ``record`` is neither a dict nor JSON text.
    ValueError
        If it has no ``DOI`` or an update entry lacks its ``DOI`` or ``type``.
    """
    if isinstance(record, str):
        try:
            record = json.loads(record)
        except json.JSONDecodeError as err:
            raise ValueError(f"record is text but not JSON ({err.msg} at character {err.pos}).") from err
    require(isinstance(record, dict), f"record must be a dict or JSON text; got {type(record).__name__}.", TypeError)
    message = record.get("message", record)
    require(isinstance(message, dict) and "DOI" in message, "record has no 'DOI': is it a Crossref work record?")
    updates = _entries(message, "update-to", "updates") + _entries(message, "updated-by", "updated by")
    relations = tuple(sorted(message.get("relation", {})))
    return PaperStatus(message["DOI"].lower(), tuple(updates), relations)
