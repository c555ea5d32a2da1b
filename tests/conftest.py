"""Shared test set-up: every test runs offline, whatever the machine's network."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("FIVEQ_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

# One definition of the browser fixtures for the whole suite: a session-scoped Chromium imported into two test
# modules would be two fixtures, and the second Playwright would start inside the first one's event loop.
from browser.fixtures import chromium, expectations, lab_page, lab_server  # noqa: E402,F401 (pytest fixtures)

# The pretrained-path tests build a ~3 GB hub cache and run every lesson at real model size: `make test-pretrained`
# runs them (CI too, after `make test`); plain `pytest` does not collect them at all.
if os.environ.get("FIVEQ_TEST_PRETRAINED", "").strip().lower() not in {"1", "true", "yes", "on"}:
    collect_ignore = ["pretrained"]
