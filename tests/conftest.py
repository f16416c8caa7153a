"""One conftest: shared fixtures. Heavy resources are session fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared").resolve()
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or a clean skip when this machine does not have it."""
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared is absent on this machine")
    return SHARED


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    from vezha.settings import load_settings
    return load_settings(env={}, db_url=f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}")


@pytest.fixture(scope="session")
def resources(settings):
    """Every resource of the default pipeline, loaded once for the whole run."""
    from vezha.pipeline import default_pipeline, load_resources
    return load_resources(settings, default_pipeline().resources)


@pytest.fixture(scope="session")
def pipeline():
    from vezha.pipeline import default_pipeline
    return default_pipeline()


@pytest.fixture(scope="session")
def langid(settings):
    """The language identifier (lingua, a few languages preloaded), loaded once."""
    from vezha.langid import load_langid
    return load_langid(settings)


@pytest.fixture(scope="session")
def run_resources(settings, resources, langid):
    """The default pipeline's resources plus langid: what ingest and analyze runs need."""
    from vezha.pipeline import Resources
    return Resources(settings=settings, items={**resources.items, "langid": langid})
