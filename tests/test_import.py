"""`import helpers` stays light: heavy libraries load only when a lesson first needs them."""

import subprocess
import sys


def test_import_helpers_does_not_import_heavy_libraries():
    code = ("import sys, helpers; heavy = [m for m in ('torch', 'transformers', 'open_clip', 'matplotlib', "
            "'laion_clap', 'sklearn') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_submodules_load_on_attribute_access():
    import helpers

    assert helpers.exercises.check("x", 1, 1).status == "correct"
    assert "clip_text" in dir(helpers)
    try:
        helpers.no_such_module
    except AttributeError as exc:
        assert "submodules" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
