"""Data layer: every table matches its description, every fact has a source,
and the loader refuses bad input with a message that names what is wrong."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package

from seedsoil.data import (
    DATA_DIR,
    EVIDENCE_LEVELS,
    DataError,
    cite,
    list_tables,
    load_table,
    sha256,
    validate_file,
)

TABLES = list_tables()


def test_data_package_is_valid_frictionless():
    report = Package(str(DATA_DIR / "datapackage.json")).validate()
    messages = [e.message for e in report.errors] + [e.message for task in report.tasks for e in task.errors]
    assert report.valid, messages[:5]


def test_every_csv_in_data_is_described():
    described = {
        json.loads((DATA_DIR / "datapackage.json").read_text())["resources"][i]["path"] for i in range(len(TABLES))
    }
    on_disk = {p.name for p in DATA_DIR.glob("*.csv")}
    assert on_disk == described, f"undescribed: {on_disk - described}; missing: {described - on_disk}"


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_with_declared_columns(name):
    frame = load_table(name)
    fields = [f["name"] for f in _resource(name)["schema"]["fields"]]
    assert list(frame.columns) == fields
    assert len(frame) > 0


@pytest.mark.parametrize("name", TABLES)
def test_checksum_matches(name):
    resource = _resource(name)
    assert resource["hash"] == "sha256:" + sha256(DATA_DIR / resource["path"])


@pytest.mark.parametrize("name", [t for t in TABLES if t != "references"])
def test_fact_rows_have_source_and_evidence(name):
    frame = load_table(name)
    assert {"source", "evidence"} <= set(frame.columns), f"{name} lacks source/evidence columns"
    refs = set(load_table("references")["key"])
    assert frame["source"].notna().all() and set(frame["source"]) <= refs
    assert set(frame["evidence"]) <= set(EVIDENCE_LEVELS)


@pytest.mark.parametrize("name", [t for t in TABLES if t != "references"])
def test_course_assumptions_are_illustrative_and_name_what_they_illustrate(name):
    # A value the course chose is never graded above illustrative; the paper it
    # imitates goes in `illustrates`, never in `source`.
    frame = load_table(name)
    chosen = frame[frame["source"] == "course_assumption"]
    assert (chosen["evidence"] == "illustrative").all(), f"{name}: course assumptions must be illustrative"
    if "illustrates" in frame.columns:
        refs = set(load_table("references")["key"])
        named = set(frame["illustrates"].dropna())
        assert named <= refs, f"{name}: illustrates names unknown references {named - refs}"
        carriers = frame[frame["illustrates"].notna()]
        assert (carriers["source"] == "course_assumption").all(), f"{name}: `illustrates` only on course assumptions"


@pytest.mark.parametrize("name", [t for t in TABLES if t != "references"])
def test_each_table_descriptor_has_title_description_and_units(name):
    resource = _resource(name)
    assert resource.get("title") and resource.get("description")
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"
        if field["type"] in {"number", "integer"} and field["name"] != "year":
            assert field.get("unit"), f"{name}.{field['name']} is numeric but has no unit"


def test_references_have_a_doi_or_address_unless_noted():
    refs = load_table("references")
    lacking = refs[refs["doi"].isna() & refs["url"].isna() & refs["note"].isna()]
    assert lacking.empty, f"references without DOI, address or a note saying why: {list(lacking['key'])}"


def test_retracted_papers_are_marked_in_citation():
    refs = load_table("references")
    retracted = refs[refs["status"] == "retracted"]
    assert {"cox2015", "erler2006"} <= set(retracted["key"])
    assert retracted["citation"].str.contains("RETRACTED").all()


def test_loaded_table_is_a_copy():
    first = load_table("stage_survival")
    first.loc[0, "share_of_cases_pct"] = -1
    assert load_table("stage_survival").loc[0, "share_of_cases_pct"] >= 0


# --- bad input ------------------------------------------------------------------


def _resource(name, data_dir=DATA_DIR):
    descriptor = json.loads((Path(data_dir) / "datapackage.json").read_text())
    return next(r for r in descriptor["resources"] if r["name"] == name)


@pytest.fixture()
def data_copy(tmp_path):
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _rewrite(data_dir, name, text, *, fix_hash=True):
    resource = _resource(name, data_dir)
    path = data_dir / resource["path"]
    path.write_text(text, encoding="utf-8")
    if fix_hash:
        descriptor = json.loads((data_dir / "datapackage.json").read_text())
        for r in descriptor["resources"]:
            if r["name"] == name:
                r["hash"] = "sha256:" + sha256(path)
        (data_dir / "datapackage.json").write_text(json.dumps(descriptor))


def _original(name):
    return (DATA_DIR / _resource(name)["path"]).read_text(encoding="utf-8")


def test_unknown_table_lists_known_ones():
    with pytest.raises(DataError, match=r"No table named 'stage_survivl'.*Known tables: .*stage_survival"):
        load_table("stage_survivl")


def test_missing_file_names_file_and_remedy(data_copy):
    (data_copy / "stage_survival.csv").unlink()
    with pytest.raises(DataError, match=r"stage_survival\.csv.*missing.*git checkout"):
        load_table("stage_survival", data_dir=data_copy)


def test_missing_descriptor(data_copy):
    (data_copy / "datapackage.json").unlink()
    with pytest.raises(DataError, match="No data package description"):
        load_table("stage_survival", data_dir=data_copy)


def test_checksum_mismatch_is_reported(data_copy):
    text = _original("stage_survival").replace("Localized,64", "Localized,65")
    _rewrite(data_copy, "stage_survival", text, fix_hash=False)
    with pytest.raises(DataError, match=r"stage_survival\.csv: checksum mismatch.*update_hashes"):
        load_table("stage_survival", data_dir=data_copy)


def test_missing_column_is_named(data_copy):
    frame = pd.read_csv(DATA_DIR / "stage_survival.csv", dtype=str, keep_default_na=False)
    _rewrite(data_copy, "stage_survival", frame.drop(columns="evidence").to_csv(index=False))
    with pytest.raises(DataError, match=r"stage_survival\.csv: missing column\(s\) \['evidence'\]"):
        load_table("stage_survival", data_dir=data_copy)


def test_extra_column_is_named(data_copy):
    frame = pd.read_csv(DATA_DIR / "stage_survival.csv", dtype=str, keep_default_na=False)
    frame["colour"] = "red"
    _rewrite(data_copy, "stage_survival", frame.to_csv(index=False))
    with pytest.raises(DataError, match=r"unexpected column\(s\) \['colour'\]"):
        load_table("stage_survival", data_dir=data_copy)


def test_wrong_type_names_line_column_and_value(data_copy):
    text = _original("stage_survival").replace("Regional,27,", "Regional,twenty-seven,")
    _rewrite(data_copy, "stage_survival", text)
    with pytest.raises(DataError) as info:
        load_table("stage_survival", data_dir=data_copy)
    message = str(info.value)
    assert "line 3" in message and "'share_of_cases_pct'" in message
    assert "'twenty-seven'" in message and "type number" in message


def test_value_out_of_range_names_the_range(data_copy):
    text = _original("stage_survival").replace("Distant,6,31,32", "Distant,6,131,32")
    _rewrite(data_copy, "stage_survival", text)
    with pytest.raises(DataError, match=r"line 4, column 'survival_low_pct'.*within \[0, 100\]"):
        load_table("stage_survival", data_dir=data_copy)


def test_evidence_outside_enum_is_refused(data_copy):
    text = _original("stage_survival").replace("seer_statfacts,secondary", "seer_statfacts,hearsay", 1)
    _rewrite(data_copy, "stage_survival", text)
    with pytest.raises(DataError, match=r"column 'evidence'.*\['primary', 'secondary', 'illustrative'\]"):
        load_table("stage_survival", data_dir=data_copy)


def test_unknown_source_key_is_refused(data_copy):
    text = _original("stage_survival").replace("seer_statfacts", "seer_statfax", 1)
    _rewrite(data_copy, "stage_survival", text)
    with pytest.raises(DataError, match=r"line 2, column 'source': 'seer_statfax' is not a key of references\.csv"):
        load_table("stage_survival", data_dir=data_copy)


def test_edited_file_is_revalidated_not_served_from_cache(data_copy):
    assert len(load_table("stage_survival", data_dir=data_copy)) == 5
    text = _original("stage_survival").replace("Regional,27,", "Regional,x,")
    _rewrite(data_copy, "stage_survival", text)
    with pytest.raises(DataError, match=r"line 3, column 'share_of_cases_pct'"):
        load_table("stage_survival", data_dir=data_copy)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # A DOI written as an address breaks the doi pattern 10.NNNN/...
        (",10.3322/caac.21320,", ",doi.org/10.3322/caac.21320,", r"line 3, column 'doi'.*pattern"),
        # An address without https:// breaks the url pattern.
        (",https://www.ssa.gov/", ",www.ssa.gov/", r"column 'url'.*pattern"),
    ],
)
def test_values_that_break_a_pattern_are_named(old, new, message, data_copy):
    text = _original("references")
    assert old in text
    _rewrite(data_copy, "references", text.replace(old, new, 1))
    with pytest.raises(DataError, match=message):
        load_table("references", data_dir=data_copy)


def test_a_value_just_below_the_minimum_is_refused(data_copy):
    # minimum 0 for share_of_cases_pct: -0.5 is only just outside it.
    text = _original("stage_survival").replace("Localized,64,", "Localized,-0.5,")
    _rewrite(data_copy, "stage_survival", text)
    with pytest.raises(DataError, match=r"line 2, column 'share_of_cases_pct'"):
        load_table("stage_survival", data_dir=data_copy)


# --- the lean run-time checks agree with Frictionless ---------------------------

CORRUPTIONS = {
    "wrong type": ("Regional,27,", "Regional,many,", 3, "share_of_cases_pct"),
    "above maximum": ("Distant,6,31,32", "Distant,6,31,320", 4, "survival_high_pct"),
    "below minimum": ("Localized,64,", "Localized,-4,", 2, "share_of_cases_pct"),
    "not in enum": ("Unknown,3,", "Unstaged,3,", 5, "stage"),
    "required empty": ("seer_statfacts,secondary,Confined", ",secondary,Confined", 2, "source"),
    "duplicate key": ("Regional,27,", "Localized,27,", 3, "stage"),
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_loader_and_frictionless_flag_the_same_cell(case, data_copy):
    from frictionless import Resource

    old, new, line, column = CORRUPTIONS[case]
    text = _original("stage_survival")
    assert old in text
    _rewrite(data_copy, "stage_survival", text.replace(old, new, 1))
    resource = _resource("stage_survival", data_copy)
    view = {k: resource[k] for k in ("name", "path", "schema")}
    report = Resource(view, basepath=str(data_copy)).validate()
    # Row errors name a field; a primary-key error names only the row.
    flagged = {
        (e.row_number, getattr(e, "field_name", None))
        for t in report.tasks
        for e in t.errors
        if getattr(e, "row_number", None)
    }
    assert flagged & {(line, column), (line, None)}, f"frictionless did not flag {case}: {flagged}"
    with pytest.raises(DataError, match=rf"line {line}, column '{column}'"):
        load_table("stage_survival", data_dir=data_copy)


def test_update_hashes_refuses_an_invalid_table(data_copy, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_hashes", DATA_DIR.parent / "tools" / "update_hashes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "DATA", data_copy)
    before = (data_copy / "datapackage.json").read_text()
    (data_copy / "stage_survival.csv").write_text(_original("stage_survival").replace("Regional,27,", "Regional,x,"))
    assert module.main() == 1
    assert (data_copy / "datapackage.json").read_text() == before


# --- spreadsheet slips and malformed descriptions --------------------------------


def test_byte_order_mark_is_explained(data_copy):
    _rewrite(data_copy, "stage_survival", "\ufeff" + _original("stage_survival"))
    with pytest.raises(DataError, match="byte-order mark"):
        load_table("stage_survival", data_dir=data_copy)


def test_non_utf8_file_names_file_and_line(data_copy):
    path = data_copy / "stage_survival.csv"
    path.write_bytes(_original("stage_survival").replace("Confined", "Conf\u00eened").encode("latin-1"))
    descriptor = json.loads((data_copy / "datapackage.json").read_text())
    next(r for r in descriptor["resources"] if r["name"] == "stage_survival")["hash"] = "sha256:" + sha256(path)
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError, match=r"stage_survival\.csv line 2: not UTF-8"):
        load_table("stage_survival", data_dir=data_copy)


def test_trailing_blank_lines_and_crlf_are_harmless(data_copy):
    _rewrite(data_copy, "stage_survival", _original("stage_survival").replace("\n", "\r\n") + "\r\n\r\n")
    assert len(load_table("stage_survival", data_dir=data_copy)) == len(load_table("stage_survival"))


def test_blank_line_inside_is_named(data_copy):
    lines = _original("stage_survival").splitlines()
    _rewrite(data_copy, "stage_survival", "\n".join([*lines[:2], "", *lines[2:]]) + "\n")
    with pytest.raises(DataError, match="line 3: a blank line"):
        load_table("stage_survival", data_dir=data_copy)


def test_header_only_table_is_refused(data_copy):
    _rewrite(data_copy, "stage_survival", _original("stage_survival").splitlines()[0] + "\n")
    with pytest.raises(DataError, match="header but no rows"):
        load_table("stage_survival", data_dir=data_copy)


@pytest.mark.parametrize("bad", ["6_4", " 64", "inf", "nan", "64%"])
def test_numbers_must_be_plain_decimals(bad, data_copy):
    _rewrite(data_copy, "stage_survival", _original("stage_survival").replace("Localized,64,", f"Localized,{bad},"))
    with pytest.raises(DataError, match=r"line 2, column 'share_of_cases_pct'.*not a number"):
        load_table("stage_survival", data_dir=data_copy)


@pytest.mark.parametrize(
    ("descriptor", "message"),
    [
        ("[]", "JSON object with a 'resources' list"),
        ('{"name": "x"}', "JSON object with a 'resources' list"),
        ('{"resources": [{"name": "a"}]}', "needs a 'name' and a 'path'"),
        ('{"resources": [{"name": "a", "path": "a.csv", "schema": null}]}', "non-empty 'fields'"),
        (
            '{"resources": [{"name": "a", "path": "a.csv", "schema": {"fields": [{"name": "x", "type": "money"}]}}]}',
            "type 'money' is not one the loader reads",
        ),
    ],
)
def test_malformed_descriptor_is_explained(descriptor, message, data_copy):
    (data_copy / "datapackage.json").write_text(descriptor)
    with pytest.raises(DataError, match=message):
        load_table("a", data_dir=data_copy)


def test_missing_data_folder_is_named(tmp_path):
    with pytest.raises(DataError, match=r"data folder .*nowhere does not exist"):
        load_table("stage_survival", data_dir=tmp_path / "nowhere")


def test_changed_schema_is_not_served_from_cache(data_copy):
    assert len(load_table("stage_survival", data_dir=data_copy)) == 5
    descriptor = json.loads((data_copy / "datapackage.json").read_text())
    resource = next(r for r in descriptor["resources"] if r["name"] == "stage_survival")
    resource["schema"]["fields"][1]["constraints"]["maximum"] = 50  # 64 now breaks it
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError, match=r"line 2, column 'share_of_cases_pct'.*above the maximum"):
        load_table("stage_survival", data_dir=data_copy)


# --- composite primary keys and ordered columns -----------------------------------


def _duplicate_line(name, line, change=None):
    """The table's text with data line ``line`` (2 = first data row) appended again."""
    lines = _original(name).splitlines()
    copy = lines[line - 1]
    if change:
        copy = copy.replace(*change, 1)
    return "\n".join([*lines, copy]) + "\n"


@pytest.mark.parametrize(
    ("name", "change", "key"),
    [
        ("us_counts", None, r"\['year', 'kind', 'measure', 'sex'\]"),
        ("bisphosphonate_trials", ("0.94,0.87,1.01", "0.95,0.87,1.01"), r"\['outcome', 'population'\]"),
        ("life_table_female", ("0.000373", "0.9"), r"\['table', 'age'\]"),
    ],
)
def test_duplicate_composite_key_names_file_lines_and_key(name, change, key, data_copy):
    _rewrite(data_copy, name, _duplicate_line(name, 2, change))
    last = len(_original(name).splitlines()) + 1
    message = rf"(?s){name}\.csv does not match.*line {last}, key columns {key}.*same as line 2"
    with pytest.raises(DataError, match=message):
        load_table(name, data_dir=data_copy)


def test_composite_key_compares_values_not_spelling(data_copy):
    # "0020" and "20" are the same age, as Frictionless reads them.
    text = _duplicate_line("life_table_female", 2, ("ssa2013,20,", "ssa2013,0020,"))
    _rewrite(data_copy, "life_table_female", text)
    with pytest.raises(DataError, match=r"key columns \['table', 'age'\]: got \['ssa2013', '0020'\]"):
        load_table("life_table_female", data_dir=data_copy)


def test_frictionless_also_flags_the_duplicate_composite_key(data_copy):
    from frictionless import Resource

    _rewrite(data_copy, "us_counts", _duplicate_line("us_counts", 3))
    resource = _resource("us_counts", data_copy)
    view = {k: resource[k] for k in ("name", "path", "schema")}
    report = Resource(view, basepath=str(data_copy)).validate()
    assert any(e.type == "primary-key" for t in report.tasks for e in t.errors)
    with pytest.raises(DataError, match="key columns"):
        load_table("us_counts", data_dir=data_copy)


ORDER_CASES = {
    "ci swapped": (
        "bisphosphonate_trials",
        "0.94,0.87,1.01",
        "0.94,1.01,0.87",
        2,
        r"columns \['ci_low', 'rate_ratio', 'ci_high'\]: got \['1.01', '0.94', '0.87'\]; "
        r"expected ci_low <= rate_ratio <= ci_high \(ci_low 1.01 > rate_ratio 0.94",
    ),
    "rate ratio above ci": (
        "bisphosphonate_trials",
        "0.94,0.87,1.01",
        "1.4,0.87,1.01",
        2,
        r"columns .*expected ci_low <= rate_ratio <= ci_high \(rate_ratio 1.4 > ci_high 1.01",
    ),
    "survival low above high": (
        "stage_survival",
        "Distant,6,31,32",
        "Distant,6,33,32",
        4,
        r"columns \['survival_low_pct', 'survival_high_pct'\].*"
        r"\(survival_low_pct 33 > survival_high_pct 32",
    ),
    "trend low above high": (
        "survival_trend",
        "Localized,98.1,98.1",
        "Localized,98.1,91.8",
        2,
        r"columns .*expected survival_low_pct <= survival_high_pct",
    ),
    "nodes min above max": ("nodal_categories", "pN2,4,9,", "pN2,9,4,", 3, r"columns .*\(min_nodes 9 > max_nodes 4"),
    "mass low above high": (
        "cascade_shedding",
        "growing,3200000,2,4,",
        "growing,3200000,4,2,",
        2,
        r"columns .*\(tumour_mass_low_g 4 > tumour_mass_high_g 2",
    ),
}


@pytest.mark.parametrize("case", sorted(ORDER_CASES))
def test_ordered_columns_out_of_order_are_refused(case, data_copy):
    name, old, new, line, message = ORDER_CASES[case]
    text = _original(name)
    assert old in text
    _rewrite(data_copy, name, text.replace(old, new, 1))
    with pytest.raises(DataError, match=rf"(?s){name}\.csv does not match its schema:.*\n  line {line}, {message}"):
        load_table(name, data_dir=data_copy)


def test_bone_fact_value_low_above_high_is_refused(data_copy):
    lines = _original("bone_metastasis_facts").splitlines()
    row = next(i for i, x in enumerate(lines) if ",69,69,%," in x)
    lines[row] = lines[row].replace(",69,69,%,", ",96,69,%,")
    _rewrite(data_copy, "bone_metastasis_facts", "\n".join(lines) + "\n")
    message = rf"line {row + 1}, columns \['value_low', 'value_high'\].*\(value_low 96 > value_high 69"
    with pytest.raises(DataError, match=message):
        load_table("bone_metastasis_facts", data_dir=data_copy)


def test_ordered_check_skips_rows_with_an_empty_member(data_copy):
    # pN3 has no upper limit (max_nodes empty) and loads; an empty value_low is allowed too.
    assert load_table("nodal_categories", data_dir=data_copy)["max_nodes"].isna().sum() == 1
    lines = _original("bone_metastasis_facts").splitlines()
    row = next(i for i, x in enumerate(lines) if ",69,69,%," in x)
    lines[row] = lines[row].replace(",69,69,%,", ",,69,%,")
    _rewrite(data_copy, "bone_metastasis_facts", "\n".join(lines) + "\n")
    assert load_table("bone_metastasis_facts", data_dir=data_copy)["value_low"].isna().sum() >= 1


def test_every_low_high_pair_is_declared_ordered():
    for name in TABLES:
        schema = _resource(name)["schema"]
        names = [f["name"] for f in schema["fields"]]
        ordered = {c for group in schema.get("x-seedsoil-ordered", []) for c in group}
        for column in names:
            for low, high in (("_low", "_high"), ("min_", "max_"), ("ci_low", "ci_high")):
                if low in column and column.replace(low, high) in names:
                    assert {column, column.replace(low, high)} <= ordered, f"{name}: {column} not declared ordered"


@pytest.mark.parametrize(
    "ordered",
    [[["survival_low_pct"]], [["survival_low_pct", "period"]], [["survival_low_pct", "nonexistent"]], "x"],
)
def test_malformed_ordered_property_is_explained(ordered, data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text())
    next(r for r in descriptor["resources"] if r["name"] == "stage_survival")["schema"]["x-seedsoil-ordered"] = ordered
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError, match=r"\(stage_survival\): 'x-seedsoil-ordered' must be a list of column lists"):
        load_table("stage_survival", data_dir=data_copy)


def test_primary_key_naming_an_unknown_column_is_explained(data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text())
    next(r for r in descriptor["resources"] if r["name"] == "us_counts")["schema"]["primaryKey"] = ["year", "colour"]
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError, match=r"\(us_counts\): 'primaryKey' \['year', 'colour'\] must name columns"):
        load_table("us_counts", data_dir=data_copy)


# --- wrong kinds of argument ------------------------------------------------------


def test_validate_file_given_a_table_name_points_to_load_table():
    message = r"validate_file\(resource=...\) must be a resource description.*load_table\('paget_1889'\)"
    with pytest.raises(TypeError, match=message):
        validate_file("paget_1889", DATA_DIR / "paget_1889.csv")


def test_validate_file_given_an_empty_resource_says_what_is_missing():
    with pytest.raises(DataError, match=r"validate_file\(resource=...\): needs a 'name' and a 'path'"):
        validate_file({}, DATA_DIR / "paget_1889.csv")


def test_validate_file_missing_path_is_named(tmp_path):
    with pytest.raises(DataError, match=r"validate_file: no file .*nothing\.csv to check against 'paget_1889'"):
        validate_file(_resource("paget_1889"), tmp_path / "nothing.csv")


def test_load_table_data_dir_must_be_a_path():
    with pytest.raises(TypeError, match=r"load_table\(data_dir=...\) must be a folder path.*got int 123"):
        load_table("paget_1889", data_dir=123)


def test_cite_needs_one_key():
    with pytest.raises(TypeError, match=r"cite\(key=...\) must be one references key.*\['paget1889'\]"):
        cite(["paget1889"])
