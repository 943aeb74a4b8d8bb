"""Render the site's figures into the git-ignored cache .figures-cache/, incrementally and in parallel.

    python scripts/build_figures.py [NAMES...] [--force] [--jobs N] [--cache DIR]

A thin command line over visual_backprop.draw.build (which says what is rebuilt when), for the
site's figure package article_figures (the folder scripts/figures/).
"""

import argparse
import sys
from pathlib import Path

import article_figures
from visual_backprop.draw.build import FigureError, build

CACHE = Path(__file__).resolve().parent.parent / ".figures-cache"


def main(argv=None):
    """Build the figures named (default: all); 0 on success, 1 with the errors on stderr."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="figures to build (default: all)")
    parser.add_argument("--force", action="store_true", help="rebuild even when the cache is fresh")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: one per core)")
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"output folder (default {CACHE})")
    args = parser.parse_args(argv)
    try:
        metas = build(args.names or None, package=article_figures.__name__, cache=args.cache,
                      force=args.force, jobs=args.jobs)
    except FigureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"figures: {len(metas)} up to date in {args.cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
