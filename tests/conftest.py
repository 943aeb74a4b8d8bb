"""Fixtures every test module may ask for."""

import shutil

import pytest
from explorer_cases import EXPLORER


@pytest.fixture(scope="module")
def node_modules_dir(tmp_path_factory, request):
    """The explorer's modules copied beside a package.json that marks them as ES modules."""
    root = request.config.rootpath
    target = tmp_path_factory.mktemp("explorer")
    for path in (root / EXPLORER).glob("*.js"):
        shutil.copy(path, target / path.name)
    (target / "package.json").write_text('{"type": "module"}')
    return target
