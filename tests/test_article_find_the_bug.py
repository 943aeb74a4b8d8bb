"""docs/find-the-bug.md: each broken program prints what the page says, is wrong, and its hidden fix works.

Each program under docs/examples/find_the_bug/ is included on the page by its `code` section and
run here; its output must be the page's output block, and its backward line must disagree with
its central-difference line. The code in each "The fix" block is then put in place of the
buggy line(s) in the program's own source, and the repaired program must agree with the check.
The prose numbers and the questions' answers are recomputed with the engine.
"""

import contextlib
import html
import io
import itertools
import re

import pytest
from explorer_cases import run_node
from page_text import ROOT, Questions, Quotes, flat, page, sci, split_questions

from visual_backprop import Value, topological_order
from visual_backprop.draw.explore import explorer_hash
from visual_backprop.format import fmt

NAME = "find-the-bug"
BUGS = ROOT / "docs" / "examples" / "find_the_bug"
# Each program and the line(s) of its source that its fix block replaces.
PROGRAMS = {
    "overwrite": "        parent.grad = local * node.grad\n",
    "no_zero_grad": "",  # the fix adds a line before loss.backward()
    "transpose": "dL_dx = W @ dL_dy\n",
    "wrong_order": "for node in topological_order(f):\n",
    "too_early": None,  # the whole walk, from "queue, seen" to its last line
}
INCLUDE = re.compile(r'```python\n--8<-- "docs/examples/find_the_bug/(\w+)\.py:code"\n```'
                     r'\s*prints\s*```text\n(.*?)```'
                     r'\s*\?\?\? success "The fix"\n(.*?)(?=\n## |\Z)', re.S)


def run(source, name):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, f"docs/examples/find_the_bug/{name}.py", "exec"), {"__name__": "__main__"})
    return printed.getvalue()


def sections():
    """{program: (output shown, the fix block's text)} in page order."""
    found = INCLUDE.findall(page(NAME))
    return {name: (shown, fix) for name, shown, fix in found}


def fix_code(fix):
    """The code block inside a fix, dedented."""
    block = re.search(r"```python\n(.*?)```", fix, re.S).group(1)
    return "".join(line[4:] + "\n" for line in block.rstrip("\n").split("\n"))


def repaired(name, fix):
    source = (BUGS / f"{name}.py").read_text(encoding="utf-8")
    code = fix_code(fix)
    if name == "no_zero_grad":
        return source.replace("    loss.backward()\n", "    " + code + "    loss.backward()\n")
    if name == "too_early":
        walk = re.search(r"^queue, seen = .*?(?=\n\n)", source, re.S | re.M).group(0) + "\n"
        return source.replace(walk, code).replace("from visual_backprop import Value\n",
                                                  "from visual_backprop import Value, topological_order\n")
    buggy = PROGRAMS[name]
    assert source.count(buggy) == 1, f"{name}.py no longer has the line its fix replaces"
    indent = buggy[:len(buggy) - len(buggy.lstrip())]
    return source.replace(buggy, indent + code)


def check_lines(output):
    """(what backward gave, what central differences gave) from a program's last two lines."""
    lines = dict(line.split(": ", 1) for line in output.splitlines())
    return lines["backward"], lines["central differences"]


def test_the_page_follows_checking_gradients_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Checking gradients: gradient-checking.md\n      - Find the bug: find-the-bug.md\n" in nav


def test_five_programs_each_with_its_output_and_a_hidden_fix():
    found = sections()
    assert list(found) == list(PROGRAMS)
    for name, (_, fix) in found.items():
        assert fix_code(fix).strip(), f"{name}: the fix shows no code"
    text = page(NAME)
    assert text.count('??? success "The fix"') == 5 and "???+" not in text, "every fix starts collapsed"


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_the_program_prints_what_the_page_shows(name):
    source = (BUGS / f"{name}.py").read_text(encoding="utf-8")
    assert run(source, name) == sections()[name][0]


@pytest.mark.parametrize("name", [n for n in PROGRAMS if n != "no_zero_grad"])
def test_the_bug_shows_and_the_fix_removes_it(name):
    source = (BUGS / f"{name}.py").read_text(encoding="utf-8")
    backward, central = check_lines(run(source, name))
    assert backward != central, f"{name}: the broken program agrees with the check"
    backward, central = check_lines(run(repaired(name, sections()[name][1]), name))
    assert backward == central, f"{name}: the fix on the page does not fix it"


def losses(output):
    return [float(m) for m in re.findall(r"loss (\S+),", output)]


def quote_the_fixed_loop(q):
    """Program 2 with its fix: the loss falls a hundredfold per step; the page quotes the first three."""
    name = "no_zero_grad"
    broken = losses(run((BUGS / f"{name}.py").read_text(encoding="utf-8"), name))
    assert any(later > earlier for earlier, later in itertools.pairwise(broken)), broken
    fixed = losses(run(repaired(name, sections()[name][1]), name))
    assert all(later < earlier / 50 for earlier, later in itertools.pairwise(fixed)), fixed
    q("the loss falls from ${}$ to ${}$, then ${}$, a hundredfold at every step", *fixed[:3])


def test_the_prose_numbers():
    q = Quotes(NAME)
    quote_the_fixed_loop(q)
    x = Value(3.0)
    y = 2 * x
    ones = y + 1
    f = y * ones
    f.backward()
    first = ones.data  # what y holds when the breadth-first walk passes it on
    q("only the contribution of the product's first factor, $y + 1 = {}$, and passes "
      "$2 \\cdot {} = {}$ to $x$", first, first, 2 * first)
    q("another ${}$, arrives in $y$", ones.grad)
    q("Then $y$ collects ${} + {} = {}$ and $x$ gets $2 \\cdot {} = {}$", first, ones.grad, y.grad, y.grad,
      x.grad)
    a = Value(3.0)
    (a * a).backward()
    q("so $a$ receives two contributions of ${}$", a.grad / 2)
    x = Value(2.0, "x")
    product = x * x
    order = topological_order(3 * product)
    assert [n.label or n.op for n in order] == ["3", "x", "*", "*"] and order[2] is product
    q("lists every node after its parents: the constant ${}$, $x$, $x \\cdot x$, then $f$", order[0].data)
    assert q.leftover_decimals() == []


# --- the questions ---------------------------------------------------------------------------------------


def overwriting_sweep(f):
    """Program 1's loop: each parent's gradient set, not added."""
    f.grad = 1.0
    for node in reversed(topological_order(f)):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad = local * node.grad


def test_the_questions():
    q = Questions(NAME)
    a = Value(2.0)
    inner = a * a
    f = inner * a
    overwriting_sweep(f)
    q("It prints ${}$. The sweep starts at $f$", a.grad)
    q("it writes $a \\cdot a = {}$ into $a$", inner.data)
    q("Its gradient is ${}$", inner.grad)
    q("each with local gradient $a = {}$, so it writes ${} \\cdot {} = {}$ into $a$, twice", a.data,
      inner.grad, a.data, a.grad)
    right = Value(2.0)
    (right * right * right).backward()
    q("The right answer is $3a^2 = {}$, the sum of all three contributions of ${}$", right.grad, a.grad)
    assert right.grad == 3 * a.grad

    w, lr = Value(0.0), 0.05
    fixed = []
    for _ in range(4):
        loss = (3 * w - 6) ** 2
        loss.zero_grad()
        loss.backward()
        before = 3 * w.data - 6
        w.data -= lr * w.grad
        fixed.append(loss.data)
    factor = (3 * w.data - 6) / before
    q("a step of ${}$ changes $3w - 6$ by $-3 \\cdot {} \\cdot 6(3w - 6)$", lr, lr)
    q("it multiplies $3w - 6$ by ${}$, and the loss, its square, by ${}$", factor, factor ** 2)
    q("At step 4 the loss is ${}$", sci(fixed[3]))
    assert q.leftover_decimals() == []


LINK = ("a * a * a", {"a": 2.0})


def test_the_question_links_to_the_explorer():
    section = split_questions(page(NAME))[1]
    hrefs = re.findall(r'<a href="\.\./playground/(#[^"]+)">', section)
    assert hrefs == [html.escape(explorer_hash({"expr": LINK[0], "values": LINK[1]}))]
    assert "Open it in the explorer" in flat(section)


def test_the_explorer_gives_the_right_answer(node_modules_dir, request):
    case = {"expr": LINK[0], "values": LINK[1]}
    answer = run_node(node_modules_dir, request.config.rootpath, {"cases": [case]})
    leaf = next(n for n in answer["cases"][0]["trace"]["nodes"] if n["label"] == "a")
    right = Value(2.0)
    (right * right * right).backward()
    assert leaf["grad"] == right.grad
    assert fmt(leaf["grad"]) in flat(split_questions(page(NAME))[1])
