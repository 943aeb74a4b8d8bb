"""docs/where-next.md: the classic references, each linked with a line on what it adds, and the optimisers."""

import re

import pytest
from page_text import DOCS, page

REFERENCES = {
    "Nielsen's chapter 2": "neuralnetworksanddeeplearning.com/chap2.html",
    "Karpathy's micrograd lecture": "youtube.com/watch?v=VMj-3S1tku0",
    "3Blue1Brown, what backpropagation is doing": "3blue1brown.com/lessons/backpropagation)",
    "3Blue1Brown, backpropagation calculus": "3blue1brown.com/lessons/backpropagation-calculus",
    "CS231n's notes": "cs231n.github.io/optimization-2/",
    "Olah's post": "colah.github.io/posts/2015-08-Backprop/",
    "Baydin et al.'s survey": "jmlr.org/papers/v18/17-468.html",
}


def section(title):
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", page("where-next"), re.S | re.M)
    assert match, f"docs/where-next.md has no section {title!r}"
    return match.group(1)


@pytest.mark.parametrize("name", REFERENCES)
def test_each_reference_is_linked_with_a_line_on_what_it_adds(name):
    text = section("The classic references, and what each adds")
    items = re.split(r"^- ", text, flags=re.M)[1:]
    item = next((i for i in items if REFERENCES[name] in i), None)
    assert item, f"{name}: no list item links {REFERENCES[name]}"
    prose = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", item)
    assert len(prose.split()) >= 30, f"{name}: say what it adds"


def test_a_pointer_to_optimisers_beyond_plain_gradient_descent():
    text = section("Beyond plain gradient descent")
    for word in ("momentum", "RMSProp", "Adam", "(training.md)", "cs231n.github.io/neural-networks-3/"):
        assert word in text, word


def test_the_site_pages_it_links_exist():
    targets = re.findall(r"\]\(([\w-]+)\.md\)", section("The classic references, and what each adds"))
    assert {"layers", "forward-reverse", "accumulation"} <= set(targets)
    for target in targets:
        assert (DOCS / f"{target}.md").is_file(), target
