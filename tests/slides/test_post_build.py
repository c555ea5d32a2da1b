"""postBuild (repo2docker's hook) in a fresh virtual environment: the lessons become paired notebooks, the kernel
is registered in that environment, the checkpoints are checked; a second run changes nothing.

The environment is new but installs nothing: a .pth file lends it the project environment's packages."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tools.notebook_runner import ROOT, notebook_sources


@pytest.fixture
def fresh(tmp_path):
    """A new venv that reaches this environment's site-packages, and a copy of the repository's relevant parts."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    packages = next((venv / "lib").glob("python3*/site-packages"))
    lent = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (packages / "lent_project_env.pth").write_text("".join(f"import site; site.addsitedir({p!r})\n" for p in lent))
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    for source in notebook_sources():
        shutil.copy2(source, repo / "notebooks" / source.name)
    shutil.copytree(ROOT / "tools", repo / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    (repo / "data").mkdir()
    (repo / "data" / "checkpoints").symlink_to(ROOT / "data" / "checkpoints")
    shutil.copy2(ROOT / "postBuild", repo / "postBuild")
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv)}
    env.pop("PYTHONPATH", None)
    return venv, repo, env


def _run(repo, env):
    return subprocess.run(["bash", str(repo / "postBuild")], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=300)


def test_post_build_in_a_fresh_environment(fresh):
    venv, repo, env = fresh
    done = _run(repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    lessons = sorted((repo / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [p.stem for p in lessons] == [s.stem for s in notebook_sources()]
    for notebook in lessons:
        meta = json.loads(notebook.read_text())["metadata"]
        assert meta["jupytext"]["formats"] == "ipynb,py:percent", f"{notebook.name} is not paired with its .py"
        assert meta["kernelspec"]["language"] == "python"
    kernel = json.loads((venv / "share" / "jupyter" / "kernels" / "five-questions" / "kernel.json").read_text())
    assert Path(kernel["argv"][0]).parent == venv / "bin", kernel["argv"]
    assert kernel["display_name"] == "Five Questions"
    assert "checkpoints in place: " in done.stdout and "already installed" in done.stdout
    before = {p.name: p.read_bytes() for p in lessons}
    again = _run(repo, env)
    assert again.returncode == 0, again.stderr
    assert {p.name: p.read_bytes() for p in lessons} == before, "a second postBuild rewrote the notebooks"


def test_post_build_names_a_broken_checkpoint(fresh, tmp_path):
    venv, repo, env = fresh
    folder = tmp_path / "checkpoints"
    shutil.copytree(ROOT / "data" / "checkpoints", folder)
    weights = sorted(folder.glob("*.safetensors"))[0]
    weights.write_bytes(b"version https://git-lfs.github.com/spec/v1\n")
    (repo / "data" / "checkpoints").unlink()
    (repo / "data" / "checkpoints").symlink_to(folder)
    done = _run(repo, env)
    assert done.returncode != 0
    assert f"{weights.name} does not match the SHA-256" in done.stderr
