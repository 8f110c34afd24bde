"""The course glossary: every technical word a lesson uses, in plain words.

One entry per term, in alphabetical order. :func:`glossary_markdown` renders the
glossary page (``notebooks/glossary.ipynb``, written by ``tools/build_glossary.py``),
and :func:`terms_in` finds the terms a piece of lesson text uses, so a test can
require that each lesson links a term to the page at its first use. ``also``
lists other forms a lesson may use (an abbreviation, a plural).

>>> entry = TERMS_BY_SLUG["hazard-ratio"]
>>> entry.term, entry.slug
('hazard ratio', 'hazard-ratio')
>>> [t.slug for t in terms_in("Osteoclasts resorb bone; the NNT is 1/ARR.")]
['absolute-risk-reduction', 'number-needed-to-treat', 'osteoclast']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "PAGE",
    "TERMS",
    "TERMS_BY_SLUG",
    "Term",
    "glossary_markdown",
    "link",
    "prose_lines",
    "prose_uses",
    "terms_in",
]

PAGE = "glossary.ipynb"  # beside the lessons in notebooks/


@dataclass(frozen=True)
class Term:
    """One glossary entry: the term, what it means, and other forms lessons use."""

    term: str
    meaning: str
    also: tuple[str, ...] = ()

    def __post_init__(self):
        if not isinstance(self.also, tuple) or not all(isinstance(a, str) and a for a in self.also):
            raise TypeError(f"Term {self.term!r}: also must be a tuple of words, e.g. ('CTC',); got {self.also!r}.")

    @property
    def slug(self) -> str:
        """The entry's anchor on the glossary page, e.g. ``number-needed-to-treat``."""
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower().replace("β", "beta")).strip("-")

    @property
    def pattern(self) -> re.Pattern:
        """Matches the term or any of its other forms as whole words (case-insensitive, plural s allowed)."""
        forms = sorted({self.term, *self.also}, key=len, reverse=True)
        alternatives = "|".join(re.escape(f).replace(r"\-", "[-‐–]") for f in forms)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|es)?(?![\w-])", re.IGNORECASE)


_ENTRIES = (
    Term(
        "absolute risk reduction",
        "the difference between the risk of an event without and with a treatment, over a stated period (10% − 8% = 2 percentage points)",
        ("ARR",),
    ),
    Term("adjuvant therapy", "treatment given after surgery to lower the risk that the cancer comes back", ()),
    Term(
        "age-adjusted rate",
        "a rate recalculated as if the population had a fixed, standard age mix, so that places or years with older or younger populations can be compared",
        ("age-adjusted",),
    ),
    Term(
        "AJCC stage",
        "the American Joint Committee on Cancer's TNM staging (stage 0 to IV), used by doctors; not the same system as SEER summary stage",
        ("AJCC",),
    ),
    Term("autocrine signal", "a signal a cell sends to cells of its own kind", ("autocrine",)),
    Term("baseline risk", "the risk of the event without the treatment, over a stated period", ()),
    Term(
        "binomial distribution",
        "the count of successes when each of n items succeeds independently with the same chance",
        ("binomial",),
    ),
    Term(
        "bisphosphonate",
        "a drug that binds bone mineral and blocks the osteoclasts that resorb it (for example zoledronic acid)",
        (),
    ),
    Term(
        "bone remodelling",
        "the continuous cycle of bone resorption by osteoclasts followed by bone formation by osteoblasts",
        ("remodelling cycle",),
    ),
    Term("cause-specific survival", "survival that counts only the deaths attributed to the cancer", ()),
    Term(
        "censoring",
        "follow-up that ended before the event was seen; the patient's time still counts up to that point",
        (),
    ),
    Term(
        "chi-square distribution",
        "the distribution that a log-rank statistic is compared with; its one parameter is the degrees of freedom (number of groups − 1)",
        ("chi-square",),
    ),
    Term("circulating tumour cell", "a cancer cell found in the blood", ("CTC",)),
    Term(
        "cohort estimate",
        "survival computed by following one group of patients, diagnosed in the same years, to the end of the period",
        (),
    ),
    Term("colonisation", "the regrowth of disseminated cells into a tumour large enough to detect", ()),
    Term(
        "conditioned medium",
        "the liquid in which cells have been grown, holding what they released; added to other cells or injected into mice to test its effect",
        (),
    ),
    Term("confidence interval", "a range of values compatible with the data at a stated level (often 95%)", ()),
    Term(
        "covariate",
        "a patient characteristic (age, tumour size, nodes) put into a regression model beside the treatment",
        (),
    ),
    Term(
        "Cox proportional-hazards model",
        "a regression for survival data whose coefficients, exponentiated, are hazard ratios",
        ("Cox model", "Cox regression"),
    ),
    Term(
        "DCIS",
        "ductal carcinoma in situ: abnormal cells still confined inside a milk duct",
        ("ductal carcinoma in situ",),
    ),
    Term(
        "de novo metastatic disease",
        "breast cancer that has already spread to distant organs when it is first diagnosed",
        ("de novo",),
    ),
    Term(
        "degrees of freedom",
        "the parameter of a chi-square distribution; for a log-rank test, the number of groups minus 1",
        (),
    ),
    Term(
        "differential equation",
        "a rule for how quantities change over time, from which a computer can trace their course",
        ("ODE",),
    ),
    Term(
        "disseminated tumour cell",
        "a cancer cell that has settled in a distant tissue, such as bone marrow",
        ("DTC",),
    ),
    Term(
        "dormancy",
        "the state of a disseminated cell or small cluster that survives without growing, sometimes for years",
        (),
    ),
    Term(
        "Ederer I and Ederer II",
        "two ways of computing a group's expected survival from a life table (SEER uses Ederer II)",
        ("Ederer I", "Ederer II"),
    ),
    Term(
        "ER-negative",
        "a tumour whose cells lack (or, ER-positive, carry) the oestrogen receptor; hormone therapy works only on ER-positive tumours",
        (),
    ),
    Term(
        "estimate (of a count)",
        "a count projected before a year's data exist, as opposed to the observed count registries publish later",
        (),
    ),
    Term(
        "expected survival",
        "the share of people of the same age and sex in the general population expected to be alive after a time, from a life table",
        (),
    ),
    Term("extravasation", "a cell leaving a blood vessel into a tissue", ()),
    Term(
        "forest plot",
        "a chart of several estimates, each a point with its confidence interval, against a line of no effect",
        (),
    ),
    Term("Gompertz growth", "growth that starts fast and slows as the tumour nears a maximum size", ("Gompertz",)),
    Term(
        "Greenwood confidence band",
        "the usual confidence band around a Kaplan–Meier curve, from Greenwood's formula for its variance",
        ("Greenwood",),
    ),
    Term("hazard", "the rate at which events happen among those still at risk", ()),
    Term("hazard ratio", "how much a treatment or factor multiplies the hazard; below 1 means fewer events", ()),
    Term(
        "HER2-positive",
        "a tumour whose cells make too much of the HER2 growth receptor (also called HER2-overexpressing)",
        (),
    ),
    Term(
        "hypercalcaemia",
        "too much calcium in the blood, often because tumours in bone drive resorption; it causes thirst, confusion and kidney problems",
        (),
    ),
    Term("hypoxia", "low oxygen, common inside tumours", ()),
    Term("in situ", "cancer still confined inside the duct or lobule where it began", ()),
    Term("incidence", "the number of new cases in a period", ()),
    Term(
        "intention-to-treat",
        "analysing every patient in the arm chance assigned them, whether or not they took the treatment, so that randomisation still protects the comparison",
        (),
    ),
    Term("intravasation", "a cell entering a blood vessel", ()),
    Term(
        "invasive cancer",
        "cancer that has grown through the wall of the duct or lobule into the surrounding tissue",
        (),
    ),
    Term(
        "Kaplan–Meier curve",
        "an estimate of the share still event-free over time that handles censoring",
        ("Kaplan–Meier", "product-limit"),
    ),
    Term(
        "LCIS",
        "lobular carcinoma in situ: abnormal cells inside the lobules; counted among in situ cases but a marker of risk rather than a cancer",
        ("lobular carcinoma in situ",),
    ),
    Term(
        "lead-time bias",
        "survival measured from diagnosis looks longer when diagnosis comes earlier, even if death comes no later",
        (),
    ),
    Term("life table", "death rates by age (and sex) in a population, for one period", ()),
    Term(
        "log-rank test",
        "a test of whether survival curves differ, comparing observed with expected events at each event time",
        ("log-rank",),
    ),
    Term("luminal A and B", "hormone-receptor-positive subtypes; luminal B grows faster and may be HER2-positive", ()),
    Term(
        "lysyl oxidase",
        "an enzyme that cross-links collagen; a retracted 2015 paper proposed that it primes bone for metastasis",
        ("LOX",),
    ),
    Term("macrometastasis", "a metastasis large enough to be seen", ()),
    Term(
        "MDA-MB-231 cells",
        "a human triple-negative breast-cancer cell line; a bone-seeking variant is used to study bone metastasis in mice",
        ("MDA-MB-231",),
    ),
    Term("median survival", "the time by which half of the patients have died (or had the event)", ()),
    Term("meta-analysis", "a pooled analysis of several studies, usually randomised trials", ()),
    Term(
        "metastasis",
        "the spread of cancer from the primary tumour to a distant organ, and the new tumour formed there",
        (),
    ),
    Term("metastatic cascade", "the sequence of steps a cell must complete to form a metastasis", ()),
    Term(
        "micrometastasis",
        "a small cluster of cancer cells in a distant organ, too small to see on scans",
        (),
    ),
    Term("mortality", "deaths from the disease, as a count or as a rate per 100,000 people per year", ()),
    Term(
        "stage migration",
        "a shift of patients between stages when staging gets more sensitive, which can raise survival in every stage "
        "without any patient living longer",
        (),
    ),
    Term(
        "binomial thinning",
        "passing a count of cells through a step at which each survives with the same chance, independently",
        (),
    ),
    Term(
        "metastatic inefficiency",
        "the observation that only a tiny share of the cells that leave a tumour ever form a metastasis",
        (),
    ),
    Term(
        "replicate",
        "one run of a simulation with its own random numbers; many replicates show how much results vary by chance",
        (),
    ),
    Term(
        "baseline hazard",
        "the hazard of a patient at the reference level of every covariate; a Cox model multiplies it by the hazard ratios",
        (),
    ),
    Term(
        "non-informative censoring",
        "the assumption that a patient's follow-up ends for reasons unrelated to her risk of the event",
        (),
    ),
    Term(
        "proportional-hazards assumption",
        "the assumption that the hazard ratio between two groups stays the same over follow-up time",
        ("proportional hazards",),
    ),
    Term(
        "risk ratio",
        "the risk of an event over a period with a treatment divided by the risk without it",
        (),
    ),
    Term(
        "subgroup analysis",
        "a comparison repeated within a part of a trial's patients (for example postmenopausal women); easily misleading",
        ("subgroup",),
    ),
    Term(
        "multiple myeloma",
        "a cancer of plasma cells in the bone marrow that destroys bone; the Ayati model was built for it",
        ("myeloma",),
    ),
    Term("NFATc1", "a master switch inside a forming osteoclast that turns on the genes it needs", ()),
    Term("node-positive", "cancer found in the armpit (axillary) lymph nodes", ()),
    Term("number at risk", "the patients still followed and event-free just before a time", ("risk set",)),
    Term(
        "number needed to treat",
        "how many people must be treated for one to avoid the event; 1 / absolute risk reduction",
        ("NNT",),
    ),
    Term(
        "observational study",
        "patients compared as they were treated rather than as chance assigned them, so the groups may differ in other ways",
        (),
    ),
    Term("observed survival", "the share of patients alive after a time, counting deaths from any cause", ()),
    Term(
        "OPG (osteoprotegerin)",
        "a decoy receptor made by osteoblasts that soaks up RANKL and so restrains osteoclast formation",
        ("OPG", "osteoprotegerin"),
    ),
    Term("osteoblast", "a cell that forms new bone", ()),
    Term("osteoclast", "a cell that resorbs (removes) bone", ()),
    Term("osteolytic lesion", "a hole in bone where resorption has outrun formation", ("osteolytic",)),
    Term("p-value", "how surprising data like these would be if there were truly no effect", ()),
    Term("paracrine signal", "a signal a cell sends to another kind of cell nearby", ("paracrine",)),
    Term(
        "period estimate",
        "survival computed from the most recent years of follow-up of several groups of patients",
        ("period analysis",),
    ),
    Term(
        "Poisson distribution",
        "the limit of the binomial when n is huge and the chance tiny; fixed by its mean alone",
        ("Poisson",),
    ),
    Term(
        "postmenopausal", "after (or, premenopausal, before) the menopause; it changes hormones and bone turnover", ()
    ),
    Term(
        "pre-metastatic niche",
        "changes in a distant organ, made by the primary tumour before its cells arrive, proposed to help them settle",
        (),
    ),
    Term(
        "predictive marker",
        "a measurement that says whether a treatment's effect differs between patients (a treatment-by-marker "
        "interaction, shown in a randomised trial); a marker can be both prognostic and predictive",
        (),
    ),
    Term("prevalence", "the number of people living with the disease at a moment", ()),
    Term("primary tumour", "the tumour where the cancer started (here, in the breast)", ()),
    Term(
        "primary, secondary, illustrative",
        "the course's evidence levels: seen in the source itself / seen only where another page quotes it / assumed for teaching",
        (),
    ),
    Term("prognostic marker", "a measurement that says how a patient will fare, whatever the treatment", ()),
    Term("progression-free survival", "the time until the disease grows or the patient dies", ("PFS",)),
    Term("proteomics", "measuring many of the proteins in a sample at once, usually by mass spectrometry", ()),
    Term(
        "power law",
        "a rule in which one quantity changes as another raised to a fixed power (x to the power g)",
        (),
    ),
    Term(
        "PTHrP",
        "parathyroid-hormone-related protein: a hormone-like protein made by tumours that raises RANKL on bone cells, so more osteoclasts form",
        (),
    ),
    Term("randomised trial", "a study in which chance assigns patients to the treatments compared", ()),
    Term(
        "RANKL and RANK",
        "a signal that drives osteoclast formation (RANKL), made by osteoblasts and osteocytes, and its receptor on osteoclast precursors (RANK)",
        ("RANKL",),
    ),
    Term(
        "rate ratio",
        "how the event rate with a treatment compares with the rate without: events per person-year divided by "
        "events per person-year, or, in meta-analyses such as the EBCTCG's, the log-rank estimate exp((O − E)/V); "
        "below 1 means fewer events",
        (),
    ),
    Term("recurrence-free survival", "the time until the cancer comes back (anywhere) or the patient dies", ()),
    Term(
        "reference level",
        "the category a regression compares the others with (for example grade I, against which grades II and III get hazard ratios)",
        (),
    ),
    Term("relative risk reduction", "the proportional fall in risk with treatment: 1 − rate ratio", ("RRR",)),
    Term(
        "relative survival",
        "observed survival divided by expected survival: survival as if the cancer were the only cause of death",
        (),
    ),
    Term("retraction", "a journal's withdrawal of a published paper whose results can no longer be relied upon", ()),
    Term("secretome", "all the proteins a cell releases into its surroundings", ()),
    Term(
        "seed and soil",
        "Paget's 1889 idea that metastasis needs both a suitable cell (the seed) and a suitable organ (the soil)",
        (),
    ),
    Term(
        "SEER",
        "the US National Cancer Institute's Surveillance, Epidemiology, and End Results program of cancer registries; its summary stage sorts cancers into localized, regional and distant",
        ("SEER summary stage",),
    ),
    Term(
        "stable steady state",
        "a state in which a model's quantities stop changing; stable if the system returns after a small push, unstable if it moves away",
        (),
    ),
    Term("stage IV", "cancer that has spread to distant organs (AJCC staging)", ()),
    Term(
        "stratify",
        "to analyse separately within groups (strata) and combine, so a factor cannot distort the comparison",
        (),
    ),
    Term(
        "subtype",
        "groups of breast cancers by their receptors: luminal A and B, HER2-positive, triple-negative",
        (),
    ),
    Term(
        "4T1 cells",
        "a mouse breast-cancer cell line that spreads on its own from the mammary gland, used to study metastasis in mice",
        ("4T1",),
    ),
    Term("TGF-β", "a growth factor stored in bone and released when bone is resorbed", ("TGF-beta",)),
    Term("triple-negative", "a tumour with none of the oestrogen receptor, progesterone receptor and HER2", ()),
    Term("tumour grade", "how abnormal the cells look under the microscope, from I (close to normal) to III", ()),
    Term(
        "vicious cycle",
        "tumour cells stimulate osteoclasts; resorbed bone releases growth factors that feed the tumour",
        (),
    ),
    Term("western blot", "a laboratory method that detects a protein as a band on a membrane", ()),
    Term("woman-year", "one woman followed for one year; event rates are events per woman-year", ("person-year",)),
    Term(
        "skeletal-related event",
        "a complication of cancer in bone that trials count as an outcome: a pathological fracture, spinal cord compression, or radiotherapy or surgery to bone",
        ("SRE",),
    ),
    Term(
        "pathological fracture",
        "a bone that breaks under an ordinary load because disease, here cancer, has weakened it",
        (),
    ),
    Term(
        "spinal cord compression",
        "pressure on the spinal cord from a collapsing vertebra or a tumour; an emergency, because it can cause weakness or paralysis",
        (),
    ),
    Term(
        "osteonecrosis of the jaw",
        "an area of jawbone that becomes exposed and is slow to heal; an uncommon harm of both bone-targeted drugs, commoner with frequent dosing and poor oral health",
        ("ONJ",),
    ),
    Term(
        "acute-phase reaction",
        "a short flu-like illness (fever, aches) that can follow an infusion of a bisphosphonate, mostly the first one",
        (),
    ),
    Term(
        "denosumab", "an antibody against RANKL that stops osteoclasts forming and working; given as an injection", ()
    ),
    Term("zoledronic acid", "a bisphosphonate given by infusion; it disables the osteoclasts that take it up", ()),
    Term(
        "non-inferiority trial",
        "a trial that asks whether a new treatment is not worse than the standard by more than an amount fixed in advance, rather than whether it is better",
        ("non-inferior",),
    ),
    Term(
        "non-inferiority margin",
        "the largest loss of effect a non-inferiority trial will accept; the new treatment is non-inferior if the worst end of the confidence interval stays inside it",
        (),
    ),
    Term(
        "competing risk",
        "an event, such as death, that makes the event being studied impossible afterwards, so that it cannot be treated as censoring",
        (),
    ),
    Term(
        "cumulative incidence",
        "the share of a group who have had an event by a given time, counting people who first had a competing event (such as death) as unable to have it; estimated by the Aalen–Johansen method",
        ("cumulative incidence function", "CIF"),
    ),
    Term(
        "Aalen–Johansen estimator",
        "the step-by-step estimate of cumulative incidence when events compete: at each event time, the share still free of all events times the share of those at risk who have the event",
        ("Aalen–Johansen",),
    ),
    Term(
        "fraction (radiotherapy)",
        "one session of radiotherapy; a course can be a single fraction or several spread over days",
        (),
    ),
    Term(
        "visceral metastasis", "spread of cancer to an internal organ such as the liver or lung, as opposed to bone", ()
    ),
    Term(
        "percentage point",
        "the unit of a difference between two percentages (a share going from one percentage to another), not a percent of a percent",
        (),
    ),
    Term(
        "one-sided test",
        "a test that asks about one direction only (here: is the new schedule worse by the margin or more?), so its whole error rate sits on one side; a one-sided 5% test matches a two-sided 90% interval",
        (),
    ),
    Term(
        "odds ratio",
        "the odds of an outcome (having it against not having it) in one group divided by the odds in another; 1 means no difference",
        (),
    ),
    Term(
        "hypocalcaemia",
        "too little calcium in the blood; a harm that denosumab causes more often than zoledronic acid",
        (),
    ),
    Term(
        "ADEMP",
        "a plan for a simulation study in five parts: its aims, the data-generating mechanism, the estimands, the methods compared and the performance measures used to judge them",
        (),
    ),
    Term(
        "administrative censoring",
        "censoring because the study's follow-up ends on a planned date, not because anything happened to the patient",
        (),
    ),
    Term(
        "drop-out",
        "a patient leaving follow-up early (moving away, withdrawing); her time counts up to then, and she is censored",
        (),
    ),
    Term(
        "estimand",
        "the true quantity a study or a simulation sets out to estimate, such as the hazard ratio built into a virtual trial",
        (),
    ),
    Term(
        "event-driven trial",
        "a trial that runs until a planned number of events has been seen, because its power depends on events, not on patients",
        (),
    ),
    Term(
        "interaction test",
        "a test of whether a treatment's effect differs between groups (for example marker-positive and marker-negative), comparing the groups' estimated effects",
        (),
    ),
    Term(
        "inverse transform",
        "making random times with a chosen survival curve by drawing a uniform number U and finding the time at which the curve falls to U",
        ("inverse-transform",),
    ),
    Term(
        "Monte Carlo standard error",
        "the uncertainty of a simulation's summary (a mean, a coverage, a power) that comes from running only a finite number of replicates",
        ("Monte Carlo SE",),
    ),
    Term(
        "O − E",
        "observed minus expected events in one arm of a trial, if both arms had the same hazard; with its variance V it gives the log-rank estimate exp((O − E)/V) of the hazard ratio",
        (),
    ),
    Term(
        "power (of a test)",
        'the chance that a study finds a real effect of a stated size "significant"; 1 minus the chance of missing it',
        (),
    ),
    Term(
        "simulation study",
        "an experiment on a computer: data are made from a known truth many times, to see how well methods recover it",
        (),
    ),
    Term(
        "type I error",
        'declaring an effect "significant" when there is none; a test at level 0.05 does so in about 5% of such studies',
        (),
    ),
    Term(
        "virtual trial",
        "a trial run on simulated patients whose outcomes come from an assumed mechanism, so that the true effect is known",
        (),
    ),
    Term(
        "animal-to-human inference",
        "a conclusion about people drawn from experiments in animals (often mice), stated as if it had been shown in humans",
        (),
    ),
    Term(
        "causal claim",
        "a statement that one thing causes another, which needs more than a correlation (ideally a randomised comparison) to support it",
        (),
    ),
    Term(
        "claim ledger",
        "a table with one row per checkable claim of a text: who made it, what kind of claim it is, the evidence behind it and a verdict",
        (),
    ),
    Term(
        "press release",
        "a short announcement of a study written by a university, journal or company for journalists; many news stories start from one",
        (),
    ),
    Term(
        "disease-mongering",
        "making a condition seem more serious, more common or more in need of treatment than it is",
        (),
    ),
    Term(
        "Crossref",
        "the registry behind most journal DOIs, whose metadata records can link a paper to its retraction or correction notice",
        (),
    ),
    Term(
        "expression of concern",
        "a journal's notice that a paper's reliability is in question while it is investigated; weaker than a retraction",
        (),
    ),
    Term(
        "summary stage",
        "SEER's way of staging cancer as localized, regional or distant, different from the AJCC's TNM stage groups (I–IV)",
        (),
    ),
    Term(
        "coverage",
        "the share of repeated studies (or virtual trials) whose 95% confidence interval contains the true value; a well-behaved interval covers about 95% of the time",
        (),
    ),
    Term(
        "quantile",
        "the value below which a stated share of a distribution lies; the standard normal's 0.975 quantile is about 1.96",
        (),
    ),
    Term(
        "DOI",
        "a digital object identifier: a permanent name for a paper (or a notice about it) that https://doi.org/ turns into a link to the journal's page",
        (),
    ),
    Term(
        "correction notice",
        "a journal's published fix to part of a paper; unlike a retraction, the paper still stands, and the notice says what changed",
        (),
    ),
    Term(
        "conflict of interest",
        "a tie, such as funding by a company that gains from the result, that could sway a researcher's or commentator's judgement and should be declared",
        (),
    ),
)
TERMS: tuple[Term, ...] = tuple(sorted(_ENTRIES, key=lambda t: t.term.lower().lstrip("0123456789")))
TERMS_BY_SLUG = {t.slug: t for t in TERMS}


def link(term: Term, text: str | None = None) -> str:
    """A Markdown link from a lesson to the term's entry on the glossary page."""
    return f"[{text or term.term}]({PAGE}#{term.slug})"


def terms_in(text: str) -> list[Term]:
    """The glossary terms that ``text`` uses, in glossary order."""
    return [t for t in TERMS if t.pattern.search(text)]


# Spans of a Markdown line where a term is not "used in prose": code, links, HTML, math, bold labels.
_PROTECTED = re.compile(r"`[^`]*`|\[[^\]]*\]\([^)]*\)|<[^>]+>|\$\$.*?\$\$|\$[^$]+\$|\*\*[^*]*\*\*")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(index, line) of the lines of a Markdown cell that are prose: not inside display maths or a code block."""
    lines, inside = [], None
    for i, line in enumerate(text.split("\n")):
        fence = line.strip()
        if inside is None and fence.startswith(("$$", "```")):
            closes = fence.startswith("$$") and fence.count("$$") >= 2 and len(fence) > 2
            inside = None if closes else fence[:2] if fence.startswith("$$") else "```"
            continue
        if inside is not None:
            if fence.startswith(inside) or (inside == "$$" and fence.endswith("$$")):
                inside = None
            continue
        lines.append((i, line))
    return lines


def prose_uses(line: str, term: Term) -> list[re.Match]:
    """Uses of ``term`` in one line of lesson prose: not in a heading, table, quote or HTML line,
    and not inside code, a link, math or a bold label."""
    if line.lstrip().startswith(("#", "|", "<", ">")):
        return []
    protected = [m.span() for m in _PROTECTED.finditer(line)]
    return [m for m in term.pattern.finditer(line) if not any(a <= m.start() < b for a, b in protected)]


def glossary_markdown() -> list[str]:
    """The glossary page as Markdown cells: a heading and one cell per initial letter."""
    cells = [
        "# Glossary\n\n"
        "The technical words of the course, in alphabetical order. Lessons link a word here "
        "the first time they use it; come back whenever a word is unclear. "
        "[Back to the start](00_start_here.ipynb)."
    ]
    by_letter: dict[str, list[Term]] = {}
    for t in TERMS:
        initial = t.term.lstrip("0123456789")[0].upper()
        by_letter.setdefault(initial if initial.isalpha() else "#", []).append(t)
    for letter, terms in by_letter.items():
        items = [
            f'- <a id="{t.slug}"></a>**{t.term}**' + (f" ({', '.join(t.also)})" if t.also else "") + f": {t.meaning}."
            for t in terms
        ]
        cells.append(f"## {letter}\n\n" + "\n".join(items))
    return cells
