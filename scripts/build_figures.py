"""Render the site's figures into the git-ignored cache .figures-cache/, incrementally and in parallel.

    python scripts/build_figures.py [NAMES...] [--force] [--jobs N] [--cache DIR]

A thin command line over visual_backprop.draw.build, which says what is rebuilt when.
"""

import sys
from pathlib import Path

from visual_backprop.draw.build import main

if __name__ == "__main__":
    sys.exit(main(cache=Path(__file__).resolve().parent.parent / ".figures-cache"))
