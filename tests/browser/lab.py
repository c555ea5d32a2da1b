"""Drive one JupyterLab page: open a notebook, run it, find its main widget, read what it shows.

The page is loaded once per test session (``LabPage.load``); each notebook is opened in it,
run, operated and closed with its kernel shut down, so a notebook pays for its kernel and
its cells, not for loading JupyterLab again. The lab is started with
``expose_app_in_browser``, so ``window.jupyterapp`` gives the same commands as the menus.
The widgets themselves are operated only through the page (typing, clicking, dragging),
as a person would.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .recorder import OUTPUT_PARTS, READ_RECORD, RECORD, SNAPSHOT

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# Listens to the notebook kernel's messages, so that an exception raised in a widget callback
# (which JupyterLab shows only in its log console, if at all) still fails the test.
_WATCH_KERNEL = """
(panel) => {
  window.__fiveqKernelErrors = [];
  panel.sessionContext.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type, c = msg.content;
    if (type === 'error') {
      window.__fiveqKernelErrors.push(`${c.ename}: ${c.evalue}`);
    } else if (type === 'stream' && c.name === 'stderr' && /Traceback/.test(c.text)) {
      window.__fiveqKernelErrors.push(c.text.trim().split('\\n').slice(-1)[0]);
    }
  });
}
"""


class LabError(AssertionError):
    """Something the page shows is wrong (an error output, a widget that did not render...)."""


@dataclass
class Timings:
    """Seconds spent on each step for one notebook (printed by the test and the bench)."""

    steps: dict = field(default_factory=dict)

    def mark(self, name: str, t0: float) -> float:
        now = time.perf_counter()
        self.steps[name] = now - t0
        return now

    def line(self) -> str:
        return ", ".join(f"{k} {v:.1f} s" for k, v in self.steps.items())


class LabPage:
    """One browser page showing JupyterLab from ``server`` (a ``JupyterLab``)."""

    def __init__(self, browser, server, timeout_s: float = 120):
        self.server = server
        self.timeout_ms = timeout_s * 1000
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(self.timeout_ms)
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc).splitlines()[0]))
        self.page.on("console", lambda m: self.console_errors.append(m.text[:300]) if m.type == "error" else None)
        self.load_seconds = 0.0

    def load(self) -> "LabPage":
        """Open JupyterLab with an empty workspace and wait until it can open documents."""
        t0 = time.perf_counter()
        self.page.goto(f"{self.server.url}/lab?reset&token={self.server.token}")
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                                    " && window.jupyterapp.commands.hasCommand('docmanager:open')"
                                    " && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')")
        self.page.evaluate("() => window.jupyterapp.restored")
        self.load_seconds = time.perf_counter() - t0
        return self

    def reload(self) -> None:
        """Start over from a fresh page (after a failed test left dialogs or half-run notebooks)."""
        self.page_errors.clear()
        self.console_errors.clear()
        self.load()

    def recover(self, screenshot: Path | None = None) -> None:
        """After a failure: save what the page shows, shut every kernel down, reload. Never raises."""
        try:
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                self.page.screenshot(path=str(screenshot))
        except Exception:
            pass
        try:
            for kernel in self.server.api("GET", "/api/kernels") or []:
                self.server.api("DELETE", f"/api/kernels/{kernel['id']}")
        except Exception:
            pass
        try:
            self.reload()
        except Exception:
            pass

    def close(self) -> None:
        self.context.close()

    def open(self, name: str) -> "OpenNotebook":
        """Open served notebook ``name`` (``NN_x.ipynb``) and wait until its kernel is idle."""
        self.page_errors.clear()
        self.console_errors.clear()
        self.page.evaluate("async (path) => { const w = await window.jupyterapp.commands.execute("
                           "'docmanager:open', {path, factory: 'Notebook'}); await w.context.ready;"
                           " window.jupyterapp.shell.activateById(w.id); }", name)
        notebook = OpenNotebook(self, name)
        notebook.wait_kernel_idle()
        notebook.js(_WATCH_KERNEL)
        return notebook


class OpenNotebook:
    """A notebook open in the page; JavaScript helpers receive its panel as their argument."""

    def __init__(self, lab: LabPage, name: str):
        self.lab = lab
        self.page = lab.page
        self.name = name
        self.panel = self.page.locator(f"[id='{self.js('(p) => p.id')}']")

    def js(self, function: str, arg=None):
        """Evaluate ``function(panel, arg)`` in the page, where ``panel`` is this notebook's NotebookPanel."""
        return self.page.evaluate(
            "async ([name, arg]) => {"
            " let panel = null; for (const w of window.jupyterapp.shell.widgets('main')) {"
            "   if (w.context && w.context.path === name) panel = w; }"
            " if (!panel) throw new Error('notebook ' + name + ' is not open');"
            f" return await ({function})(panel, arg); }}",
            [self.name, arg])

    def wait_kernel_idle(self, timeout_s: float | None = None) -> None:
        """Wait until the notebook's kernel is started and idle."""
        deadline = time.monotonic() + (timeout_s or self.lab.timeout_ms / 1000)
        status = None
        while time.monotonic() < deadline:
            status = self.js("(p) => { const k = p.sessionContext.session && p.sessionContext.session.kernel;"
                             " return k ? k.status : 'no kernel'; }")
            if status == "idle":
                return
            if status == "dead":
                break
            time.sleep(0.2)
        raise LabError(f"{self.name}: the kernel is {status!r}, not idle; server log ends:\n"
                       + self.lab.server.log()[-2000:])

    def run_all(self, timeout_s: float = 540) -> None:
        """Run all cells (Run → Run All Cells) and wait until no cell is queued or running and the kernel is idle.

        JupyterLab stops at a cell that raises; the cells after it stay unrun (``unrun_cells``).
        On timeout, the error names the cell still running.
        """
        self.js("(p) => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        deadline = time.monotonic() + timeout_s
        state = None
        while time.monotonic() < deadline:
            state = self.js("""(p) => { const cells = Array.from(p.content.widgets);
                const code = cells.filter((c) => c.model.type === 'code');
                const i = cells.findIndex((c) => c.model.type === 'code' &&
                  (c.model.executionState === 'running' || c.node.classList.contains('jp-mod-pending')));
                const source = i < 0 ? '' : cells[i].model.sharedModel.getSource().split('\\n')[0].slice(0, 80);
                return {busy: i, source, started: code.some((c) => c.model.executionCount !== null)}; }""")
            if state["started"] and state["busy"] < 0:
                self.wait_kernel_idle()
                return
            time.sleep(0.25)
        raise LabError(f"{self.name}: cells still running after {timeout_s:.0f} s; waiting on cell {state['busy']}"
                       f" ({state['source']!r})")

    def unrun_cells(self) -> list[str]:
        """Code cells with source that have no execution count (Run All stopped before them)."""
        return self.js("""(p) => Array.from(p.content.widgets).map((c, i) => [c, i]).filter(([c]) =>
            c.model.type === 'code' && c.model.sharedModel.getSource().trim() && c.model.executionCount === null)
            .map(([c, i]) => `cell ${i} did not run`)""")

    def error_outputs(self) -> list[str]:
        """Error outputs in the notebook's cells, as ``cell N: Name: message``."""
        return self.js("""(p) => { const found = [];
            const cells = p.content.widgets;
            cells.forEach((cell, i) => { if (cell.model.type !== 'code') return;
              const outputs = cell.model.outputs;
              for (let j = 0; j < outputs.length; j++) { const o = outputs.get(j).toJSON();
                if (o.output_type === 'error') found.push(`cell ${i}: ${o.ename}: ${o.evalue}`); } });
            return found; }""")

    def unrendered_widgets(self) -> list[str]:
        """Widget outputs that the page did not turn into widgets (missing widget manager, version mismatch).

        A rendered widget output holds a ``.jupyter-widgets`` view; without a widget manager
        JupyterLab falls back to the text repr (``VBox(children=...)``); a front end that cannot
        find or build the model says "Error displaying widget". An empty output is a closed widget.
        """
        return self.js(f"""(p) => {{ const bad = [];
            p.content.widgets.forEach((cell, i) => {{ if (cell.model.type !== 'code') return;
              const outputs = cell.model.outputs, children = cell.outputArea.widgets;
              for (let j = 0; j < outputs.length; j++) {{
                if (!('{WIDGET_MIME}' in (outputs.get(j).data || {{}}))) continue;
                const node = children[j] && children[j].node, text = node ? node.textContent.trim() : '';
                if (!node) bad.push(`cell ${{i}}: widget output ${{j}} is not in the page`);
                else if (/Error displaying widget|Loading widget/.test(text) ||
                         (!node.querySelector('.jupyter-widgets') && text))
                  bad.push(`cell ${{i}}: widget not rendered, the page shows: ${{text.slice(0, 120)}}`);
              }} }}); return bad; }}""")

    def kernel_errors(self) -> list[str]:
        """Errors the kernel reported since the notebook was opened (cells and widget callbacks)."""
        return self.page.evaluate("() => window.__fiveqKernelErrors || []")

    def page_problems(self) -> list[str]:
        """Uncaught page exceptions, and console errors about widgets."""
        widget_console = [m for m in self.lab.console_errors if re.search(r"widget|ipywidgets", m, re.I)]
        return [f"page error: {m}" for m in self.lab.page_errors] + [f"console: {m}" for m in widget_console]

    def check_no_errors(self) -> None:
        """Fail with everything the page shows wrong: error outputs, cells that did not run, unrendered
        widgets, page errors and kernel errors."""
        unrendered = self.unrendered_widgets()
        deadline = time.monotonic() + 15
        while unrendered and time.monotonic() < deadline:  # views render a moment after their output arrives
            time.sleep(0.25)
            unrendered = self.unrendered_widgets()
        problems = (self.error_outputs() + self.unrun_cells()[:1] + unrendered + self.page_problems()
                    + [f"kernel: {m}" for m in self.kernel_errors()])
        if problems:
            raise LabError(f"{self.name}: " + "; ".join(problems))

    def main_widget(self, index: int = 0) -> "MainWidget":
        """The lesson's main widget (the container with CSS class ``fiveq-main``), once it has rendered.

        ``index`` picks a later one where a lesson has more than one (lesson 04: the sound designer is 1).
        """
        main = self.panel.locator(".fiveq-main")
        try:
            main.nth(index).wait_for(state="visible", timeout=30_000)
        except Exception:
            problems = self.error_outputs() + self.unrun_cells()[:1] + self.unrendered_widgets()
            count = self.js(f"""(p) => Array.from(p.content.widgets).reduce((n, c) => n + (c.model.type !== 'code' ? 0
                : Array.from({{length: c.model.outputs.length}}, (_, j) => c.model.outputs.get(j))
                    .filter((o) => '{WIDGET_MIME}' in (o.data || {{}})).length), 0)""")
            raise LabError(f"{self.name}: no rendered widget with class 'fiveq-main' among {count} widget output(s);"
                           f" other problems: {'; '.join(problems) or 'none found'}") from None
        return MainWidget(self, main.nth(index))

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the page with the main widget (if any) scrolled into view."""
        path.parent.mkdir(parents=True, exist_ok=True)
        main = self.panel.locator(".fiveq-main").first
        if main.count():
            main.scroll_into_view_if_needed()
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        """Close the notebook without saving; its kernel is shut down by the server, without waiting."""
        kernel = self.js("(p) => { const k = p.sessionContext.session && p.sessionContext.session.kernel;"
                         " p.context.model.dirty = false; p.dispose(); return k ? k.id : null; }")
        if kernel:
            threading.Thread(target=self.lab.server.shutdown_kernel, args=(kernel,), daemon=True).start()


class MainWidget:
    """The ``fiveq-main`` container: controls found by their description, outputs read from the DOM."""

    def __init__(self, notebook: OpenNotebook, locator):
        self.notebook = notebook
        self.page = notebook.page
        self.locator = locator
        self.trace: list[tuple[str, float]] = []  # (action, seconds until the page showed its result)
        self._action = ("", time.perf_counter())
        self._states: list[dict] = []

    def _start(self, action: str) -> None:
        """Name the action about to happen and start recording, in the page, its events and the widget's states."""
        self._action = (action, time.perf_counter())
        self._states = []
        self.locator.evaluate(RECORD, OUTPUT_PARTS)

    def recorded(self) -> tuple[list[float], list[dict]]:
        """``(event times, states)`` recorded in the page since the last action began (page clock, ms).

        Each state is ``{"t", "paint", "snapshot", "data"}``: when a change to the widget's DOM was seen,
        when the next frame after it began (``None`` until it has), what the outputs showed
        (``output_snapshot``) and the ``data-*`` values of each ``fiveq-*`` element, keyed ``.class``.
        The first state is the widget before the action.
        """
        got = self.page.evaluate(READ_RECORD, len(self._states))
        if got is None:
            return [], []
        self._states = self._states[: got["from"]] + got["states"]
        return got["events"], self._states

    def _latency(self, events: list[float], state: dict) -> float | None:
        """Seconds from the last event before ``state`` was seen to the frame after it (``None`` without an event)."""
        before = [t for t in events if t <= state["t"]]
        if not before:
            return None
        return ((state["paint"] or state["t"]) - before[-1]) / 1000

    def _wait_recorded(self, accept, timeout_s: float, describe) -> dict:
        """Wait until a recorded state after the action satisfies ``accept``; note its latency in ``trace``."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            events, states = self.recorded()
            for state in states[1:]:
                if accept(state):
                    time.sleep(0.05)  # let the next frame begin, so that its time is recorded
                    events, states = self.recorded()
                    state = next(s for s in states[1:] if accept(s))
                    latency = self._latency(events, state)
                    if latency is not None:
                        self.trace.append((self._action[0], latency))
                    return state
            if states and accept(states[0]) and time.monotonic() > deadline - timeout_s + 2:
                return states[0]  # the page already showed it before the action, and nothing changed since
            time.sleep(0.02)
        raise LabError(f"{self.notebook.name}: {describe()}"
                       f" (kernel errors: {self.notebook.kernel_errors() or 'none'})")

    def wait_for_settled(self, quiet_s: float = 0.5, timeout_s: float = 30) -> float:
        """Wait until the outputs changed after the action and then stayed unchanged for ``quiet_s``.

        Returns the seconds from the action's last event to the frame after the last change (all of the
        result on screen), and notes them in ``trace``.
        """
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            events, states = self.recorded()
            changed = [s for s in states[1:] if s["snapshot"] != states[0]["snapshot"]]
            if changed and (self.page.evaluate("() => performance.now()") - states[-1]["t"]) / 1000 >= quiet_s:
                first, last = changed[0], changed[-1]
                before = [t for t in events if t <= first["t"]]
                if not before:
                    raise LabError(f"{self.notebook.name}: the output changed before any event of the action")
                latency = ((last["paint"] or last["t"]) - before[-1]) / 1000
                self.trace.append((self._action[0], latency))
                return latency
            time.sleep(0.05)
        raise LabError(f"{self.notebook.name}: the main widget's output did not change within {timeout_s:.0f} s"
                       f" (kernel errors: {self.notebook.kernel_errors() or 'none'})")

    def control(self, description: str):
        """The visible control whose description label reads ``description`` (its whole inline box).

        Only visible controls count, so a label repeated on a hidden tab does not get in the way.
        """
        boxes = self.locator.locator(".widget-inline-hbox").filter(
            has=self.page.locator("label.widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$")))
        found = visible(boxes)
        if len(found) != 1:
            labels = [t for t in self.locator.locator("label.widget-label").all_inner_texts() if t.strip()]
            raise LabError(f"{self.notebook.name}: expected one visible control labelled {description!r} in the main"
                           f" widget, found {len(found)}; labels there: {labels}")
        return found[0]

    def _box(self, control):
        return self.control(control) if isinstance(control, str) else control

    def type_text(self, control, text: str) -> None:
        """Replace the text of a Text/Textarea control, as a paste would (one input event).

        ``control`` is a description label or a control's box (from ``control`` or ``visible``).
        """
        field_ = self._box(control).locator("textarea, input[type=text]").first
        self._start(f"type {len(text.split())} words")
        field_.click()
        field_.fill(text)

    def choose(self, control, label: str) -> None:
        """Pick the option shown as ``label`` in a Dropdown."""
        self._start(f"choose {label}")
        self._box(control).locator("select").select_option(label=label)

    def open_tab(self, title: str) -> None:
        """Click the tab titled ``title`` of a Tab widget inside the main widget (or the main widget itself)."""
        self.locator.locator(".lm-TabBar-tab", has_text=title).first.click()
        self.locator.locator(".lm-TabBar-tab.lm-mod-current", has_text=title).first.wait_for(state="visible")

    def slider_value(self, control) -> str:
        """The number a slider's readout shows."""
        return self._box(control).locator(".widget-readout").inner_text().strip()

    def drag_slider(self, control, fraction: float) -> str:
        """Drag a slider's handle with the mouse to ``fraction`` (0..1) of its track; return the readout."""
        box = self._box(control)
        box.scroll_into_view_if_needed()
        track = box.locator(".noUi-target").first
        handle = box.locator(".noUi-handle").first
        area, knob = track.bounding_box(), handle.bounding_box()
        self._start("drag slider")
        self.page.mouse.move(knob["x"] + knob["width"] / 2, knob["y"] + knob["height"] / 2)
        self.page.mouse.down()
        self.page.mouse.move(area["x"] + fraction * area["width"], knob["y"] + knob["height"] / 2, steps=8)
        self.page.mouse.up()
        return self.slider_value(box)

    def type_slider(self, control, value) -> None:
        """Type a value into a slider's readout and press Enter (ipywidgets' editable readout)."""
        readout = self._box(control).locator(".widget-readout")
        self._start(f"type {value} in slider")
        readout.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(str(value))
        self.page.keyboard.press("Enter")

    def wait_for_attributes(self, selector: str, expected: dict, timeout_s: float = 30) -> dict:
        """Wait until the element ``selector`` (``.fiveq-*`` class) inside the widget has the ``data-*`` values
        ``expected``.

        Returns all its ``data-*`` values; on timeout raises ``LabError`` showing what it has instead.
        """
        wanted = {_camel(k): str(v).lower() if isinstance(v, bool) else str(v) for k, v in expected.items()}

        def accept(state):
            seen = state["data"].get(selector) or {}
            return all(seen.get(k) == v for k, v in wanted.items())

        def describe():
            states = self.recorded()[1]
            seen = states[-1]["data"].get(selector) if states else None
            return f"{selector} should have {wanted} but shows {seen}"

        return self._wait_recorded(accept, timeout_s, describe)["data"][selector]

    def attributes(self, selector: str) -> dict:
        """The ``data-*`` values of the element ``selector`` inside the widget."""
        return self.locator.locator(selector).first.evaluate("(e) => Object.assign({}, e.dataset)")

    def output_snapshot(self) -> str:
        """What the widget's output parts show now (HTML outputs, Output widgets, images), as one string."""
        return self.locator.evaluate(f"(root, parts) => ({SNAPSHOT})", OUTPUT_PARTS)

    def wait_for_output_change(self, before: str, timeout_s: float = 30) -> str:
        """Wait until ``output_snapshot()`` differs from ``before``; return the new snapshot."""
        return self._wait_recorded(lambda state: state["snapshot"] != before, timeout_s,
                                   lambda: f"the main widget's output did not change within {timeout_s:.0f} s"
                                   )["snapshot"]


def visible(locator) -> list:
    """The elements matched by ``locator`` that are visible now, as single-element locators."""
    return [locator.nth(i) for i in range(locator.count()) if locator.nth(i).is_visible()]


def _camel(name: str) -> str:
    """``data-content-tokens`` or ``content-tokens`` → ``contentTokens`` (the ``dataset`` key)."""
    name = name.removeprefix("data-")
    return re.sub(r"-([a-z])", lambda m: m.group(1).upper(), name)
