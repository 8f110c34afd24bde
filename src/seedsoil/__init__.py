"""Seed & Soil: small, tested helpers for a course on how breast cancer reaches bone.

Modules
-------
data               load the sourced tables in ``data/`` (validated against ``datapackage.json``)
_validation        the argument checks every model shares, with errors that say what to do
cascade            the metastatic cascade as binomial thinning (lesson 02)
dormancy           dormant cells in bone and late relapse (lessons 02, 08)
bone               the Komarova bone-remodelling model and Ayati's tumour extension (lesson 03)
lox                the LOX priming hypothesis as an assumed drive on the bone model (lesson 04)
bisphosphonate     a bisphosphonate as modifiers of the bone model (lesson 05)
absolute_risk      from a trial's rate ratio to absolute risks and NNT (lesson 05)
relative_survival  observed, expected and relative survival, lead time (lesson 06)
survival_analysis  Kaplan–Meier, log-rank, proportional hazards (lesson 07)
virtual_trial      a virtual trial: mechanism to hazard, survival times by inverse transform, replicates (lesson 08)
trial_power        events and women a trial needs: Schoenfeld, Freedman, simulation, interactions (lesson 08)
competing_risks    cumulative incidence when death competes (Aalen–Johansen) and naive 1 − KM (lesson 10)
noninferiority     reading a non-inferiority trial: estimate and interval against a margin (lesson 10)
gbsg2              the GBSG2 breast-cancer cohort, loaded offline and checked (lesson 07)
claims             a news story's claims as a ledger, each number traced to the course's data (lesson 09)
paper_status       whether a paper's metadata record carries a retraction or other update (lesson 09)
plotting           the chart style; drawing helpers for bone runs, survival curves, forest plots, the funnel
feedback           feedback on exercise answers
notebook           show in a lesson the model code it is about, and its references
course             the course map and the launch links (nbviewer, Binder, Colab, JupyterHub)
glossary           the glossary entries, and finding and linking terms in lesson text

Education, not medical advice.
"""

__version__ = "0.1.0"
