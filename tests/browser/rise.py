"""Lecture mode in the browser: a lesson's RISE slideshow, started from JupyterLab as a teacher starts it.

``RiseDeck.start(notebook)`` saves the run notebook (a served copy) with its first cell active and runs the
``RISE:slideshow`` command, which opens the deck in a new tab: RISE's own app, on the same kernel, so the
widgets on the slides are live. The deck is driven with the keyboard and the mouse only.
"""

from __future__ import annotations

import time

from .lab import LabError

# The section (slide) that holds the element matching ``selector``: its id, which reveal.js puts in the URL.
_SLIDE_OF = """(selector) => { const e = document.querySelector(selector);
  const s = e && e.closest('.reveal .slides section'); return s ? s.id : null; }"""
_PRESENT = "() => { const s = document.querySelectorAll('.reveal .slides section.present');" \
           " return s.length ? s[s.length - 1].id : null; }"


class RiseDeck:
    """The slideshow tab of one notebook; ``page_errors`` collects its uncaught exceptions."""

    def __init__(self, page, name: str):
        self.page = page
        self.name = name
        self.page_errors: list[str] = []
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc).splitlines()[0]))

    @classmethod
    def start(cls, notebook, timeout_s: float = 120) -> "RiseDeck":
        """Save ``notebook`` (an ``OpenNotebook``) at its first cell and open its slideshow in a new tab."""
        notebook.js("async (p) => { p.content.activeCellIndex = 0; await p.context.save(); }")
        with notebook.lab.context.expect_page(timeout=timeout_s * 1000) as opened:
            notebook.js("(p) => { window.jupyterapp.commands.execute('RISE:slideshow'); }")
        deck = cls(opened.value, notebook.name)
        deck.page.set_default_timeout(timeout_s * 1000)
        deck.page.wait_for_selector(".reveal .slides section.present", state="attached")
        deck.page.wait_for_function("() => !document.querySelector('.jp-Spinner')")  # the app has loaded
        return deck

    def current(self) -> str | None:
        """The id of the slide (innermost section) on screen, e.g. ``slide-2-0``."""
        return self.page.evaluate(_PRESENT)

    def advance(self, key: str = "ArrowRight", timeout_s: float = 20) -> str:
        """Press ``key`` and wait until another slide is on screen; return its id."""
        before = self.current()
        self.page.keyboard.press(key)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            now = self.current()
            if now and now != before:
                return now
            time.sleep(0.1)
        raise LabError(f"{self.name}: {key} did not leave slide {before}")

    def go_to(self, selector: str) -> str:
        """Show the slide that holds ``selector`` (through the URL, as a bookmark would); return its id."""
        slide = self.page.evaluate(_SLIDE_OF, selector)
        if slide is None:
            raise LabError(f"{self.name}: no slide holds {selector!r}")
        self.page.evaluate("(id) => { window.location.hash = '#/' + id; }", slide)
        self.page.wait_for_function(f"() => ({_PRESENT})() === {slide!r}")
        return slide

    def drag_slider(self, within: str, dx: float) -> None:
        """Drag the first slider handle inside ``within`` by ``dx`` pixels with the mouse."""
        handle = self.page.locator(f"{within} .noUi-handle").first
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        if box is None:
            raise LabError(f"{self.name}: the slider in {within!r} is not on screen")
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + dx, y, steps=12)
        self.page.mouse.up()

    def close(self) -> None:
        self.page.close()
