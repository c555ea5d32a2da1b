"""Debian's Chromium, driven by Playwright (a browser downloaded by Playwright is not available here)."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("FIVEQ_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
INSTALL_HINT = "install it with `make browser` (runs tools/install_browser.sh: apt-get install chromium)"


class BrowserUnavailable(RuntimeError):
    """Chromium could not be started; the message is one line that says how to fix it."""


def launch(playwright, headless: bool = True):
    """Launch headless Chromium from ``CHROMIUM``; raise ``BrowserUnavailable`` with a one-line reason."""
    if not CHROMIUM.exists():
        raise BrowserUnavailable(f"the browser tests need Chromium at {CHROMIUM}, which is missing: {INSTALL_HINT}")
    try:
        return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=headless, args=FLAGS,
                                          timeout=60_000)
    except Exception as exc:  # Playwright raises its own Error type with a long log
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BrowserUnavailable(f"Chromium at {CHROMIUM} did not start ({first}); see why with"
                                 f" `{CHROMIUM} --headless --no-sandbox --dump-dom about:blank`, or {INSTALL_HINT}") from exc
