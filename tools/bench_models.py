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


def bench_bone() -> list[tuple[str, float]]:
    from seedsoil.bone import Parameters, simulate

    healthy, tumour = Parameters.komarova2003(), Parameters.ayati2010_tumour()
    return [
        ("bone: Komarova healthy cycle, 400 days", _best_of(lambda: simulate(healthy, (11.0, 212.0, 100.0), 400))),
        ("bone: Ayati tumour case, 1000 days", _best_of(lambda: simulate(tumour, (15.0, 316.0, 100.0, 1.0), 1000))),
    ]
