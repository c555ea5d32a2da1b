"""The pretrained-path tests run only when asked: ``make test-pretrained`` (``FIVEQ_TEST_PRETRAINED=1``).

They build a ~4 GB hub cache and run every lesson at real model size, so plain ``pytest`` (``make test``) skips
them with a reason; CI runs ``make test-pretrained`` explicitly, where nothing is skipped.
"""

import os

import pytest

SWITCH = "FIVEQ_TEST_PRETRAINED"
FIGURES = pytest.StashKey[list]()   # one line per lesson, printed again at the end of the session


def enabled() -> bool:
    return os.environ.get(SWITCH, "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collection_modifyitems(config, items):
    if enabled():
        return
    skip = pytest.mark.skip(reason=f"pretrained path at real size: run `make test-pretrained` ({SWITCH}=1)")
    for item in items:
        if item.get_closest_marker("pretrained"):
            item.add_marker(skip)


@pytest.fixture
def figures(request) -> list:
    """Lines for the end-of-session summary of the pretrained-path runs."""
    return request.config.stash.setdefault(FIGURES, [])


def pytest_terminal_summary(terminalreporter):
    lines = terminalreporter.config.stash.get(FIGURES, [])
    if lines:
        terminalreporter.section("lessons on the pretrained path (random weights, real sizes)")
        for line in lines:
            terminalreporter.write_line(line)
