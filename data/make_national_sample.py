"""Write the synthetic national sample (issue 15): ``python data/make_national_sample.py OUT``.

A thin command line over :func:`cctvgeo.national.sample.national_sample`, whose docstring
says how the counts, places and attributes are chosen. ``--size small`` (default) writes
20,000 cameras in all 77 provinces in a few seconds; ``--size full`` writes 377,380
(Bangkok 68,747) for the benchmark. The same size and seed give the same bytes.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from cctvgeo.national.sample import SIZES, national_sample


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write the sample and list what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    out = national_sample(args.out_dir, size=args.size, seed=args.seed)
    for path in sorted(out.iterdir()):
        files = [path] if path.is_file() else sorted(path.rglob("*.parquet"))
        size = sum(f.stat().st_size for f in files)
        print(f"{path.name:18s} {len(files):3d} files {size / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
