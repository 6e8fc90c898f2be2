"""Run the benchmarks: ``python -m bench [--sizes 10000 100000 1000000] [--page-sizes S M L]
[--only matching] [--only pages]``.

Needs PostgreSQL (``BENCH_DATABASE_URL``, see ``bench.database``). Prints each benchmark's
Markdown report, ready for docs/performance.md.
"""

import argparse
from collections.abc import Callable
from typing import Any

from . import database


def _benchmarks() -> dict[str, Callable[[Any], str]]:
    from . import matching, pages

    return {"matching": matching.run, "pages": pages.run}


def main(argv: list[str] | None = None) -> None:
    from .matching import BASELINE_MAX, SIZES

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(SIZES), help="roster sizes to measure"
    )
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=BASELINE_MAX,
        help="largest roster on which the slow Python baseline runs",
    )
    parser.add_argument(
        "--page-sizes",
        nargs="+",
        default=["S", "M", "L"],
        choices=["S", "M", "L"],
        help="data sizes of the page benchmark (S, M, L: see bench/pages.py)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="measurements per subject")
    parser.add_argument("--only", action="append", help="run only these benchmarks")
    options = parser.parse_args(argv)
    database.setup_django()
    benchmarks = _benchmarks()
    for name, run in benchmarks.items():
        if options.only and name not in options.only:
            continue
        report = run(options)
        print(f"\n## {name}\n\n{report}\n")


if __name__ == "__main__":
    main()
