"""Static widget previews and the lecture environment's pins."""

from __future__ import annotations

import base64
import re
from importlib import metadata

from nbformat.v4 import new_code_cell, new_notebook, new_output

from tools import post_build
from tools.notebook_runner import ROOT
from tools.widget_preview import NOTE, STATE, VIEW, static_previews

PNG = base64.b64encode(b"\x89PNG fake").decode()


def _widget_notebook():
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_html", "IPY_MODEL_slider",
                                                                  "IPY_MODEL_pick", "IPY_MODEL_out"]}},
        "html": {"model_name": "HTMLModel", "state": {"value": "<b class='chips'>12 tokens</b>"}},
        "slider": {"model_name": "IntSliderModel", "state": {"description": "Context", "value": 77}},
        "pick": {"model_name": "DropdownModel", "state": {"description": "Tokenizer", "index": 1,
                                                          "_options_labels": ["CLIP", "GPT-2"]}},
        "out": {"model_name": "OutputModel", "state": {"outputs": [
            {"output_type": "display_data", "data": {"image/png": PNG}, "metadata": {}}]}},
    }
    cell = new_code_cell("w", outputs=[new_output("display_data", data={
        VIEW: {"model_id": "box", "version_major": 2, "version_minor": 0}, "text/plain": "VBox(...)"})])
    nb = new_notebook(cells=[cell])
    nb.metadata["widgets"] = {STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    return nb


def test_preview_shows_what_the_widget_showed():
    nb = _widget_notebook()
    assert static_previews(nb) == 1
    data = nb.cells[0].outputs[0]["data"]
    assert VIEW not in data and "text/plain" not in data and "widgets" not in nb.metadata
    page = data["text/html"]
    assert NOTE in page and "<b class='chips'>12 tokens</b>" in page
    assert re.search(r"<b>Context</b> 77", page) and re.search(r"<b>Tokenizer</b> GPT-2", page)
    assert f"data:image/png;base64,{PNG}" in page


def test_preview_without_stored_state_is_the_note_alone():
    nb = _widget_notebook()
    nb.metadata.pop("widgets")
    static_previews(nb)
    page = nb.cells[0].outputs[0]["data"]["text/html"]
    assert NOTE in page and "VBox" not in page


def test_widget_front_end_is_the_one_rise_needs():
    """The front end that renders widgets on RISE's slides is installed, and every place that pins it agrees."""
    assert metadata.version("jupyterlab_widgets") == post_build.WIDGETS_FRONT_END
    assert f"jupyterlab_widgets=={post_build.WIDGETS_FRONT_END}" in (ROOT / "Makefile").read_text()
    package = ROOT / ".venv" / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
    if package.exists():  # the project's own environment: the extension must not need @jupyterlab/console
        assert "@jupyterlab/console" not in (package / "package.json").read_text()


def test_lecture_packages_are_installed():
    assert metadata.version("jupyterlab_rise")
    assert metadata.version("jupyterlab-language-pack-zh-CN")
    # JupyterLab lists a language under Settings -> Language when a pack registers this entry point.
    assert "zh_CN" in [e.name for e in metadata.entry_points(group="jupyterlab.languagepack")]
