"""Bytes a reader downloads for each animation: the GIF against the step player (atlas + player.json).

    python scripts/bench_player.py [--cache DIR]

For every animation in the figures cache and every variant (wide/narrow, light/dark)
it prints the GIF's size, the player's size (that variant's atlas plus the whole
player.json, which the player fetches once) and their ratio; then each figure's
worst variant, worst first; the median and worst ratio; and the size of the
player's own script and stylesheet, unminified.
Targets: a ratio of at most about 1.5 and under about 10 KB of script and CSS.
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".figures-cache"
ASSETS = (ROOT / "docs" / "javascripts" / "player.js",)  # its CSS is part of the site's one stylesheet
RATIO_TARGET = 1.5
ASSET_TARGET = 10 * 1024


def animations(cache: Path):
    """(name, folder, player.json data) for every animation found in the cache, by name."""
    found = []
    for meta_path in sorted(cache.glob("**/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("kind") == "animation":
            player = meta_path.with_name("player.json")
            if not player.is_file():
                sys.exit(f"bench_player: animation {meta['name']} has no player.json in {player.parent}")
            found.append((meta["name"], meta_path.parent, json.loads(player.read_text(encoding="utf-8"))))
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE, help="figures cache (default .figures-cache)")
    args = parser.parse_args(argv)
    found = animations(args.cache)
    if not found:
        sys.exit(f"bench_player: no animation in {args.cache}; run scripts/build_figures.py first")
    ratios, worst = [], {}
    print(f"{'animation / variant':44} {'frames':>6} {'GIF B':>9} {'player B':>9} {'ratio':>6}")
    for name, folder, player in found:
        json_bytes = (folder / "player.json").stat().st_size
        for variant, info in player["variants"].items():
            gif = (folder / info["gif"]).stat().st_size
            mine = (folder / info["atlas"]).stat().st_size + json_bytes
            ratios.append(mine / gif)
            worst[name] = max(worst.get(name, (0, "")), (mine / gif, variant))
            print(f"{name + ' ' + variant:44} {player['frames']:>6} {gif:>9,} {mine:>9,} {mine / gif:>6.2f}")
    print("\nworst variant of each figure, worst first:")
    for name, (ratio, variant) in sorted(worst.items(), key=lambda item: (-item[1][0], item[0])):
        print(f"  {ratio:5.2f}  {name} {variant}")
    total = sum(path.stat().st_size for path in ASSETS)
    print(f"\nratio player/GIF over {len(ratios)} variants: median {statistics.median(ratios):.2f}, "
          f"worst {max(ratios):.2f} (target <= {RATIO_TARGET})")
    print("player assets, unminified: " + ", ".join(f"{p.name} {p.stat().st_size:,} B" for p in ASSETS)
          + f"; total {total:,} B (target < {ASSET_TARGET:,} B)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
