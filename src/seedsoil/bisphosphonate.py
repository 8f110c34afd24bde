r"""A bisphosphonate in the bone model: a thin layer over :class:`seedsoil.bone.Modifier`.

A bisphosphonate binds bone mineral and is taken up by the osteoclasts that
resorb it; nitrogen-containing ones (zoledronic acid) block farnesyl
pyrophosphate synthase, so the osteoclast stops resorbing and dies sooner
(Russell 2007). In the model of Komarova et al. (2003) that is one or both of

* a higher osteoclast removal rate, :math:`\beta_1 \to f_\beta \beta_1` with :math:`f_\beta \ge 1`;
* a lower resorption per osteoclast, :math:`k_1 \to f_k k_1` with :math:`0 < f_k \le 1`.

The sizes of :math:`f_\beta` and :math:`f_k` are ILLUSTRATIVE: no paper cited
by the course measures them for this model. The bone model's own
:class:`~seedsoil.bone.Modifier` carries them; this module only names the
drug, checks that its factors make sense for an anti-resorptive, and switches
it on and off at given days.

Read long runs with care: the bone model compares the cells with *fixed*
thresholds (the steady state without the drug). A drug left on moves the
cells below both thresholds, so remodelling stops and bone mass freezes; the
model's "prevention" then comes largely from that construction, and its size
depends on the illustrative strength (lesson 05 shows a short dose sweep).

References
----------
Russell RGG. Bisphosphonates: mode of action and pharmacology. Pediatrics
2007;119 Suppl 2:S150-S162. doi:10.1542/peds.2006-2023H
Komarova SV, et al. Bone 2003;33:206-215. doi:10.1016/S8756-3282(03)00157-1

Examples
--------
>>> [(m.process, m.factor) for m in bisphosphonate(removal_factor=2.0, start=30)]
[('osteoclast_removal', 2.0)]
>>> bisphosphonate()
()
"""

from __future__ import annotations

import math
import numbers

from seedsoil._validation import require
from seedsoil.bone import Modifier, _finite

__all__ = ["LABEL", "bisphosphonate"]

LABEL = "bisphosphonate (illustrative strength)"
_REMOVAL = (
    "A bisphosphonate makes osteoclasts die sooner, so it multiplies the removal rate β₁ by 1 or more "
    "(2 = twice as fast)."
)
_RESORPTION = "A bisphosphonate lowers the resorption per osteoclast k₁ (0.5 = halved, 1 = unchanged)."


def _days(start, stop) -> tuple[float, float]:
    """The days the drug acts, as floats: numbers with 0 <= start < stop."""
    for name, day in (("start", start), ("stop", stop)):
        is_day = isinstance(day, numbers.Real) and not isinstance(day, bool)
        require(is_day, f"bisphosphonate({name}=...) must be a number of days; got {day!r}.", TypeError)
    require(
        0 <= start < stop,
        f"bisphosphonate needs 0 <= start < stop [days]; got start={start!r}, stop={stop!r}. "
        "Use stop=math.inf for a drug that is never stopped.",
    )
    return float(start), float(stop)


def bisphosphonate(
    *,
    removal_factor: float = 1.0,
    resorption_factor: float = 1.0,
    start: float = 0.0,
    stop: float = math.inf,
) -> tuple[Modifier, ...]:
    """The modifiers that put a bisphosphonate into :func:`seedsoil.bone.simulate`.

    Parameters
    ----------
    removal_factor : float
        Multiplier on the osteoclast removal rate β₁ [dimensionless, >= 1]:
        2 means osteoclasts die twice as fast. 1 = no effect. Illustrative.
    resorption_factor : float
        Multiplier on the resorption per osteoclast k₁ [dimensionless,
        0 < f <= 1]: 0.5 halves the bone each excess osteoclast removes.
        1 = no effect. Illustrative.
    start, stop : float
        Days the drug acts [day], 0 <= start < stop; ``stop`` may be ``inf``.

    Returns
    -------
    tuple of seedsoil.bone.Modifier
        One modifier per factor that differs from 1 (empty: a placebo). Pass
        them, with any others, as ``simulate(..., modifiers=[...])``.

    Raises
    ------
    TypeError
        If a factor or day is not a number.
    ValueError
        If ``removal_factor`` < 1 or ``resorption_factor`` is not in (0, 1]
        (that would make the drug *increase* resorption), or the days are
        out of order.
    """
    removal = _finite(removal_factor, "bisphosphonate(removal_factor=...)", low=1, hint=_REMOVAL)
    resorption = _finite(
        resorption_factor, "bisphosphonate(resorption_factor=...)", low=0, high=1, low_open=True, hint=_RESORPTION
    )
    start, stop = _days(start, stop)
    factors = (("osteoclast_removal", removal), ("resorption", resorption))
    return tuple(
        Modifier(process, factor, start=start, stop=stop, label=LABEL) for process, factor in factors if factor != 1.0
    )
