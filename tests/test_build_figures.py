"""The figure build: real figures, identical rebuilds, a content-keyed cache, failures naming the figure."""

import ast
import io
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import imageio.v3 as iio
import pytest

import article_figures
from visual_backprop.draw import build as builder
from visual_backprop.draw import discover

ROOT = Path(__file__).resolve().parent.parent

MODULE = '''"""Figures for the build tests."""

from visual_backprop.draw import figure, graph_animation, still
from visual_backprop.engine import Value
from visual_backprop.trace import record


def product():
    a, b = Value(3.0, label="a"), Value(-2.0, label="b")
    c = a * b
    c.label = "c"
    return record(c)


@figure("test/product", alt="c = a times b", caption="A product, forward and backward.", explore="a * b")
def product_animation():
    return graph_animation(product())


@figure("test/line", alt="a line", caption="A line.")
def line():
    return still(lambda fig, theme: fig.add_subplot().plot([0, 1], [1, 0]), size=(240, 120))
'''


@pytest.fixture
def figures(tmp_path, monkeypatch):
    """A package of one figure module, importable under a name no other test uses; its name."""
    package = f"figures_{uuid.uuid4().hex[:12]}"
    folder = tmp_path / "modules" / package
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text('"""Figures of one test."""\n')
    (folder / "testpage.py").write_text(MODULE)
    monkeypatch.syspath_prepend(folder.parent)
    # Edits within one second keep a file's size and mtime: cached bytecode would hide them.
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    return package


def module_file(package):
    return discover.figure_folder(package) / "testpage.py"


def run(package, cache, names=None, **kw):
    log = []
    jobs = kw.pop("jobs", 1)
    metas = builder.build(names, cache=cache, package=package, log=log.append, jobs=jobs, **kw)
    return metas, log


def files_of(cache):
    return {p.relative_to(cache).as_posix(): p.read_bytes() for p in sorted(cache.rglob("*")) if p.is_file()}


def test_smoke_real_figures_frames_durations_and_player_data(tmp_path):
    cache = tmp_path / "cache"
    metas = builder.build(["chain-rule/backward"], package=article_figures.__name__, cache=cache, jobs=2,
                          log=lambda _: None)
    meta = metas["chain-rule/backward"]
    folder = cache / "chain-rule" / "backward"
    assert meta["kind"] == "animation" and "= 40" in meta["alt"]
    player = json.loads((folder / "player.json").read_text())
    assert set(player) == {"frames", "durations", "variants"}, "player.json holds what the player reads"
    assert player["frames"] == meta["frames"] == len(meta["captions"]) == len(meta["phases"])
    assert set(player["variants"]) == {"wide-light", "wide-dark", "narrow-light", "narrow-dark"}
    for variant, info in player["variants"].items():
        gif = (folder / info["gif"]).read_bytes()
        frames = iio.imread(io.BytesIO(gif), index=None, extension=".gif")
        assert frames.shape[0] == player["frames"]
        assert frames.shape[1:3] == (info["height"], info["width"])
        durations = [iio.immeta(io.BytesIO(gif), index=i, extension=".gif")["duration"]
                     for i in range(player["frames"])]
        assert durations == player["durations"] and all(d % 10 == 0 for d in durations)
        assert len(info["patches"]) == player["frames"]
        assert (folder / info["poster"]).is_file() and (folder / info["atlas"]).is_file()
        assert info["width"] == (720 if variant.startswith("wide") else 360)
    assert meta["phases"][0] == "forward" and meta["phases"][-1] == "done"
    assert any("40" in caption for caption in meta["captions"])


def test_rebuilds_are_byte_identical_serial_or_parallel(figures, tmp_path):
    run(figures, tmp_path / "one")
    run(figures, tmp_path / "two", jobs=2)
    run(figures, tmp_path / "one", force=True)
    first, second = files_of(tmp_path / "one"), files_of(tmp_path / "two")
    assert first.keys() == second.keys() and len(first) > 10
    assert all(first[name] == second[name] for name in first)


def test_the_cache_is_keyed_by_the_module_and_the_quick_check_imports_nothing(figures, tmp_path):
    cache = tmp_path / "cache"
    run(figures, cache)
    _, log = run(figures, cache)
    assert log == [], "nothing changed, nothing to render"
    assert all(builder.is_fresh(job, cache) for job in builder.plan(cache=cache, package=figures,
                                                                     discover=False))
    module = module_file(figures)
    module.write_text(module.read_text().replace("[1, 0]", "[1, 0.5]"))
    assert builder.plan(cache=cache, package=figures, discover=False) is None, "the module must be read"
    _, log = run(figures, cache)
    assert len(log) == 1 and "test/line" in log[0] and "test/product" in log[0], "the module's figures"
    module.write_text(module.read_text().replace("Value(3.0", "Value(4.0"))
    _, log = run(figures, cache)
    assert "test/product" in log[0]
    assert builder.read_meta("test/product", cache)["captions"][0].count("4") == 1
    other = module.with_name("other.py")
    other.write_text('"""Another page, no figures."""\n')
    _, log = run(figures, cache)
    assert log == [], "a new module without figures renders nothing"
    (module.with_name("_shared.py")).write_text("SCALE = 2\n")
    _, log = run(figures, cache)
    assert "test/product" in log[0] and "test/line" in log[0], "the package's shared code changed"


def test_the_key_covers_the_package_code_and_the_library_versions(tmp_path, monkeypatch):
    package = tmp_path / "visual_backprop"
    shutil.copytree(ROOT / "visual_backprop", package, ignore=shutil.ignore_patterns("__pycache__"))
    first = builder.environment_digest(package)
    assert builder.environment_digest(package) == first
    engine = package / "engine.py"
    engine.write_text(engine.read_text() + "\n# a change\n")
    assert builder.environment_digest(package) != first
    edited = builder.environment_digest(package)
    real = builder.importlib.metadata.version
    monkeypatch.setattr(builder.importlib.metadata, "version",
                        lambda lib: "0.0" if lib == "matplotlib" else real(lib))
    assert builder.environment_digest(package) != edited


def test_a_new_package_digest_rebuilds_every_figure(figures, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    run(figures, cache)
    monkeypatch.setattr(builder, "environment_digest", lambda: "another engine")
    _, log = run(figures, cache)
    assert "test/product" in log[0] and "test/line" in log[0]


def test_a_failing_figure_names_itself_and_keeps_the_last_good_output(figures, tmp_path):
    cache = tmp_path / "cache"
    run(figures, cache)
    before = files_of(cache)
    module = module_file(figures)
    module.write_text(module.read_text().replace(
        "    return graph_animation(product())", "    return graph_animation(product().node('nope'))"))
    with pytest.raises(builder.FigureError) as failure:
        run(figures, cache)
    message = str(failure.value)
    assert "test/product" in message and "KeyError" in message and "testpage.py:" in message
    assert files_of(cache).keys() == before.keys(), "no partial or temporary file is left"
    after = files_of(cache)
    assert all(after[k] == before[k] for k in before if k.startswith("test/product/")), "the failed figure's"
    assert all(after[k] == before[k] for k in before if k.startswith("test/line/") and "meta" not in k)


def test_a_module_that_fails_to_import_is_named(figures, tmp_path):
    module = module_file(figures)
    module.write_text(module.read_text() + "\nBROKEN = 1 / 0\n")
    with pytest.raises(builder.FigureError, match=r"testpage.py failed to import at testpage.py:\d+: "
                                                  r"ZeroDivisionError"):
        run(figures, tmp_path / "cache")


def test_unknown_names_and_bad_declarations_are_errors(figures, tmp_path):
    with pytest.raises(builder.FigureError, match="no figure named 'test/nope'"):
        run(figures, tmp_path / "cache", ["test/nope"])
    module = module_file(figures)
    module.with_name("twice.py").write_text(MODULE.replace('"""Figures for the build tests."""', '"""2."""'))
    with pytest.raises(builder.FigureError, match=r"declared in both testpage\.py and twice\.py"):
        run(figures, tmp_path / "cache")


def test_an_explorer_link_carries_the_figures_values_and_only_graph_animations_have_one(figures, tmp_path):
    metas, _ = run(figures, tmp_path / "cache")
    assert metas["test/product"]["explore"] == {"expr": "a * b", "values": {"a": 3.0, "b": -2.0}}
    assert "explore" not in metas["test/line"]
    module = module_file(figures)
    module.write_text(MODULE.replace('caption="A line.")', 'caption="A line.", explore="a")'))
    with pytest.raises(builder.FigureError, match=r"test/line.*explore= is for graph animations only"):
        run(figures, tmp_path / "cache")


def test_the_command_line(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_figures.py"), "test/line",
                           "--cache", str(tmp_path / "cache"), "--jobs", "1"], capture_output=True, text=True)
    assert done.returncode == 1, "the site's figure package has no test/line"
    assert "no figure named 'test/line'" in done.stderr and not (tmp_path / "cache" / "test").exists()


def test_the_drawing_modules_import_one_another_without_a_cycle():
    folder = ROOT / "visual_backprop" / "draw"
    imports = {}  # module -> the sibling modules it imports, at the top or inside a function
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text())
        imports[path.stem] = {node.module.split(".")[0] for node in ast.walk(tree)
                              if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    assert imports["declare"] == set() and "build" not in imports["discover"]

    def reaches(start, goal, seen=()):
        return any(m == goal or (m not in seen and reaches(m, goal, (*seen, m)))
                   for m in imports.get(start, ()))

    assert not [m for m in imports if reaches(m, m)], "an import cycle among visual_backprop/draw/"
