"""The GBSG2 cohort: read from lifelines, validated against data/gbsg2.resource.json.

The cohort is described in its own Frictionless resource descriptor rather than in
data/datapackage.json, because the shared data tests expect every resource there to
be a CSV file inside data/ with source/evidence columns; GBSG2 is neither copied into
data/ nor a table of facts. These tests give it the same guarantees.
"""

import json

import pandas as pd
import pytest
from frictionless import Resource, Schema

from seedsoil.data import DataError, load_table
from seedsoil.gbsg2 import (
    DESCRIPTOR,
    cox_design,
    describe_gbsg2,
    gbsg2_path,
    load_gbsg2,
)

COLUMNS = [
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


def test_descriptor_is_a_valid_frictionless_resource():
    descriptor = describe_gbsg2()
    Schema.from_descriptor(descriptor["schema"])  # raises if the schema is malformed
    resource = Resource(dict(descriptor, path=gbsg2_path().name), basepath=str(gbsg2_path().parent))
    assert resource.schema.field_names == COLUMNS


def test_descriptor_fields_have_descriptions_units_and_cited_sources():
    descriptor = describe_gbsg2()
    assert descriptor["title"] and descriptor["description"]
    for field in descriptor["schema"]["fields"]:
        assert field.get("description"), field["name"]
        if field["type"] == "integer" and field["name"] not in {"cens"}:
            assert field.get("unit"), f"{field['name']} has no unit"
    keys = set(load_table("references")["key"])
    assert {s["key"] for s in descriptor["sources"]} <= keys
    assert "schumacher1994" in {s["key"] for s in descriptor["sources"]}


def test_shape_columns_and_types():
    cohort = load_gbsg2()
    assert cohort.shape == (686, 10)
    assert list(cohort.columns) == COLUMNS
    assert cohort["tgrade"].cat.ordered and list(cohort["tgrade"].cat.categories) == [
        "I",
        "II",
        "III",
    ]
    assert all(pd.api.types.is_integer_dtype(cohort[c]) for c in ["age", "pnodes", "time", "cens"])


def test_event_coding_and_rate_by_counting():
    cohort = load_gbsg2()
    assert set(cohort["cens"]) == {0, 1}
    # Counted independently from the raw file: lines whose last field is "1".
    lines = gbsg2_path().read_text().splitlines()[1:]
    events = sum(line.rsplit(",", 1)[1].strip() == "1" for line in lines)
    assert events == 299 and len(lines) == 686
    assert cohort["cens"].mean() == pytest.approx(299 / 686) == pytest.approx(0.436, abs=5e-4)


def test_all_women_are_node_positive():
    assert load_gbsg2()["pnodes"].min() >= 1


def test_cox_design_codes_categories():
    design = cox_design(load_gbsg2())
    assert design["hormonal_therapy"].sum() == 246  # value_counts of horTh == "yes" in the raw file
    assert set(design["grade_II"] + design["grade_III"]) <= {0.0, 1.0}
    # Counted from the raw file (fields menostat and tgrade), not from the code under test.
    lines = [line.split(",") for line in gbsg2_path().read_text().splitlines()]
    header = [name.strip('"') for name in lines[0]]
    column = {name: [row[header.index(name)].strip('"') for row in lines[1:]] for name in ("menostat", "tgrade")}
    assert design["postmenopausal"].sum() == column["menostat"].count("Post") == 396
    assert design["grade_II"].sum() == column["tgrade"].count("II") == 444
    assert design["grade_III"].sum() == column["tgrade"].count("III") == 161
    with pytest.raises(ValueError, match="needs the GBSG2 columns"):
        cox_design(pd.DataFrame({"time": [1]}))


# --- corrupted copies --------------------------------------------------------


def _corrupt(tmp_path, edit):
    lines = gbsg2_path().read_text().splitlines()
    edit(lines)
    path = tmp_path / "gbsg2.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_bad_event_code_names_line_and_column(tmp_path):
    def edit(lines):
        lines[4] = lines[4].rsplit(",", 1)[0] + ",2"

    with pytest.raises(
        DataError,
        match=r"line 5, column 'cens': got '2'; expected type integer in \[0, 1\]",
    ):
        load_gbsg2(_corrupt(tmp_path, edit))


def test_text_in_numeric_column_names_value(tmp_path):
    def edit(lines):
        fields = lines[10].split(",")
        fields[1] = "old"
        lines[10] = ",".join(fields)

    with pytest.raises(DataError, match=r"line 11, column 'age': got 'old'; expected type integer"):
        load_gbsg2(_corrupt(tmp_path, edit))


def test_negative_time_names_range(tmp_path):
    def edit(lines):
        fields = lines[1].split(",")
        fields[8] = "-5"
        lines[1] = ",".join(fields)

    with pytest.raises(DataError, match=r"line 2, column 'time'.*within \[1, inf\] \[days\]"):
        load_gbsg2(_corrupt(tmp_path, edit))


def test_unknown_grade_is_refused(tmp_path):
    def edit(lines):
        lines[3] = lines[3].replace(",II,", ",IV,", 1)

    with pytest.raises(DataError, match=r"line 4, column 'tgrade': got 'IV'"):
        load_gbsg2(_corrupt(tmp_path, edit))


def test_renamed_column_is_named(tmp_path):
    def edit(lines):
        lines[0] = lines[0].replace("cens", "status")

    with pytest.raises(DataError, match=r"missing column\(s\) \['cens'\] and unexpected column\(s\) \['status'\]"):
        load_gbsg2(_corrupt(tmp_path, edit))


def test_lost_rows_are_counted(tmp_path):
    with pytest.raises(DataError, match="has 676 patients; the GBSG2 cohort has 686"):
        load_gbsg2(_corrupt(tmp_path, lambda lines: lines.__delitem__(slice(1, 11))))


def test_valid_but_changed_file_fails_the_checksum(tmp_path):
    def edit(lines):
        fields = lines[1].split(",")
        fields[1] = str(int(fields[1]) + 1)
        lines[1] = ",".join(fields)

    with pytest.raises(DataError, match="not the file the course was written against"):
        load_gbsg2(_corrupt(tmp_path, edit))


def test_missing_descriptor(tmp_path):
    with pytest.raises(DataError, match="git checkout data/gbsg2.resource.json"):
        load_gbsg2(descriptor=tmp_path / "nothing.json")


def test_descriptor_file_is_json_with_hash_of_lifelines_file():
    descriptor = json.loads(DESCRIPTOR.read_text())
    assert descriptor["hash"].startswith("sha256:") and descriptor["rows"] == 686


def test_study_counts_add_up_and_explain_the_extra_women():
    counts = load_table("gbsg2_study_counts").set_index("quantity")["value"]
    # The 1994 abstract's four arms: 145 + 93 + 144 + 91 = 473; tamoxifen arms 93 + 91 = 184.
    assert counts["randomised to tamoxifen"] + counts["randomised to no tamoxifen"] == counts["randomised"] == 473
    # The data set (686 women) holds more than were randomised but fewer than were recruited.
    assert counts["randomised"] < len(load_gbsg2()) < counts["recruited"]


# --- cox_design refuses codes it would silently mis-code ----------------------------


def _cohort_with(column, value, row=3):
    cohort = load_gbsg2()
    if isinstance(cohort[column].dtype, pd.CategoricalDtype):
        cohort[column] = cohort[column].astype("object")
    cohort.loc[row, column] = value
    return cohort


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("horTh", "YES", r"\['no', 'yes'\]"),
        ("horTh", "Yes", r"\['no', 'yes'\]"),
        ("menostat", "post", r"\['Pre', 'Post'\]"),
        ("tgrade", "2", r"\['I', 'II', 'III'\]"),
    ],
)
def test_cox_design_refuses_unknown_category_codes(column, value, expected):
    with pytest.raises(ValueError, match=rf"column '{column}' has value\(s\) \['{value}'\]; expected only {expected}"):
        cox_design(_cohort_with(column, value))


def test_cox_design_refuses_numeric_grades():
    cohort = load_gbsg2()
    cohort["tgrade"] = cohort["tgrade"].cat.codes + 1  # 1, 2, 3 instead of I, II, III
    with pytest.raises(ValueError, match=r"column 'tgrade' has value\(s\) \['1', '2', '3'\]"):
        cox_design(cohort)


def test_cox_design_refuses_missing_age():
    cohort = load_gbsg2()
    cohort["age"] = cohort["age"].astype(float)
    cohort.loc[5, "age"] = float("nan")
    with pytest.raises(ValueError, match=r"column 'age', row 5 is nan; expected a number \(no missing values\)"):
        cox_design(cohort)


def test_cox_design_refuses_cens_not_zero_or_one():
    with pytest.raises(ValueError, match=r"column 'cens', row 3 is 2; expected 1 \(event\) or 0 \(censored\)"):
        cox_design(_cohort_with("cens", 2))


def test_cox_design_refuses_negative_time():
    with pytest.raises(ValueError, match=r"column 'time', row 3 is -5; expected a value >= 0"):
        cox_design(_cohort_with("time", -5))


def test_cox_design_wants_a_dataframe():
    with pytest.raises(TypeError, match=r"cox_design\(cohort=...\) must be the DataFrame from load_gbsg2\(\)"):
        cox_design([1, 2])


def test_load_gbsg2_path_must_be_a_path():
    with pytest.raises(TypeError, match=r"load_gbsg2\(path=...\) must be a CSV file path or None; got int 5"):
        load_gbsg2(5)


def test_descriptor_that_is_not_json_is_named(tmp_path):
    bad = tmp_path / "gbsg2.resource.json"
    bad.write_text("{not json")
    with pytest.raises(DataError, match=r"gbsg2\.resource\.json is not valid JSON \(line 1, column 2\)"):
        load_gbsg2(descriptor=bad)


def test_descriptor_without_schema_is_named(tmp_path):
    bad = tmp_path / "gbsg2.resource.json"
    bad.write_text("{}")
    with pytest.raises(DataError, match=r"gbsg2\.resource\.json lacks \['name', 'path', 'schema', 'rows', 'hash'\]"):
        load_gbsg2(descriptor=bad)


def test_cox_design_of_no_women_is_an_empty_design():
    design = cox_design(load_gbsg2().iloc[:0])
    assert len(design) == 0 and "hormonal_therapy" in design.columns


def test_describe_gbsg2_wants_a_path():
    with pytest.raises(TypeError, match=r"descriptor must be a path to a resource JSON file; got int"):
        describe_gbsg2(5)


def test_a_missing_csv_is_named(tmp_path):
    with pytest.raises(DataError, match=r"No file nothing\.csv to load as the GBSG2 cohort"):
        load_gbsg2(tmp_path / "nothing.csv")
