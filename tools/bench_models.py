"""Model benchmarks for `make bench`.

Each function named ``bench_<something>()`` returns a list of rows
``(label, seconds)``; tools/bench.py calls every one and prints the rows. Keep
each under a few seconds: this is a measurement, not a test.
"""

import time


def _best_of(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_data_loader() -> list[tuple[str, float]]:
    from seedsoil.data import _load_cached, load_table

    def cold():
        _load_cached.cache_clear()
        load_table("references")

    return [
        ("load_table('references'), validated (cold)", _best_of(cold)),
        ("load_table('references'), cached", _best_of(lambda: load_table("references"))),
    ]


def bench_cascade() -> list[tuple[str, float]]:
    """Binomial thinning: the cost should not grow with the number of cells."""
    import numpy as np

    from seedsoil.cascade import CascadeParameters, simulate_cascade

    base = CascadeParameters.from_data()
    rng = np.random.default_rng(0)
    rows = []
    for cells in (1e3, 1e6, 1e9):
        # Tumour mass chosen so that `cells` enter the blood per day.
        params = CascadeParameters(
            cells / base.shedding_per_g_per_day,
            base.shedding_per_g_per_day,
            base.steps,
            base.probabilities,
        )
        seconds = _best_of(lambda p=params: simulate_cascade(p, days=365, replicates=100, rng=rng))
        rows.append((f"cascade, {cells:.0e} cells/day x 365 days x 100 runs", seconds))
    return rows


def bench_bone() -> list[tuple[str, float]]:
    from seedsoil.bone import Parameters, simulate

    healthy, tumour = Parameters.komarova2003(), Parameters.ayati2010_tumour()
    return [
        ("bone: Komarova healthy cycle, 400 days", _best_of(lambda: simulate(healthy, (11.0, 212.0, 100.0), 400))),
        ("bone: Ayati tumour case, 1000 days", _best_of(lambda: simulate(tumour, (15.0, 316.0, 100.0, 1.0), 1000))),
    ]


def bench_virtual_trial() -> list[tuple[str, float]]:
    """Lesson 08: one virtual trial (inverse-transform times, censoring) and its O-E/V estimate.

    Both are vectorised, so the cost grows about linearly with the number of women
    (the estimator's sort adds a log factor); 10^5 women should take milliseconds.
    """
    import numpy as np

    from seedsoil.survival_analysis import peto_hazard_ratio
    from seedsoil.virtual_trial import TrialParameters, simulate_trial

    rng = np.random.default_rng(0)
    rows = []
    for women in (10**3, 10**4, 10**5):
        params = TrialParameters.from_data(patients=women)
        seconds = _best_of(lambda p=params: simulate_trial(p, rng=rng))
        rows.append((f"virtual trial: simulate {women:.0e} women", seconds))
        trial = simulate_trial(params, rng=rng)
        seconds = _best_of(lambda t=trial: peto_hazard_ratio(t["time"], t["event"], t["treated"]))
        rows.append((f"virtual trial: exp((O-E)/V) on {women:.0e} women", seconds))
    return rows
