"""docs/gradient-checking.md: numbers recomputed with the engine, scripts run, explorer links parsed.

Quoted numbers are recomputed here (the engine's gradient, gradcheck's differences and sweep,
float epsilon) and must stand in the page next to their symbol; no decimal may be left that no
check covers. The two scripts the page includes run and must print the page's output blocks:
the engine's always, PyTorch's where torch is installed (skipped, with the reason, elsewhere).
The questions' explorer links must carry the expressions whose gradients the answers quote.
"""

import html
import inspect
import math
import re
import sys

import pytest
from explorer_cases import run_node
from page_text import (
    ROOT,
    Questions,
    Quotes,
    assert_page_shows_its_figure_code,
    embedded_figures,
    figure_module,
    flat,
    page,
    sci,
    split_questions,
)

from visual_backprop import Value
from visual_backprop.draw.explore import explorer_hash
from visual_backprop.format import fmt
from visual_backprop.gradcheck import (
    STEPS,
    central_difference,
    check_gradients,
    forward_difference,
    numerical_gradient,
    relative_error,
)

NAME = "gradient-checking"
SCRIPT_OUTPUT = re.compile(r'--8<-- "(docs/examples/[\w/]+\.py)"\n```\s*prints\s*```text\n(.*?)```', re.S)


def power(h):
    """'10^{-5}' for h = 1e-5, checking that h is an exact power of ten of the sweep."""
    assert h in STEPS
    return f"10^{{{round(math.log10(h))}}}"


def printed_by(script):
    """What docs/examples/<script> prints, run as the reader would run it."""
    import contextlib
    import io
    import runpy

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(ROOT / script), run_name="__main__")
    return out.getvalue()


def shown_output(script):
    """The ```text block the page prints under its include of `script`."""
    found = dict(SCRIPT_OUTPUT.findall(page(NAME)))
    assert script in found, f"docs/{NAME}.md does not include {script} with its output"
    return found[script]


def test_the_page_is_in_foundations_after_building_the_engine():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Building the engine: engine.md\n      - Checking gradients: gradient-checking.md\n" in nav


def quote_the_neuron_and_its_sweep(q):
    mod = figure_module("gradient_checking")
    exact = mod.exact()
    q(r"`backward()` gives $\partial o/\partial w_1 = {}$", exact)
    f = lambda w: mod.neuron(w).data  # noqa: E731
    q("With a step of $h = {}$ the forward difference gives ${}$ and the central difference ${}$", 0.01,
      fmt(forward_difference(f, mod.W1, 0.01), digits=6), fmt(central_difference(f, mod.W1, 0.01), digits=6))
    assert abs(central_difference(f, mod.W1, 0.01) - exact) < abs(forward_difference(f, mod.W1, 0.01) - exact)

    central, forward = mod.best(), mod.best("forward")
    q("The central difference is best at $h = {}$, where its relative error is ${}$", power(central["h"]),
      sci(central["central"]))
    q("the forward difference is best at $h = {}$, with ${}$", power(forward["h"]), sci(forward["forward"]))
    by_h = {row["h"]: row for row in mod.sweep()}
    q("at $h = {}$ the central difference is off by ${}$, worse than at $h = {}$", power(1e-12),
      sci(by_h[1e-12]["central"]), power(1e-2))
    assert by_h[1e-12]["central"] > by_h[1e-2]["central"]
    q(r"from ${}$ down to ${}$", power(STEPS[0]), power(STEPS[-1]))
    # Truncation: one decade per decade of h for forward, two for central, on the left of the plot.
    assert by_h[1e-3]["forward"] / by_h[1e-4]["forward"] == pytest.approx(10, rel=0.01)
    assert by_h[1e-3]["central"] / by_h[1e-4]["central"] == pytest.approx(100, rel=0.01)

    eps = sys.float_info.epsilon
    q(r"$\varepsilon = {}$", sci(eps, digits=3))
    q(r"$h \approx \sqrt{{\varepsilon}} = {}$", sci(math.sqrt(eps)))
    q(r"$h \approx \varepsilon^{{1/3}} = {}$", sci(eps ** (1 / 3)))
    assert 0.1 < forward["h"] / math.sqrt(eps) < 10 and 0.1 < central["h"] / eps ** (1 / 3) < 10

    default_h = inspect.signature(check_gradients).parameters["h"].default
    default_rtol = inspect.signature(check_gradients).parameters["rtol"].default
    q("with a step of ${}$ by default, and raises when the two differ by more than ${}$ relative",
      power(default_h), f"10^{{{round(math.log10(default_rtol))}}}")
    q("The default step of `check_gradients`, ${}$,", power(default_h))
    q("${}$, lands in the central difference's valley, with a relative error of ${}$", power(default_h),
      sci(by_h[default_h]["central"]))

    x = Value(3.0)
    Value(x.data ** 2, _parents=(x,), _local_grads=(x.data,), _op="**2").backward()  # x, not 2x
    q("gives half the right gradient at every point, a relative error of ${}$",
      relative_error(x.grad, numerical_gradient(lambda v: v[0] ** 2, [3.0])[0]))


def quote_the_kinks(q):
    relu = lambda t: Value(t).relu().data  # noqa: E731
    x = Value(0.0)
    x.relu().backward()
    steps = [central_difference(relu, 0.0, h) for h in STEPS]
    assert len(set(steps)) == 1, "the secant across relu's corner does not depend on h"
    q("for every $h$, gives $(h - 0)/2h = {}$, the average of the two slopes. The engine says ${}$", steps[0],
      x.grad)
    q("The relative error is ${}$, the largest there is", relative_error(x.grad, steps[0]))
    near = Value(1e-7)
    near.relu().backward()
    estimate = central_difference(relu, 1e-7, 1e-6)
    q("At $x = {}$ relu's slope is {} and `backward()` says so", power(1e-7), fmt(near.grad))
    q("with $h = {}$ the step reaches past 0: the central difference is ${}$, a relative error of ${}$",
      power(1e-6), estimate, relative_error(near.grad, estimate))
    a, b = Value(1.0), Value(1.0)
    a.max(b).backward()
    tie = numerical_gradient(lambda v: Value(v[0]).max(Value(v[1])).data, [1.0, 1.0])
    assert (a.grad, b.grad) == (1.0, 0.0) and tie[0] == tie[1]
    q("the central difference gives each of them ${}$", tie[0])
    table = (ROOT / "tests" / "operations.py").read_text(encoding="utf-8")  # the engine tests' inputs
    engine_tests = (ROOT / "tests" / "test_engine.py").read_text(encoding="utf-8")
    assert "filter(lambda x: abs(x) > 1e-3)" in table, "the engine's tests changed how relu avoids 0"
    assert '"relu": (lambda a: a.relu(), [away_from_zero])' in table
    assert 'name == "max" and abs(point[0] - point[1]) < 1e-3' in engine_tests
    q("they check relu only at inputs more than ${}$ away from 0, and max only where its two inputs differ "
      "by at least ${}$", power(1e-3), power(1e-3))


def test_every_number_in_the_prose_is_the_engines():
    q = Quotes(NAME)
    quote_the_neuron_and_its_sweep(q)
    quote_the_kinks(q)
    assert q.leftover_decimals() == []


def test_the_engine_script_prints_what_the_page_shows():
    assert printed_by("docs/examples/kinks.py") == shown_output("docs/examples/kinks.py")


def test_pytorchs_answers_at_the_kinks_are_what_the_page_quotes():
    shown = shown_output("docs/examples/kinks_torch.py")
    answers = {line.split(":")[0].strip(): line.split(":", 1)[1].split() for line in shown.splitlines()}
    assert answers == {"torch.relu at 0": ["0"], "clamp(min=0) at 0": ["1"],
                       "torch.maximum, tie": ["0.5", "0.5"],
                       "stack().max(), tie": ["0.5", "0.5"]}, "the prose below the output says these"
    text = flat(page(NAME))
    assert "`torch.relu` agrees with this engine, but `clamp(min=0)`" in text
    assert answers["torch.relu at 0"] == [fmt(Value(0.0).relu().local_grads[0])]
    pytest.importorskip("torch", reason="PyTorch is not installed (pip install -r requirements-torch.txt): "
                                         "the stored output of docs/examples/kinks_torch.py is not re-run")
    assert printed_by("docs/examples/kinks_torch.py") == shown


def test_the_figures_are_declared_with_numbers_in_their_alt_text():
    figures = embedded_figures(NAME, "gradient_checking", at_least=2)
    assert {f.name for f in figures} == {"gradient-checking/sweep", "gradient-checking/kinks"}
    assert_page_shows_its_figure_code(NAME, "gradient_checking")


# --- the questions ---------------------------------------------------------------------------------------

LINKS = {
    "relu(x) - relu(-x)": {"x": 0.0},
    "max(a, b) + max(b, a)": {"a": 2.0, "b": 2.0},
}


def engine_gradients(expr, values):
    leaves = {name: Value(v, name) for name, v in values.items()}
    out = eval(expr, {"relu": Value.relu, "max": Value.max}, leaves)  # the two expressions above only
    out.backward()
    return {name: leaf.grad for name, leaf in leaves.items()}, out


def test_the_questions():
    q = Questions(NAME)
    grads, _ = engine_gradients("relu(x) - relu(-x)", {"x": 0.0})
    central = central_difference(lambda t: Value(t).relu().data - Value(-t).relu().data, 0.0, 1e-6)
    q("`backward()` gives ${}$: both relus sit on their kink", grads["x"])
    q("The central difference gives ${}$, the true derivative, so the check fails with a relative error "
      "of ${}$", central, relative_error(grads["x"], central))
    mod = figure_module("gradient_checking")
    by_h = {row["h"]: row["central"] for row in mod.sweep()}
    q("With $h = {}$ the central difference", power(1e-3))
    q("is off by ${}$. Predict its relative error at $h = {}$", sci(by_h[1e-3]), power(1e-4))
    q("${}$: at that step truncation still rules", sci(by_h[1e-4]))
    grads, _ = engine_gradients("max(a, b) + max(b, a)", {"a": 2.0, "b": 2.0})
    central = numerical_gradient(lambda v: max(v[0], v[1]) + max(v[1], v[0]), [2.0, 2.0])
    q(r"$\partial f/\partial a = {}$ and $\partial f/\partial b = {}$: each max", grads["a"], grads["b"])
    q("The central difference gives ${}$ and ${}$ as well", *central)
    assert [grads["a"], grads["b"]] == pytest.approx(central)
    assert q.leftover_decimals() == []


def test_the_questions_link_to_the_explorer_with_their_expressions():
    section = split_questions(page(NAME))[1]
    hrefs = re.findall(r'<a href="\.\./playground/(#[^"]+)">', section)
    assert hrefs == [html.escape(explorer_hash({"expr": e, "values": v})) for e, v in LINKS.items()]


def test_the_explorer_gives_the_answers_gradients(node_modules_dir, request):
    cases = [{"expr": expr, "values": values} for expr, values in LINKS.items()]
    answers = run_node(node_modules_dir, request.config.rootpath, {"cases": cases})["cases"]
    for (expr, values), answer in zip(LINKS.items(), answers, strict=True):
        assert "error" not in answer, answer
        grads, _ = engine_gradients(expr, values)
        by_label = {n["label"]: n["grad"] for n in answer["trace"]["nodes"] if n["label"] in values}
        assert by_label == grads, (expr, by_label, grads)
