"""The glossary, and its terms as abbreviations on every page.

includes/abbreviations.md is appended to every page by pymdownx.snippets
(mkdocs.yml), so a glossary term anywhere on the site shows its definition on
hover. Each definition there must be word for word the glossary's entry for the
term, so the two can never drift apart.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r"^- \*\*(.+?)\*\*: (.+?) See \[[^\]]+\]\(([^)]+)\)\.$", re.M)
ABBREVIATION = re.compile(r"^\*\[(.+?)\]: (.+)$", re.M)


def glossary():
    """{term: (definition, link)} from docs/glossary.md."""
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    return {term: (definition, link) for term, definition, link in ENTRY.findall(text)}


def abbreviations():
    text = (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    found = ABBREVIATION.findall(text)
    assert len(found) == len(lines), "every line of includes/abbreviations.md is one *[word]: definition"
    return dict(found)


def test_the_issues_terms_are_defined():
    terms = glossary()
    for term in ["parent", "child", "leaf", "upstream gradient", "downstream gradient", "local gradient",
                 "seed", "accumulation", "epoch", "learning rate", "gradient", "Jacobian", "logit"]:
        assert term in terms, term


def test_entries_are_in_alphabetical_order_and_link_to_a_page():
    terms = glossary()
    assert list(terms) == sorted(terms, key=str.lower)
    for term, (_, link) in terms.items():
        assert (ROOT / "docs" / link.split("#")[0]).is_file(), (term, link)


def test_every_abbreviation_is_its_glossary_entry_word_for_word():
    terms = glossary()
    definitions = {definition for definition, _ in terms.values()}
    for word, definition in abbreviations().items():
        assert definition in definitions, f"*[{word}] does not match any glossary entry"
        term = next(t for t, (d, _) in terms.items() if d == definition)
        assert word.lower()[:3] == term.lower()[:3], f"*[{word}] carries the definition of {term!r}"


def test_the_abbreviations_are_appended_to_every_page():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    snippets = next(e["pymdownx.snippets"] for e in config["markdown_extensions"]
                    if isinstance(e, dict) and "pymdownx.snippets" in e)
    assert snippets["auto_append"] == ["includes/abbreviations.md"]
    assert "content.tooltips" in config["theme"]["features"]
    assert config["nav"][-1] == {"Glossary": "glossary.md"}


def test_the_glossary_names_exactly_the_terms_without_a_tooltip():
    """Its opening names the terms that do not explain themselves on hover: those without an abbreviation."""
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    opening = " ".join(text.split("\n- ", 1)[0].split())
    named = re.search(r"that a tooltip would get in the way: (.+?) have none\.", opening)
    assert named, "docs/glossary.md does not say which terms have no tooltip"
    said = set(re.findall(r"\*\*(.+?)\*\*", named.group(1)))
    marked = set(abbreviations().values())
    without = {term for term, (definition, _) in glossary().items() if definition not in marked}
    assert said == without


def test_child_and_parent_mean_what_the_engine_means():
    """A parent is an input; both entries point to where computation-graphs introduces the words."""
    terms = glossary()
    assert terms["parent"][0].startswith("An input of the operation")
    assert terms["child"][0].startswith("A node made by an operation from its parents")
    page = (ROOT / "docs" / "computation-graphs.md").read_text(encoding="utf-8")
    section = page.split("## From a formula to a tree", 1)[1].split("\n## ", 1)[0]
    assert "*parents*" in section and "*child*" in section and "`_children`" in section
    assert "its children" not in page
    for term in ("parent", "child"):
        assert terms[term][1] == "computation-graphs.md#from-a-formula-to-a-tree"
