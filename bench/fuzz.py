"""Fuzzing the extractor and the attribution parser: ``make fuzz`` (``python -m bench.fuzz``).

Runs the property tests of ``tests/pipelines/test_fuzz.py`` with many more examples than the
test suite does (``--examples``, 10,000 by default): mutated sample pages and random text
through ``extract_article``, random lines through the attribution parsers. Prints the tally;
exits non-zero if any input raised. A failing input hypothesis finds is printed; save it under
``tests/pipelines/crashers/`` so the suite keeps it fixed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import pytest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="examples per property")
    args = parser.parse_args(argv)
    os.environ["FUZZ_EXAMPLES"] = str(args.examples)
    start = time.perf_counter()
    status = pytest.main(["-q", "-p", "no:cacheprovider", "tests/pipelines/test_fuzz.py"])
    seconds = time.perf_counter() - start
    print(
        f"fuzz: {args.examples} examples per property, {seconds:.0f} s, "
        f"{'no input raised' if status == 0 else 'an input raised (see above)'}"
    )
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
