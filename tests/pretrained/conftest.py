"""The pretrained-path tests run only when asked: ``make test-pretrained`` (``FIVEQ_TEST_PRETRAINED=1``).

They build a ~3 GB hub cache and run every lesson at real model size, so plain ``pytest`` (``make test``) does not
collect them (``tests/conftest.py``); CI runs ``make test-pretrained`` explicitly.
"""

import pytest

FIGURES = pytest.StashKey[list]()   # one line per lesson, printed again at the end of the session


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
