"""An independent reference for the bone model, for tests only.

The right-hand side below is typed again from the equations of the curated
BioModels entries (BIOMD0000000148: Komarova 2003; BIOMD0000000402: Ayati 2010
with tumour), without using any code of :mod:`seedsoil.bone`, and integrated
with a plain fixed-step Runge-Kutta in the natural variables (not solve_ivp,
not logarithms). The bone thresholds are passed in as numbers derived by hand
or taken from the BioModels port, so a mistake in the package's thresholds,
exponent forms or solver shows up as a disagreement.
"""

import math

import numpy as np

# Parameters by the BioModels names (alpha1 = a1, ..., gamma_T = gT).
KOMAROVA = dict(
    a1=3,
    a2=4,
    b1=0.2,
    b2=0.02,
    g11=0.5,
    g21=-0.5,
    g12=1,
    g22=0,
    k1=0.24,
    k2=0.0017,
    gT=0,
    LT=100,
    r11=0,
    r21=0,
    r12=0,
    r22=0,
)
AYATI = dict(
    a1=3,
    a2=4,
    b1=0.2,
    b2=0.02,
    g11=1.1,
    g21=-0.5,
    g12=1,
    g22=0,
    k1=0.0748,
    k2=0.0006395,
    gT=0.005,
    LT=100,
    r11=0.005,
    r21=0,
    r12=0,
    r22=0.2,
)

# Komarova thresholds by hand (see test_bone.test_komarova_steady_state_by_hand):
# x̄1 = 15·√0.005, x̄2 = 15/√0.005.
KOMAROVA_BARS = (15 * math.sqrt(0.005), 15 / math.sqrt(0.005))
# Ayati thresholds (steady state at T = L_T) as listed by the E-Cell port of BIOMD0000000402.
AYATI_BARS = (4.99380996157, 315.901488672)


def reference_rates(y, p, bars):
    """(dx1/dt, dx2/dt, dz/dt, dT/dt) from the BioModels equations."""
    x1, x2, _z, tumour = y
    frac = tumour / p["LT"]
    g11 = p["g11"] * (1 + p["r11"] * frac)
    g21 = p["g21"] * (1 + p["r21"] * frac)
    g12 = p["g12"] / (1 + p["r12"] * frac)
    g22 = p["g22"] - p["r22"] * frac
    return np.array(
        [
            p["a1"] * x1**g11 * x2**g21 - p["b1"] * x1,
            p["a2"] * x1**g12 * x2**g22 - p["b2"] * x2,
            -p["k1"] * max(0.0, x1 - bars[0]) + p["k2"] * max(0.0, x2 - bars[1]),
            p["gT"] * tumour * math.log(p["LT"] / tumour) if tumour > 0 else 0.0,
        ]
    )


def reference_run(p, bars, start, days, dt=0.05):
    """States on every step of a fixed-step RK4 run; rows are days 0, dt, 2dt, ..."""
    y = np.array(start, dtype=float)
    out = [y]
    for _ in range(round(days / dt)):
        k1 = reference_rates(y, p, bars)
        k2 = reference_rates(y + dt / 2 * k1, p, bars)
        k3 = reference_rates(y + dt / 2 * k2, p, bars)
        k4 = reference_rates(y + dt * k3, p, bars)
        y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        out.append(y)
    return np.array(out)
