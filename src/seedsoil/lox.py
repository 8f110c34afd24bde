"""The LOX priming hypothesis as a runnable ASSUMPTION on top of the bone model.

Cox et al. (Nature 2015; RETRACTED 2023) claimed that lysyl oxidase (LOX)
secreted by a hypoxic primary tumour drives osteoclast formation and makes
bone lesions before tumour cells arrive. Nothing here is a measured effect:
the LOX drive and the link from bone loss to colonisation are illustrative
assumptions, so that students can ask "if the claim were true, how big would
the effect have to be?".

* :func:`lox_drive` — LOX as an extra multiplicative drive on osteoclast
  formation (α₁ × (1 + effect)) while the primary tumour is present.
* :func:`colonisation_probability` — an illustrative link: the chance that an
  arriving cell colonises rises linearly with the bone lost at its arrival.
* :func:`primed_colonisation` — both together, for one arrival day.

>>> lox_drive(1.0, stop=90).factor
2.0
>>> colonisation_probability(10.0, baseline=0.01, sensitivity=0.05)
0.015
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from seedsoil._validation import number, numbers, probability, require, table
from seedsoil.bone import Modifier, Parameters, simulate

__all__ = ["bone_lost", "colonisation_probability", "lox_drive", "primed_colonisation"]

LABEL = "LOX drive (ASSUMPTION, illustrative)"
_EFFECT = "Use 0 for no LOX effect, 1 to double osteoclast formation (any finite value >= 0)."
_SIMULATED = "must be the DataFrame from bone.simulate()"


def lox_drive(effect: float, start: float = 0.0, stop: float = math.inf) -> Modifier:
    """LOX as an assumed extra drive on osteoclast formation, α₁ × (1 + ``effect``).

    Parameters
    ----------
    effect : float
        Relative increase in osteoclast formation while the primary tumour
        secretes LOX [dimensionless, >= 0]; 1.0 doubles it. Illustrative.
    start, stop : float
        Days when the primary tumour starts and stops secreting LOX [day]
        (``stop`` = removal of the primary, say).
    """
    effect = number(effect, "lox_drive(effect=...)", low=0, finite=True, hint=_EFFECT)
    return Modifier("osteoclast_formation", 1.0 + effect, start=start, stop=stop, label=LABEL)


def _bone_lost_pct(bone_lost_pct) -> np.ndarray:
    """The bone lost at arrival as a float array [% of normal]; bone gained (a negative loss) counts as no loss."""
    require(
        not isinstance(bone_lost_pct, str | bool) and bone_lost_pct is not None,
        f"bone_lost_pct must be a number or numbers [% of normal]; got {bone_lost_pct!r}.",
        TypeError,
    )
    return np.maximum(numbers(bone_lost_pct, "bone_lost_pct"), 0.0)


def colonisation_probability(bone_lost_pct, baseline: float, sensitivity: float):
    r"""Illustrative chance that an arriving tumour cell colonises bone.

    .. math:: p = \min\{1,\; p_0 (1 + s L)\}

    with :math:`L` the bone lost at arrival [% of normal, negatives count as 0],
    :math:`p_0` the baseline chance and :math:`s` the sensitivity [per %].
    An ASSUMPTION for teaching: no study has measured this link.
    """
    baseline = probability(baseline, "baseline", zero=False)
    sensitivity = number(sensitivity, "sensitivity", low=0, finite=True, hint="It is the rise per % of bone lost.")
    lost = _bone_lost_pct(bone_lost_pct)
    p = np.minimum(1.0, baseline * (1 + sensitivity * lost))
    return float(p) if p.ndim == 0 else p


def bone_lost(frame, day: float) -> float:
    """Bone lost by ``day`` [% of normal]: 100 minus the simulated bone mass, >= 0.

    ``frame`` is the output of :func:`seedsoil.bone.simulate` (columns ``day``
    and ``bone_mass``, days increasing); between rows the bone mass is
    interpolated linearly.
    """
    got = type(frame).__name__
    require(isinstance(frame, pd.DataFrame), f"bone_lost(frame=...) {_SIMULATED}; got {got}.", TypeError)
    table(frame, "bone_lost(frame=...)", ("day", "bone_mass"), made_by="bone.simulate()", rows=True)
    days = frame["day"].to_numpy(dtype=float)
    require(
        not np.isnan(days).any() and (np.diff(days) > 0).all(),
        "bone_lost(frame=...): the 'day' column must increase from row to row, as bone.simulate() returns it "
        "(was the frame sorted or reversed?).",
    )
    day = number(day, "bone_lost(day=...)")
    advice = "simulate for longer" if day > days[-1] else f"ask for a day from {days[0]:g} on"
    require(
        days[0] <= day <= days[-1],
        f"bone_lost(day={day:g}) is outside the simulation (days {days[0]:g}–{days[-1]:g}); {advice}.",
    )
    return max(0.0, 100.0 - float(np.interp(day, days, frame["bone_mass"].to_numpy(dtype=float))))


def primed_colonisation(
    params: Parameters,
    start: Sequence[float],
    *,
    effect: float,
    lox_days: float,
    arrival_day: float,
    baseline: float,
    sensitivity: float,
) -> float:
    """Chance that a cell arriving on ``arrival_day`` colonises, if LOX primed the bone.

    The primary tumour secretes LOX from day 0 to ``lox_days`` (:func:`lox_drive`);
    the bone model runs to the arrival day; :func:`colonisation_probability`
    turns the bone lost into a chance. Every input but the bone model is illustrative.
    """
    arrival_day = number(arrival_day, "primed_colonisation(arrival_day=...)", low=0, low_open=True, finite=True)
    lox_days = number(lox_days, "primed_colonisation(lox_days=...)", low=0, low_open=True)
    frame = simulate(
        params,
        start,
        arrival_day,
        modifiers=[lox_drive(effect, 0.0, lox_days)],
        step=arrival_day,
    )
    return colonisation_probability(bone_lost(frame, arrival_day), baseline, sensitivity)
