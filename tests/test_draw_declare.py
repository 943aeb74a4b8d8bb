"""@figure keeps its declaration on the function; declarations(module) finds it there, nowhere else."""

import types

import pytest

from visual_backprop.draw import declarations, figure


def module(source, name="a_page", **names):
    """A module called `name` made by running `source`, with `names` already in it."""
    made = types.ModuleType(name)
    made.__dict__.update(names, figure=figure)
    exec(compile(source, f"{name}.py", "exec"), made.__dict__)
    return made


ONE = '''
@figure("page/one", alt="one figure, 1", caption="One.")
def one():
    return None

def helper():
    return None
'''


def test_a_module_declares_what_its_functions_carry():
    page = module(ONE)
    found = declarations(page)
    assert list(found) == ["page/one"] and found["page/one"].build is page.one
    assert declarations(page) == found, "reading twice finds the same, with nothing to reset"


def test_alt_and_caption_may_be_computed_when_asked_for():
    calls = []
    page = module('''
@figure("page/late", alt=lambda: calls.append(1) or " computed 42 ", caption="Late.")
def late():
    return None
''', calls=calls)
    assert calls == []
    assert declarations(page)["page/late"].alt == "computed 42" and calls == [1]


def test_a_name_declared_twice_in_one_module_is_an_error():
    page = module(ONE + ONE.replace("def one", "def two").replace("def helper", "def helper2"))
    with pytest.raises(ValueError, match="declared twice"):
        declarations(page)


def test_a_figure_imported_from_another_module_is_not_declared_again():
    other = module(ONE, name="other_page")
    assert declarations(module("", one=other.one)) == {}


@pytest.mark.parametrize("name, alt, caption, problem", [
    ("Page/One", "a", "A.", "must look like"),
    ("page/one", "  ", "A.", "alt must be a non-empty string"),
    ("page/one", "a", 3, "caption must be a non-empty string"),
])
def test_bad_declarations_are_refused_naming_the_figure(name, alt, caption, problem):
    with pytest.raises(ValueError, match=problem):
        figure(name, alt=alt, caption=caption)


def test_an_explorer_expression_is_kept_and_must_be_text():
    page = module(ONE.replace('caption="One.")', 'caption="One.", explore="a * b")'))
    assert declarations(page)["page/one"].explore == "a * b"
    assert declarations(module(ONE))["page/one"].explore is None
    for bad in ("  ", 3):
        with pytest.raises(ValueError, match="'page/one': explore must be a non-empty string"):
            figure("page/one", alt="a", caption="A.", explore=bad)
