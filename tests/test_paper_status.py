"""seedsoil.paper_status on metadata records CONSTRUCTED for these tests (nothing here was downloaded).

The records follow the shape of a Crossref REST API work record (``update-to`` on a notice,
``updated-by`` on the updated paper); their DOIs and dates are those of the 2015 paper and its
2023 retraction notice as recorded in data/references.csv, typed here by hand.
"""

import json

import pytest

from seedsoil.paper_status import read_status

PAPER, NOTICE = "10.1038/nature14492", "10.1038/s41586-023-06048-x"

# CONSTRUCTED: a notice record in Crossref's shape, wrapped as the REST API wraps it.
CONSTRUCTED_NOTICE = {
    "status": "ok",
    "message": {
        "DOI": NOTICE,
        "type": "journal-article",
        "update-to": [{"DOI": PAPER, "type": "retraction", "updated": {"date-parts": [[2023, 4, 17]]}}],
    },
}
# CONSTRUCTED: the paper's own record, carrying the reverse link.
CONSTRUCTED_PAPER = {
    "DOI": PAPER.upper(),
    "updated-by": [{"DOI": NOTICE, "type": "retraction", "updated": {"date-parts": [[2023, 4, 17]]}}],
    "relation": {"has-review": []},
}


def test_a_notice_record_says_what_it_retracts():
    status = read_status(CONSTRUCTED_NOTICE)
    assert status.doi == NOTICE and status.retracted and status.serious
    assert [(u.doi, u.kind, u.date, u.direction) for u in status.updates] == [
        (PAPER, "retraction", "2023-04-17", "updates")
    ]
    assert status.summary() == f"{NOTICE} is a retraction notice for {PAPER} (2023-04-17)."


def test_the_papers_record_with_the_reverse_link_and_json_text():
    status = read_status(json.dumps(CONSTRUCTED_PAPER))
    assert status.doi == PAPER  # DOIs compared in lower case
    assert status.retracted and status.updates[0].direction == "updated by"
    assert status.relations == ("has-review",)
    assert "has a retraction: notice" in status.summary()


def test_a_correction_is_not_a_retraction():
    record = {
        "DOI": "10.1/x",
        "update-to": [{"DOI": "10.1/y", "type": "correction", "updated": {"date-parts": [[2016, 1]]}}],
    }
    status = read_status(record)
    assert not status.retracted and not status.serious
    assert status.updates[0].date == "2016-01"


def test_silence_is_not_a_clean_bill_of_health():
    status = read_status({"DOI": "10.1/clean"})
    assert status.updates == () and not status.retracted
    assert "Retraction Watch" in status.summary()


@pytest.mark.parametrize(
    ("record", "error", "message"),
    [
        (42, TypeError, "dict or JSON text"),
        ("{not json", ValueError, "not JSON"),
        ({"title": ["no doi"]}, ValueError, "no 'DOI'"),
        ({"DOI": "10.1/x", "update-to": {"DOI": "10.1/y"}}, ValueError, "must be a list"),
        ({"DOI": "10.1/x", "update-to": [{"DOI": "10.1/y"}]}, ValueError, "needs a 'DOI' and a 'type'"),
    ],
)
def test_bad_records_are_refused_with_a_message(record, error, message):
    with pytest.raises(error, match=message):
        read_status(record)
