"""Figures from Lighthouse reports: scores and timings per run, medians over runs, the printed tables."""

import statistics

CATEGORIES = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}
TARGETS = {"perf": 95, "a11y": 100, "best": 100}
CLS_TARGET = 0.02
ROW = ("{page:32} {perf:>4} {a11y:>4} {best:>4} {seo:>4} {cls:>6} {lcp_s:>6} {tbt_ms:>6} {paint_ms:>8} "
       "{kib:>6}")
DIGITS = {"perf": 0, "a11y": 0, "best": 0, "seo": 0, "cls": 3, "lcp_s": 2, "tbt_ms": 0, "paint_ms": 0,
          "kib": 0}
FLOOR_ROW = ("{page:22} {perf:>9} {fcp_s:>11} {lcp_s:>11} {tbt_ms:>11} {cls:>11} {elements:>11} {kib:>11}")
FLOOR_DIGITS = {"perf": 0, "fcp_s": 2, "lcp_s": 2, "tbt_ms": 0, "cls": 3, "elements": 0, "kib": 0}


def page_name(path: str) -> str:
    """A page's short name in the table and report files: its path with dashes, "home" for the root."""
    return path.strip("/").replace("/", "-") or "home"


def named(path: str, words: list[str]) -> bool:
    """Whether a page was asked for: no words, or its name starts with one ("code" for every code page)."""
    return not words or page_name(path).startswith(tuple(words))


def numbers(report: dict) -> dict:
    """The figures this script reports, from one Lighthouse report."""
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {report['runtimeError']}")
    audits = report["audits"]
    scores = {name: category["score"] or 0 for name, category in report["categories"].items()}
    row = {short: round(100 * scores[name]) for name, short in CATEGORIES.items()}
    row["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    row["lcp_s"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    row["tbt_ms"] = audits["total-blocking-time"]["numericValue"]
    # When the page's first frame really reached the screen in this (unthrottled) run. Lighthouse
    # simulates a slow phone from this run's trace: the later this paint, the more of the page's
    # work its simulated LCP includes.
    row["paint_ms"] = audits["metrics"]["details"]["items"][0]["observedFirstContentfulPaint"]
    row["bench"] = report["environment"]["benchmarkIndex"]
    row["kib"] = audits["total-byte-weight"]["numericValue"] / 1024
    row["fcp_s"] = audits["first-contentful-paint"]["numericValue"] / 1000
    row["elements"] = audits["dom-size"]["numericValue"]
    return row


def losses(report: dict) -> list[str]:
    """The weighted audits that cost points, in categories below 100."""
    found = []
    for name, category in report["categories"].items():
        if (category["score"] or 0) >= 1:
            continue
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = f", {audit['displayValue']}" if audit.get("displayValue") else ""
                found.append(f"{CATEGORIES[name]}: {ref['id']} (score {audit['score']:.2f}{value})")
    return found


def misses(row: dict) -> list[str]:
    """The targets a page's row misses."""
    missed = [f"{key} {row[key]} < {target}" for key, target in TARGETS.items() if row[key] < target]
    if row["cls"] > CLS_TARGET:
        missed.append(f"CLS {row['cls']:.2g} > {CLS_TARGET}")
    return missed


def median_row(rows: list[dict]) -> dict:
    """The median over a page's runs of each figure in the table."""
    return {key: statistics.median(r[key] for r in rows) for key in DIGITS}


def print_table_header():
    """The table's header line and its rule."""
    header = ROW.format(page="page", perf="perf", a11y="a11y", best="best", seo="seo", cls="CLS",
                        lcp_s="LCP s", tbt_ms="TBT ms", paint_ms="paint ms", kib="KiB")
    print(header)
    print("-" * len(header))


def print_table_row(name: str, row: dict):
    """One page's medians as a table line, each figure rounded to its digits."""
    print(ROW.format(page=name, **{key: f"{row[key]:.{DIGITS[key]}f}" for key in DIGITS}), flush=True)


def print_floor_table(rows: dict, chosen: list[str], sides, title: str):
    """Each page's medians so far, ours / the floor's."""
    header = FLOOR_ROW.format(page="page (ours / floor)", perf="perf", fcp_s="FCP s", lcp_s="LCP s",
                              tbt_ms="TBT ms", cls="CLS", elements="elements", kib="KiB")
    print(f"{title}:\n{header}\n{'-' * len(header)}")
    for path in chosen:
        medians = {side: {key: statistics.median(r[key] for r in rows[side, path]) for key in FLOOR_DIGITS}
                   for side in sides}
        cells = {key: "/".join(f"{medians[side][key]:.{digits}f}" for side in sides)
                 for key, digits in FLOOR_DIGITS.items()}
        print(FLOOR_ROW.format(page=page_name(path), **cells), flush=True)
