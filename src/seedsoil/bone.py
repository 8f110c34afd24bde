r"""Bone remodelling: osteoclasts, osteoblasts, bone mass, and a tumour that tips it.

The model of Komarova et al. (2003) couples osteoclasts :math:`x_1` (which
resorb bone) and osteoblasts :math:`x_2` (which form it) through autocrine and
paracrine signals written as power laws, and tracks the bone mass :math:`z` at
one remodelling site:

.. math::

    \frac{dx_1}{dt} = \alpha_1 x_1^{g_{11}} x_2^{g_{21}} - \beta_1 x_1, \qquad
    \frac{dx_2}{dt} = \alpha_2 x_1^{g_{12}} x_2^{g_{22}} - \beta_2 x_2,

.. math::

    \frac{dz}{dt} = -k_1 \max(0, x_1 - \bar x_1) + k_2 \max(0, x_2 - \bar x_2).

Ayati et al. (2010) add a tumour :math:`T` with Gompertz growth
:math:`dT/dt = \gamma_T T \ln(L_T / T)` that changes the exponents:
:math:`g_{11}(1 + r_{11} T/L_T)`, :math:`g_{21}(1 + r_{21} T/L_T)`,
:math:`g_{12} / (1 + r_{12} T/L_T)` and :math:`g_{22} - r_{22} T/L_T`
(as in the curated BioModels BIOMD0000000402). Their thresholds
:math:`\bar x_1, \bar x_2` are the steady state with the tumour at full size.

Limit of the model: the thresholds :math:`\bar x_1, \bar x_2` in the
bone-mass equation are fixed numbers (the steady state of the *unmodified*
parameters). A lasting change that moves the cells' steady state — for example
a :class:`Modifier` on osteoclast formation left on for good — leaves the cells
permanently above or below the thresholds, so bone mass then drifts linearly
without limit (gain or loss). That drift is an artefact of the fixed
thresholds, not a prediction; read long runs with lasting modifiers only for
their first cycle or two.

The thresholds are also one-sided (``max(0, ·)``): cells below their resting
level do not count. So even a *temporary* modifier can leave bone away from
where it started: after a drive on osteoclast formation stops, osteoclasts
(removed quickly, and held back by the still-raised osteoblasts, since
g21 < 0) fall below :math:`\bar x_1` and resorption is exactly zero, while the
slowly removed osteoblasts stay above :math:`\bar x_2` and keep forming bone.
Bone mass does not feed back on the cells, so formation runs past the starting
value (lesson 04). That overshoot is an artefact, not a prediction.

The Ayati tumour set sits on a knife edge. Its cells move in bursts, with
osteoclasts near 1e-8 between them, so bone mass changes in steps and its value
on a given day depends strongly on the run length and on g11 (lesson 03 prints
how much). Bone mass has no floor: the full tumour run goes negative after
about day 1200. With r22 = 0 the trace at full tumour is positive and both cell
types collapse. Read tumour runs qualitatively.

Drugs and hypotheses enter as :class:`Modifier` objects: a factor on one
process, switched on and off at given days. Lesson 04 uses one for the
(hypothetical) LOX drive; lesson 05 can use one for a bisphosphonate.

References
----------
Komarova SV, et al. Bone 2003;33:206-215. doi:10.1016/S8756-3282(03)00157-1
Ayati BP, et al. Biol Direct 2010;5:28. doi:10.1186/1745-6150-5-28
BioModels BIOMD0000000148 and BIOMD0000000402 (curated; correct typos in the
published steady-state formulas).

Examples
--------
>>> p = Parameters.komarova2003()
>>> x1_bar, x2_bar = steady_state(p)
>>> print(f"{x1_bar:.4f} osteoclasts, {x2_bar:.2f} osteoblasts")
1.0607 osteoclasts, 212.13 osteoblasts
>>> linear_stability(p).kind
'stable'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp

from seedsoil._validation import number, require
from seedsoil.data import load_table

__all__ = [
    "PROCESSES",
    "Modifier",
    "Parameters",
    "Stability",
    "effective_exponents",
    "gamma",
    "linear_stability",
    "rates",
    "simulate",
    "steady_state",
]

#: Processes a :class:`Modifier` can scale, and the parameter each one multiplies.
PROCESSES = {
    "osteoclast_formation": "alpha1",
    "osteoclast_removal": "beta1",
    "osteoblast_formation": "alpha2",
    "osteoblast_removal": "beta2",
    "resorption": "k1",
    "formation": "k2",
    "tumour_growth": "gamma_T",
}

# Solver settings: LSODA switches between stiff and non-stiff methods; these
# tolerances change the bone mass by < 0.01% against 1000x tighter ones.
_METHOD, _RTOL, _ATOL = "LSODA", 1e-8, 1e-10

# What a parameter must be besides a finite number, and what to do when it is not.
_POSITIVE = {
    "low": 0,
    "low_open": True,
    "hint": "Rates and capacities are positive; to weaken a process, use a Modifier with a factor below 1 instead.",
}
_NON_NEGATIVE = {"low": 0, "hint": "Use 0 to switch the term off."}
_BOUNDS = dict.fromkeys(("alpha1", "alpha2", "beta1", "beta2", "L_T"), _POSITIVE) | dict.fromkeys(
    ("k1", "k2", "gamma_T", "r11", "r21", "r12", "r22"), _NON_NEGATIVE
)
_FRACTION = "It is the tumour's share of its carrying capacity, T/L_T: 0 = no tumour, 1 = full size."
_STATE = "(osteoclasts, osteoblasts, bone_mass, tumour)"
_START = "(osteoclasts, osteoblasts, bone_mass[, tumour])"


def _finite(value, name: str, **bounds) -> float:
    """``value`` as a float: a finite number within ``bounds``; NaN is refused as not finite, like infinity."""
    require(not (isinstance(value, numbers.Real) and math.isnan(value)), f"{name} must be finite; got nan.")
    return number(value, name, finite=True, **bounds)


def _is_sequence(value) -> bool:
    """Whether ``value`` is a list, tuple or array (text is not)."""
    return isinstance(value, Sequence | np.ndarray) and not isinstance(value, str)


@dataclass(frozen=True)
class Parameters:
    """Parameters of the bone-remodelling model; make them with a cited factory.

    Attributes
    ----------
    alpha1 : float
        Osteoclast production rate α₁ [1/day, in cell-number units]. Komarova 2003.
    alpha2 : float
        Osteoblast production rate α₂ [1/day, in cell-number units]. Komarova 2003.
    beta1 : float
        Osteoclast removal rate β₁ [1/day]. Komarova 2003.
    beta2 : float
        Osteoblast removal rate β₂ [1/day]. Komarova 2003.
    g11 : float
        Osteoclast autocrine exponent (osteoclasts on themselves) [dimensionless].
    g21 : float
        Osteoblast-to-osteoclast paracrine exponent (RANKL/OPG route) [dimensionless].
    g12 : float
        Osteoclast-to-osteoblast paracrine exponent [dimensionless].
    g22 : float
        Osteoblast autocrine exponent [dimensionless].
    k1 : float
        Resorption per excess osteoclast [% bone mass per cell per day].
    k2 : float
        Formation per excess osteoblast [% bone mass per cell per day].
    gamma_T : float
        Tumour growth rate γ_T of the Gompertz law [1/day]; 0 = no tumour model.
        Ayati 2010.
    L_T : float
        Tumour carrying capacity L_T [tumour units, same as T]. Ayati 2010.
    r11, r21, r12, r22 : float
        Strength of the tumour's effect on g11, g21, g12, g22 at full tumour
        size [dimensionless, >= 0]. Ayati 2010.
    """

    alpha1: float
    alpha2: float
    beta1: float
    beta2: float
    g11: float
    g21: float
    g12: float
    g22: float
    k1: float
    k2: float
    gamma_T: float = 0.0
    L_T: float = 100.0
    r11: float = 0.0
    r21: float = 0.0
    r12: float = 0.0
    r22: float = 0.0

    def __post_init__(self):
        for f in fields(self):
            _finite(getattr(self, f.name), f"Parameters.{f.name}", **_BOUNDS.get(f.name, {}))
        for fraction in (0.0, 1.0):
            require(
                not math.isclose(gamma(self, fraction), 0.0, abs_tol=1e-12),
                f"These exponents give Γ = 0 (tumour fraction {fraction:g}), so the model has no isolated "
                "steady state and the bone thresholds are undefined. "
                "Change g11, g21, g12 or g22 (Γ = g12·g21 − (1 − g11)(1 − g22)).",
            )

    @classmethod
    def komarova2003(cls) -> Parameters:
        """Komarova et al. 2003, as curated in BioModels BIOMD0000000148 (no tumour).

        The values are the ``komarova2003`` parameter rows of the course table
        ``bone_model_parameters``.
        """
        return cls._from_table("komarova2003")

    @classmethod
    def ayati2010_tumour(cls) -> Parameters:
        """Ayati et al. 2010, myeloma case, as curated in BioModels BIOMD0000000402.

        The values are the ``ayati2010_tumour`` parameter rows of the course
        table ``bone_model_parameters``.
        """
        return cls._from_table("ayati2010_tumour")

    @classmethod
    def _from_table(cls, model: str) -> Parameters:
        """The ``parameter`` rows of ``model`` in the course table ``bone_model_parameters``."""
        table = load_table("bone_model_parameters")
        rows = table[(table["model"] == model) & (table["kind"] == "parameter")]
        return cls(**{name: float(value) for name, value in zip(rows["name"], rows["value"], strict=True)})

    @cached_property
    def thresholds(self) -> tuple[float, float]:
        """Cell numbers above which osteoclasts resorb and osteoblasts form bone:
        the steady state with the tumour at full size (= Komarova's when all r = 0).

        They do not follow :class:`Modifier` objects: with a lasting modifier the
        cells settle away from them and bone mass drifts without limit (a limit
        of the model, see the module docstring).
        """
        return steady_state(self, tumour_fraction=1.0)


@dataclass(frozen=True)
class Modifier:
    """Multiply one process by ``factor`` from day ``start`` until day ``stop``.

    Parameters
    ----------
    process : str
        One of :data:`PROCESSES`, e.g. ``"osteoclast_formation"`` (scales α₁) or
        ``"osteoclast_removal"`` (scales β₁).
    factor : float
        Multiplier [dimensionless, >= 0]: 2 doubles the process, 0.5 halves it.
    start, stop : float
        Days when the modifier switches on and off [day]; ``stop`` may be ``inf``.
    label : str
        What the modifier stands for, e.g. "LOX drive (ASSUMPTION)".

    Examples
    --------
    >>> Modifier("osteoclast_removal", 2.0, start=100, label="bisphosphonate").factor
    2.0
    """

    process: str
    factor: float
    start: float = 0.0
    stop: float = math.inf
    label: str = field(default="")

    def __post_init__(self):
        process, factor, start, stop = self.process, self.factor, self.start, self.stop
        known = isinstance(process, str) and process in PROCESSES
        require(known, f"Modifier process {process!r} is unknown; choose one of {sorted(PROCESSES)}.")
        factor = number(factor, "Modifier factor")
        require(
            math.isfinite(factor) and factor >= 0,
            f"Modifier factor must be a finite number >= 0; got {self.factor!r} "
            "(1 = no change, 2 = doubled, 0.5 = halved).",
        )
        for name, day in (("start", start), ("stop", stop)):
            is_day = isinstance(day, numbers.Real) and not isinstance(day, bool) and not math.isnan(day)
            require(is_day, f"Modifier {name} must be a number of days; got {type(day).__name__} {day!r}.", TypeError)
        require(isinstance(self.label, str), f"Modifier label must be text; got {self.label!r}.", TypeError)
        require(0 <= start < stop, f"Modifier needs 0 <= start < stop [days]; got start={start!r}, stop={stop!r}.")

    def active(self, t: float) -> bool:
        """Whether the modifier acts at day ``t`` (on at ``start``, off at ``stop``)."""
        return self.start <= t < self.stop


def _parameters(params, name: str) -> Parameters:
    """``params`` if it is a :class:`Parameters`; the message says how to make one."""
    require(
        isinstance(params, Parameters),
        f"{name} must be a bone.Parameters, e.g. Parameters.komarova2003(); got {type(params).__name__}.",
        TypeError,
    )
    return params


def effective_exponents(params: Parameters, tumour_fraction: float = 0.0) -> tuple[float, float, float, float]:
    """Exponents (g11, g21, g12, g22) with a tumour at T/L_T = ``tumour_fraction``.

    Ayati et al. 2010 (BIOMD0000000402): g11(1 + r11 f), g21(1 + r21 f),
    g12 / (1 + r12 f), g22 − r22 f. With all r = 0 they are Komarova's.
    """
    f = tumour_fraction
    return (
        params.g11 * (1 + params.r11 * f),
        params.g21 * (1 + params.r21 * f),
        params.g12 / (1 + params.r12 * f),
        params.g22 - params.r22 * f,
    )


def gamma(params: Parameters, tumour_fraction: float = 0.0) -> float:
    """Γ = g12·g21 − (1 − g11)(1 − g22), with the exponents at ``tumour_fraction``."""
    g11, g21, g12, g22 = effective_exponents(params, tumour_fraction)
    return g12 * g21 - (1 - g11) * (1 - g22)


def steady_state(params: Parameters, tumour_fraction: float = 0.0) -> tuple[float, float]:
    r"""The steady state (x̄₁, x̄₂) [cells]; corrected formulas of BIOMD 148 and 402.

    .. math::

        \bar x_1 = (\beta_1/\alpha_1)^{(1-g_{22})/\Gamma}
                    (\beta_2/\alpha_2)^{g_{21}/\Gamma},
        \quad
        \bar x_2 = (\beta_1/\alpha_1)^{g_{12}/\Gamma}
                    (\beta_2/\alpha_2)^{(1-g_{11})/\Gamma}
    """
    params = _parameters(params, "steady_state(params=...)")
    tumour_fraction = number(tumour_fraction, "steady_state(tumour_fraction=...)", low=0, high=1, hint=_FRACTION)
    g11, g21, g12, g22 = effective_exponents(params, tumour_fraction)
    big_gamma = gamma(params, tumour_fraction)
    a = params.beta1 / params.alpha1
    b = params.beta2 / params.alpha2
    return (
        a ** ((1 - g22) / big_gamma) * b ** (g21 / big_gamma),
        a ** (g12 / big_gamma) * b ** ((1 - g11) / big_gamma),
    )


@dataclass(frozen=True)
class Stability:
    """Linear stability of the steady state (Jacobian in log-cell coordinates).

    ``gamma`` > 0 makes the determinant negative: a saddle, cells run away.
    With ``gamma`` < 0, the sign of ``trace`` decides: < 0 damped (a single
    remodelling cycle), 0 neutral cycles, > 0 growing oscillations.
    ``period_days`` is 2π/ω of the linearised oscillation (``nan`` if none).
    """

    gamma: float
    trace: float
    determinant: float
    kind: str
    period_days: float


def linear_stability(params: Parameters, tumour_fraction: float = 0.0) -> Stability:
    """Classify the steady state: saddle, stable, neutral or unstable.

    In log coordinates uᵢ = ln xᵢ the Jacobian at the steady state is
    [[β₁(g11−1), β₁g21], [β₂g12, β₂(g22−1)]], so det = −β₁β₂Γ and
    trace = β₁(g11−1) + β₂(g22−1).
    """
    params = _parameters(params, "linear_stability(params=...)")
    tumour_fraction = number(tumour_fraction, "linear_stability(tumour_fraction=...)", low=0, high=1, hint=_FRACTION)
    g11, g21, g12, g22 = effective_exponents(params, tumour_fraction)
    b1, b2 = params.beta1, params.beta2
    big_gamma = gamma(params, tumour_fraction)
    trace = b1 * (g11 - 1) + b2 * (g22 - 1)
    det = -b1 * b2 * big_gamma
    if det < 0:
        kind = "saddle"
    elif math.isclose(trace, 0.0, abs_tol=1e-12):
        kind = "neutral"
    else:
        kind = "stable" if trace < 0 else "unstable"
    omega_sq = det - trace**2 / 4
    period = 2 * math.pi / math.sqrt(omega_sq) if omega_sq > 0 else math.nan
    return Stability(big_gamma, trace, det, kind, period)


def _checked_state(state) -> tuple[float, float, float, float]:
    """The four state values as floats; cells must be > 0 (x**g of a negative count is complex)."""
    # An `if`, not require(): rates() runs inside the solver, so build this message only when it is needed.
    if not (_is_sequence(state) and len(state) == 4):
        raise ValueError(f"state must be {_STATE}; got {state!r:.80}.")
    x1, x2, bone_mass, tumour = (float(v) for v in state)
    for name, cells in (("osteoclasts", x1), ("osteoblasts", x2)):
        require(
            math.isfinite(cells) and cells > 0,
            f"state: {name} must be a finite number > 0 (the model raises cell numbers to powers); got {cells:g}.",
        )
    require(math.isfinite(tumour) and tumour >= 0, f"state: tumour must be a finite number >= 0; got {tumour:g}.")
    return x1, x2, bone_mass, tumour


def _checked_factors(factors) -> dict[str, float]:
    """Every process's multiplier (1 when absent); unknown names and negative factors refused."""
    given = dict(factors or {})
    unknown = set(given) - set(PROCESSES)
    if unknown:  # not require(): see _checked_state
        raise ValueError(f"factors: unknown process name(s) {sorted(unknown)}; the model's processes are {PROCESSES}.")
    for name, value in given.items():
        usable = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value) and value >= 0
        require(usable, f"factors[{name!r}] must be a finite number >= 0 (1 = unchanged); got {value!r}.")
    return {process: 1.0 for process in PROCESSES} | {k: float(v) for k, v in given.items()}


def rates(
    state: Sequence[float],
    params: Parameters,
    factors: Mapping[str, float] | None = None,
) -> tuple[float, float, float, float]:
    """Rates of change (dx₁/dt, dx₂/dt, dz/dt, dT/dt) at one moment [per day].

    Parameters
    ----------
    state : (osteoclasts, osteoblasts, bone_mass, tumour)
        Cells [cells], bone mass [% of start], tumour [tumour units]; cells > 0.
    params : Parameters
    factors : mapping of process name to multiplier, optional
        Products of the active :class:`Modifier` factors (1 when absent).
    """
    x1, x2, _bone, tumour = _checked_state(state)
    f = _checked_factors(factors)
    g11, g21, g12, g22 = effective_exponents(params, tumour / params.L_T)
    x1_bar, x2_bar = params.thresholds
    dx1 = f["osteoclast_formation"] * params.alpha1 * x1**g11 * x2**g21 - f["osteoclast_removal"] * params.beta1 * x1
    dx2 = f["osteoblast_formation"] * params.alpha2 * x1**g12 * x2**g22 - f["osteoblast_removal"] * params.beta2 * x2
    dz = -f["resorption"] * params.k1 * max(0.0, x1 - x1_bar) + f["formation"] * params.k2 * max(0.0, x2 - x2_bar)
    growth = params.gamma_T * tumour * math.log(params.L_T / tumour) if tumour > 0 else 0.0
    return dx1, dx2, dz, f["tumour_growth"] * growth


def _factors(modifiers: Sequence[Modifier], t: float) -> dict[str, float]:
    out: dict[str, float] = {}
    for m in modifiers:
        if m.active(t):
            out[m.process] = out.get(m.process, 1.0) * m.factor
    return out


def _log_rhs(t, y, params, factors, has_tumour):
    # Cells and tumour are integrated as logarithms, so they stay > 0 (the power
    # laws need that) and deep troughs are resolved accurately.
    x1, x2 = math.exp(y[0]), math.exp(y[1])
    tumour = math.exp(y[3]) if has_tumour else 0.0
    dx1, dx2, dz, dT = rates((x1, x2, y[2], tumour), params, factors)
    return [dx1 / x1, dx2 / x2, dz, dT / tumour if has_tumour else 0.0]


def _checked_start(start) -> tuple[float, float, float, float]:
    """The start state as four floats, tumour 0 when only three are given; cells > 0, tumour >= 0."""
    require(_is_sequence(start), f"start must be a sequence {_START}; got {type(start).__name__}.", TypeError)
    values = tuple(number(v, f"start[{i}]") for i, v in enumerate(start)) + (0.0,) * (len(start) == 3)
    require(len(values) == 4, f"start must be {_START}; got {len(start)} values.")
    x1, x2, z, tumour = values
    require(
        x1 > 0 and x2 > 0,
        f"start cell numbers must be > 0 (the model's power laws need it); got osteoclasts={x1!r}, osteoblasts={x2!r}.",
    )
    require(
        math.isfinite(z) and math.isfinite(tumour) and tumour >= 0,
        f"start bone mass must be finite and tumour >= 0; got {z!r}, {tumour!r}.",
    )
    return values


def _step_count(days: float, step: float) -> int:
    """The number of steps of ``step`` in ``days``; it must be whole, so that the last row is day ``days``."""
    n_steps = round(days / step)
    below = max(1, math.floor(days / step)) * step
    require(
        n_steps >= 1 and math.isclose(n_steps * step, days, rel_tol=1e-9, abs_tol=1e-9),
        f"days={days:g} is not a whole number of steps of {step:g} days, so the last row would not be "
        f"day {days:g}. Use days={below:g} or {below + step:g}, or a step that divides {days:g} (e.g. step={days:g}).",
    )
    return n_steps


def _checked_modifiers(modifiers) -> Sequence[Modifier]:
    """``modifiers`` if it is a list (or tuple) of :class:`Modifier` objects."""
    listed = "modifiers must be a list of bone.Modifier objects; got"
    require(
        not isinstance(modifiers, Modifier),
        f"{listed} a single Modifier. Wrap it in a list: modifiers=[...].",
        TypeError,
    )
    require(_is_sequence(modifiers), f"{listed} {type(modifiers).__name__}.", TypeError)
    strangers = [m for m in modifiers if not isinstance(m, Modifier)]
    require(
        not strangers, f"modifiers must be bone.Modifier objects; got {', '.join(map(repr, strangers))}.", TypeError
    )
    return modifiers


def simulate(
    params: Parameters,
    start: Sequence[float],
    days: float,
    *,
    modifiers: Sequence[Modifier] = (),
    step: float = 1.0,
) -> pd.DataFrame:
    """Integrate the model for ``days`` days from ``start``.

    Parameters
    ----------
    params : Parameters
    start : (osteoclasts, osteoblasts, bone_mass[, tumour])
        Initial state [cells, cells, % of normal, tumour units]; tumour 0 = none.
    days : float
        Length of the simulation [day], > 0, and a whole multiple of ``step``:
        the last row is day ``days`` exactly.
    modifiers : sequence of Modifier
        Drugs or hypothetical drives (a list, even of one); the integration
        restarts at each switch.
    step : float
        Spacing of the returned rows [day], > 0.

    Returns
    -------
    pandas.DataFrame
        Columns ``day``, ``osteoclasts``, ``osteoblasts``, ``bone_mass``, ``tumour``.
    """
    params = _parameters(params, "params")
    days = number(days, "days")
    require(math.isfinite(days) and days > 0, f"days must be a finite number > 0; got {days!r}.")
    step = number(step, "step", low=0, low_open=True, finite=True, hint="It is the spacing of the rows [day].")
    n_steps = _step_count(days, step)
    modifiers = _checked_modifiers(modifiers)
    x1, x2, z, tumour = _checked_start(start)
    has_tumour = tumour > 0
    y = np.array([math.log(x1), math.log(x2), z, math.log(tumour) if has_tumour else 0.0])
    grid = np.arange(n_steps + 1) * step
    grid[-1] = days  # exactly, whatever the rounding of n_steps * step
    cuts = sorted({0.0, float(days)} | {t for m in modifiers for t in (m.start, m.stop) if 0 < t < days})
    pieces = [y[None, :]]
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        inside = grid[(grid > a) & (grid <= b)]
        sol = solve_ivp(
            _log_rhs,
            (a, b),
            y,
            method=_METHOD,
            rtol=_RTOL,
            atol=_ATOL,
            t_eval=np.append(inside, b) if (inside.size == 0 or inside[-1] < b) else inside,
            args=(params, _factors(modifiers, a), has_tumour),
        )
        if not sol.success:
            raise RuntimeError(f"The solver failed between day {a:g} and {b:g}: {sol.message}")
        y = sol.y[:, -1]
        keep = np.isin(sol.t, inside)
        pieces.append(sol.y[:, keep].T)
    out = np.vstack(pieces)
    return pd.DataFrame(
        {
            "day": grid,
            "osteoclasts": np.exp(out[:, 0]),
            "osteoblasts": np.exp(out[:, 1]),
            "bone_mass": out[:, 2],
            "tumour": np.exp(out[:, 3]) if has_tumour else 0.0,
        }
    )
