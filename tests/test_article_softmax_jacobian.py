"""The softmax Jacobian section (includes/softmax-jacobian.md): J = diag(p) − ppᵀ and the product (−y/p)ᵀJ.

The section lives in its own file, included into the page with one snippet
line, so its numbers are checked here and the page's other checks
(tests/test_articles_going_further.py) sweep the rest of the page. Each row of J comes
from one engine backward pass from p_i; numpy's diag(p) − ppᵀ and the
engine's ∂L/∂z of the page's worked example must agree with it.
"""

from pathlib import Path

import numpy as np
from page_text import Quotes, bmatrix, figure_module, flat, page

from visual_backprop.engine import Value

SECTION = Path(__file__).resolve().parent.parent / "includes" / "softmax-jacobian.md"


class SectionQuotes(Quotes):
    """Quotes over the included section's own file."""

    def __init__(self):
        super().__init__("softmax")
        self.text = flat(self.source())

    def source(self):
        return SECTION.read_text(encoding="utf-8")


def engine_jacobian(logits):
    """∂p_i/∂z_j from the engine: p built from Values, one backward pass from each p_i gives row i."""
    z = [Value(v) for v in logits]
    exps = [v.exp() for v in z]
    total = exps[0]
    for e in exps[1:]:
        total = total + e
    p = [e / total for e in exps]
    rows = []
    for p_i in p:
        p_i.zero_grad()
        p_i.backward()
        rows.append([v.grad for v in z])
    return np.array([v.data for v in p]), np.array(rows)


def test_the_page_includes_the_section():
    assert '--8<-- "includes/softmax-jacobian.md"' in page("softmax")


def test_jacobian_and_its_vector_jacobian_product():
    q = SectionQuotes()
    mod = figure_module("softmax")
    example = mod.cross_entropy()
    p, jacobian = engine_jacobian(mod.LOGITS)
    assert np.allclose(p, example["p"], rtol=0, atol=1e-15)
    assert np.allclose(jacobian, np.diag(p) - np.outer(p, p), rtol=0, atol=1e-15)
    assert np.allclose(jacobian, jacobian.T, atol=1e-15) and np.allclose(jacobian.sum(axis=1), 0, atol=1e-15)
    assert (np.diag(jacobian) > 0).all() and (jacobian[~np.eye(3, dtype=bool)] < 0).all()
    # The reference point, typed by hand: p₀ = e²/(e² + e + e^0.1).
    assert np.isclose(p[0], np.exp(2) / (np.exp(2) + np.exp(1) + np.exp(0.1)))
    q("At $z = ({}, {}, {})$, where $p = ({}, {}, {})$", *mod.LOGITS, *p)
    q("J = {} .", bmatrix(jacobian))

    y = np.eye(len(p))[mod.TARGET]
    upstream = -y / p
    assert mod.TARGET == 0
    q(r"For $L = -\log p_{}$ the upstream gradient is $\partial L/\partial p = -y/p = ({}, {}, {})$",
      mod.TARGET, *upstream)
    vjp = upstream @ jacobian
    engine_dz = [v.grad for v in example["z"]]
    assert np.allclose(vjp, p - y, atol=1e-15) and np.allclose(vjp, engine_dz, atol=1e-15)
    assert np.allclose(vjp, upstream * p - (upstream @ p) * p, atol=1e-15)  # uᵀJ without J
    assert np.allclose(upstream * p, -y) and np.isclose(upstream @ p, -1.0)
    q(r"-p_0 p_2\big) \\ = ({}, {}, {}) ,", *vjp)
    assert q.leftover_decimals() == []
