"""Session fixtures for the browser tests: one JupyterLab server, one Chromium, one lab page.

``tests/test_browser.py`` imports them (a conftest here would only reach tests inside this
folder). Each is torn down whatever happens; a browser that cannot start fails the tests
with one line saying how to install it; it is never skipped.
"""

from __future__ import annotations

import pytest

from tools.notebook_runner import notebook_sources

from .chromium import BrowserUnavailable, launch
from .interactions import interaction_for
from .lab import LabPage
from .server import JupyterLab, ServerError

KERNEL_ENV = {"FIVEQ_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="session")
def expectations():
    """Each notebook's expected values (``Interaction.expect``), computed in a background thread.

    Requested before the server, so the tokenizers load while JupyterLab starts; a test asks
    for ``expectations[stem].result()`` only once its cells have run.
    """
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fiveq-expect")
    try:
        yield {source.stem: pool.submit(interaction_for(source.stem).expect) for source in notebook_sources()}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def lab_server():
    """JupyterLab serving temporary .ipynb copies of every notebooks/NN_*.py, stopped at the end."""
    server = JupyterLab(notebook_sources(), env=KERNEL_ENV)
    try:
        server.start()
    except ServerError as exc:
        server.stop()
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium under Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright for Python: `make setup` (or pip install -e '.[test]')",
                    pytrace=False)

    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except BrowserUnavailable as exc:
            pytest.fail(str(exc), pytrace=False)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab_page(chromium, lab_server):
    """JupyterLab loaded once in the browser; notebooks are opened and closed in it."""
    page = LabPage(chromium, lab_server)
    try:
        page.load()
        yield page
    finally:
        page.close()
