"""Load a static page in Chromium from a local server and record everything it does: every request, console
errors, uncaught exceptions; then say whether its math was typeset. Used by ``test_static_pages``."""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from urllib.parse import urlparse

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "file"}

# MathJax 3 finishes its first typeset when startup.promise resolves; then count what it rendered and what it
# could not (an mjx-merror is TeX it failed to parse).
_MATH = """async () => {
  if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) return {loaded: false, rendered: 0, errors: 0};
  await MathJax.startup.promise;
  return {loaded: true, rendered: document.querySelectorAll('mjx-container').length,
          errors: document.querySelectorAll('mjx-merror').length};
}"""


def is_local(url: str) -> bool:
    """Whether a request for ``url`` stays on this machine."""
    parsed = urlparse(url)
    return parsed.scheme in LOCAL_SCHEMES or (parsed.hostname or "") in LOCAL_HOSTS


class LocalServer:
    """A static file server for ``folder`` on 127.0.0.1 (a free port), in a background thread."""

    def __init__(self, folder):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/favicon.ico":  # the browser asks for it by itself; the pages never name one
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args) -> None:  # the test reports what matters
        pass


@dataclass
class PageVisit:
    """What one page did while it loaded."""

    url: str
    requests: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    math: dict = field(default_factory=dict)

    @property
    def remote_requests(self) -> list:
        return [u for u in self.requests if not is_local(u)]

    def problems(self) -> list[str]:
        found = [f"request leaving the machine: {u}" for u in self.remote_requests]
        found += [f"failed request: {u}" for u in self.failed]
        found += [f"console error: {m}" for m in self.console_errors]
        found += [f"page error: {m}" for m in self.page_errors]
        if self.math.get("errors"):
            found.append(f"{self.math['errors']} formula(s) MathJax could not parse")
        return found


def visit(context, url: str, ready: str | None = None, timeout_ms: int = 60_000):
    """Open ``url`` in a new page of ``context``; wait for load (and the JS condition ``ready``); return
    ``(page, PageVisit)``. The caller closes the page."""
    record = PageVisit(url)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.on("request", lambda r: record.requests.append(r.url))
    page.on("requestfailed", lambda r: record.failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: record.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
    page.on("console", lambda m: record.console_errors.append(m.text[:300]) if m.type == "error" else None)
    page.on("pageerror", lambda e: record.page_errors.append(str(e).splitlines()[0][:300]))
    page.goto(url, wait_until="load")
    if ready:
        page.wait_for_function(ready)
    record.math = page.evaluate(_MATH)
    page.wait_for_load_state("networkidle")
    return page, record
