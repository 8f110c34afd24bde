"""The sourced biology facts that lessons 02 and 03 quote (data/biology_facts.csv).

Numbers below are typed by hand from the abstracts named in each comment, not
read back from the CSV, so a slip in the table fails here. Rows about mice or
about myeloma must say so in their note, and model-scope rows must cite the
model papers (or their curated BioModels versions), never a course assumption.
"""

import json
import math

import pytest

from seedsoil.data import DATA_DIR, EVIDENCE_LEVELS, load_table

COLUMNS = ["id", "lesson", "topic", "statement", "value", "unit", "source", "evidence", "note"]

# Rows the lessons read by id.
LESSON_03_IDS = {
    "rankl_drives_osteoclasts",
    "opg_decoy_blocks_rankl",
    "osteocytes_rankl_nakashima",
    "osteocytes_rankl_xiong",
    "pthrp_raises_rankl",
    "pthrp_rankl_liao",
    "lesions_mostly_lytic",
    "lesions_continuum",
    "komarova_model_scope",
    "komarova_autocrine_key",
    "ayati_model_scope",
    "ayati_myeloma_outcome",
    "ryser_rankl_opg_model",
    "patterson_osteocytes_model",
}
LESSON_02_IDS = {
    "dtc_dormant_years",
    "dormant_bcc_niche_mice",
    "bone_cells_control_dormancy",
    "osteoclasts_reactivate_myeloma",
    "bisphosphonates_may_act_here",
    "er_positive_late_relapse",
    "tn_recurrence_peak",
    "tn_excess_within_5_years",
    "her2_tn_early_peak",
    "her2_most_distant_metastases",
    "sites_by_subtype",
    "treat_hr_positive",
    "treat_her2_positive",
    "treat_triple_negative",
}


@pytest.fixture(scope="module")
def facts():
    return load_table("biology_facts")


@pytest.fixture(scope="module")
def by_id(facts):
    return facts.set_index("id")


@pytest.fixture(scope="module")
def refs():
    return load_table("references").set_index("key")


# --- schema -----------------------------------------------------------------------------


def test_descriptor_declares_the_columns_an_evidence_enum_and_an_id_key():
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "biology_facts")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert list(fields) == COLUMNS
    assert resource["schema"]["primaryKey"] == ["id"]
    assert fields["evidence"]["constraints"]["enum"] == list(EVIDENCE_LEVELS)
    assert fields["value"]["type"] == "number" and fields["value"].get("unit")


def test_table_loads_with_its_columns_and_unique_ids(facts):
    assert list(facts.columns) == COLUMNS
    assert facts["id"].is_unique
    assert set(facts["lesson"]) == {"02", "03"}


def test_statements_are_single_sentences_and_every_row_says_what_was_seen(facts):
    for _, row in facts.iterrows():
        text = str(row["statement"]).strip()
        assert text.endswith("."), row["id"]
        # one sentence: no full stop followed by a new capitalised sentence inside it
        assert ". " not in text[:-1] or all(not part[:1].isupper() for part in text[:-1].split(". ")[1:]), row["id"]
        assert isinstance(row["note"], str) and len(row["note"]) > 40, row["id"]


def test_value_and_unit_come_together(facts):
    for _, row in facts.iterrows():
        has_value = not (row["value"] is None or (isinstance(row["value"], float) and math.isnan(row["value"])))
        has_unit = isinstance(row["unit"], str)
        assert has_value == has_unit, f"{row['id']}: value and unit must both be given or both be empty"


# --- sources and evidence -----------------------------------------------------------------


def test_every_row_has_a_known_source_and_a_valid_evidence_level(facts, refs):
    assert facts["source"].notna().all()
    assert set(facts["source"]) <= set(refs.index), set(facts["source"]) - set(refs.index)
    assert set(facts["evidence"]) <= set(EVIDENCE_LEVELS)


def test_facts_are_sourced_not_assumed(facts, refs):
    assert "course_assumption" not in set(facts["source"])
    assert (facts["evidence"] != "illustrative").all()
    assert not (refs.loc[list(set(facts["source"])), "status"] == "retracted").any()


def test_new_references_have_an_address_and_are_published_or_official_pages(facts, refs):
    used = refs.loc[sorted(set(facts["source"]))]
    assert (used["doi"].notna() | used["url"].notna() | used["note"].notna()).all()
    assert set(used["status"]) <= {"published", "web page", "dataset"}


def test_unconfirmed_claims_are_flagged_not_graded_primary(facts):
    flagged = facts[facts["note"].str.contains("UNCONFIRMED", na=False)]
    assert (flagged["evidence"] != "primary").all()


def test_mouse_and_myeloma_findings_say_so(by_id):
    for row_id in ("osteoclasts_reactivate_myeloma",):
        note = by_id.at[row_id, "note"]
        assert "MYELOMA" in note and "MICE" in note
    assert "MICE" in by_id.at["dormant_bcc_niche_mice", "note"]
    for row_id in ("osteocytes_rankl_nakashima", "osteocytes_rankl_xiong"):
        assert "Mice" in by_id.at[row_id, "note"] or "Mouse" in by_id.at[row_id, "note"]
    for row_id in ("ayati_model_scope", "ayati_myeloma_outcome", "patterson_osteocytes_model"):
        assert "yeloma" in by_id.at[row_id, "note"]


def test_model_rows_cite_the_model_papers(by_id):
    assert by_id.at["komarova_model_scope", "source"] == "komarova2003"
    assert by_id.at["komarova_autocrine_key", "source"] == "komarova2003"
    assert by_id.at["ayati_model_scope", "source"] == "biomodels402"
    assert by_id.at["ayati_myeloma_outcome", "source"] == "ayati2010"
    for row_id in ("komarova_model_scope", "ayati_model_scope"):
        statement = by_id.at[row_id, "statement"]
        for absent in ("RANKL", "OPG", "osteocytes", "PTHrP"):
            assert absent in statement, f"{row_id} should say {absent} is not explicit"


def test_the_pthrp_opg_claim_is_not_asserted(by_id):
    # PTHrP raising RANKL was seen; PTHrP lowering OPG was not, so no statement may claim it.
    for row_id in ("pthrp_raises_rankl", "pthrp_rankl_liao"):
        assert "OPG" not in by_id.at[row_id, "statement"]
    assert "NOT seen" in by_id.at["pthrp_raises_rankl", "note"]


def test_the_bisphosphonate_mechanism_is_called_a_hypothesis(by_id):
    assert "HYPOTHESIS" in by_id.at["bisphosphonates_may_act_here", "note"]
    assert "might" in by_id.at["bisphosphonates_may_act_here", "statement"]


# --- rows the lessons need ----------------------------------------------------------------


def test_rows_lesson_03_needs_are_present(by_id):
    missing = LESSON_03_IDS - set(by_id.index)
    assert not missing, missing
    assert set(by_id.loc[list(LESSON_03_IDS), "lesson"]) == {"03"}


def test_rows_lesson_02_needs_are_present(by_id):
    missing = LESSON_02_IDS - set(by_id.index)
    assert not missing, missing
    assert set(by_id.loc[list(LESSON_02_IDS), "lesson"]) == {"02"}


def test_each_subtype_has_a_treatment_row(by_id):
    assert by_id.at["treat_hr_positive", "source"] == "acs_hormone_therapy"
    assert by_id.at["treat_her2_positive", "source"] == "acs_targeted_therapy"
    assert by_id.at["treat_triple_negative", "source"] == "acs_tnbc_treatment"
    assert "chemotherapy" in by_id.at["treat_triple_negative", "statement"]


# --- numbers typed from the abstracts -----------------------------------------------------


def test_numbers_match_the_abstracts(by_id):
    # EBCTCG, Lancet 2015 summary: bone recurrence RR 0.83 (0.73-0.94).
    assert by_id.at["bisphosphonates_may_act_here", "value"] == pytest.approx(0.83)
    assert by_id.at["bisphosphonates_may_act_here", "unit"] == "ratio"
    # Dent et al., Clin Cancer Res 2007: distant recurrence peaked at about 3 years;
    # hazard ratio 2.6 (2.0-3.5) within 5 years of diagnosis.
    assert by_id.at["tn_recurrence_peak", "value"] == 3 and by_id.at["tn_recurrence_peak", "unit"] == "years"
    assert by_id.at["tn_excess_within_5_years", "value"] == pytest.approx(2.6)
    # van Maaren et al., Int J Cancer 2019: distant metastases 25.6% in HER2-positive disease.
    assert by_id.at["her2_most_distant_metastases", "value"] == pytest.approx(25.6)
    assert by_id.at["her2_most_distant_metastases", "unit"] == "%"


def test_numbers_in_statements_agree_with_the_value_column(by_id):
    for row_id, shown in [
        ("bisphosphonates_may_act_here", "0.83"),
        ("tn_recurrence_peak", "3 years"),
        ("tn_excess_within_5_years", "2.6"),
        ("her2_most_distant_metastases", "25.6%"),
    ]:
        assert shown in by_id.at[row_id, "statement"], row_id


def test_notes_quote_the_other_abstract_numbers(by_id):
    # Numbers kept in notes only, typed from the same abstracts.
    assert "1,601" in by_id.at["tn_recurrence_peak", "note"]  # Dent 2007 cohort
    assert "8,062" in by_id.at["her2_tn_early_peak", "note"]  # van Maaren 2019 cohort
    assert "9.5%" in by_id.at["her2_most_distant_metastases", "note"]  # luminal A
    assert "25.3%" in by_id.at["sites_by_subtype", "note"]  # Kaplan 2016, HER2 brain
    assert "11,767" in by_id.at["bisphosphonates_may_act_here", "note"]  # EBCTCG postmenopausal women
