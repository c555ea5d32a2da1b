"""Every lesson runs top to bottom, headless, from its .py source, on the offline path."""

import pytest

from tools.notebook_runner import error_outputs, execute, notebook_sources, undisplayed_figures

SOURCES = notebook_sources()


def test_there_are_notebooks():
    assert SOURCES, "no notebooks/NN_*.py sources found"


@pytest.mark.notebook
@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_notebook_runs(source):
    run = execute(source, cell_timeout_s=240, env={"FIVEQ_OFFLINE": "1"})
    assert error_outputs(run.notebook) == []
    assert undisplayed_figures(run.notebook) == [], "figures shown as text, not images"
    print(f"{source.name}: {run.seconds:.1f} s")
