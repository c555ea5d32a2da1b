"""Every lesson on the pretrained path, as a user with network gets it: real architectures and file layouts
in a Hugging Face cache (random weights, built by ``tools.pretrained_cache``), read offline.

Catches what the tiny offline models cannot: a loader that no longer finds a file, a model class or tokenizer
that changed, a cell that only runs when ``weights.available``, and the time and memory of real-size models.
The numbers the lessons print mean nothing here (random weights) and are not checked.
"""

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from tools import pretrained_cache
from tools.notebook_runner import ROOT, error_outputs, execute, notebook_sources

pytestmark = pytest.mark.pretrained
SOURCES = notebook_sources()


@pytest.fixture(scope="session")
def hf_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("hf_home")
    start = time.perf_counter()
    sizes = pretrained_cache.build(home)
    print(f"\ncache: {len(sizes)} repos, {sum(sizes.values()) / 1e9:.2f} GB in {time.perf_counter() - start:.0f} s")
    yield home
    shutil.rmtree(home, ignore_errors=True)  # ~4 GB: not left for pytest's last-three-runs rotation


def pretrained_env(home) -> dict:
    """The kernel's environment: the cache above, the hub's offline switch, and FIVEQ_OFFLINE off."""
    return {"HF_HOME": str(home), "HF_HUB_CACHE": str(home / "hub"), "HF_HUB_OFFLINE": "1", "FIVEQ_OFFLINE": "0"}


def banner(nb) -> str:
    """The environment report's title (``PRETRAINED path: ...`` or ``OFFLINE path: ...``), from its HTML form."""
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            match = re.search(r"<b>([A-Z]+ path[^<]*)</b>", out.get("data", {}).get("text/html", ""))
            if match:
                return match.group(1)
    return "no environment report shown"


def stderr_tracebacks(nb) -> list[str]:
    """Cells whose stderr shows a traceback (an exception caught and printed is still an error)."""
    return [f"cell {i}: {o.get('text', '')[-300:]}" for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("name") == "stderr" and "Traceback" in o.get("text", "")]


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_lesson_on_the_pretrained_path(source, hf_home, figures):
    run = execute(source, cell_timeout_s=300, env=pretrained_env(hf_home), measure_memory=True)
    slowest = max(range(len(run.cell_seconds)), key=run.cell_seconds.__getitem__)
    line = (f"{source.stem:24s} {run.seconds:6.1f} s   peak kernel memory {run.peak_rss_mb / 1024:4.1f} GB   "
            f"slowest cell {slowest} ({run.cell_seconds[slowest]:.1f} s)")
    figures.append(line)
    print(f"\n{line}")
    assert error_outputs(run.notebook) == []
    assert stderr_tracebacks(run.notebook) == []
    assert banner(run.notebook).startswith("PRETRAINED path"), banner(run.notebook)


QUICK_GELU_PROBE = """
import open_clip
from helpers.core import pretrained
model = pretrained.open_clip_model("ViT-B-32", "openai")[0]
print(all(isinstance(t.resblocks[0].mlp.gelu, open_clip.transformer.QuickGELU) for t in (model.transformer, model.visual.transformer)))
"""


def test_lesson01_clip_is_built_with_quick_gelu(hf_home):
    """OpenAI trained CLIP with QuickGELU; what lesson 01 loads for the 'openai' tag must use it too."""
    env = {k: v for k, v in os.environ.items() if k != "FIVEQ_OFFLINE"}
    env.update(pretrained_env(hf_home))
    done = subprocess.run([sys.executable, "-c", QUICK_GELU_PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "True"


TOKENIZER_PROBE = """
from transformers import AutoTokenizer
for repo in ("gpt2", "bert-base-uncased", "roberta-base", "facebook/bart-base"):
    tok = AutoTokenizer.from_pretrained(repo)
    print(repo, len(tok), len(tok("a loud dog barking in the rain")["input_ids"]))
"""


def test_the_cached_tokenizers_have_their_whole_vocabulary(hf_home):
    """A tokenizer built with the wrong arguments loads with five special tokens and maps every word to <unk>:
    the lessons would still run, with wrong token counts and timings."""
    env = {k: v for k, v in os.environ.items() if k != "FIVEQ_OFFLINE"}
    env.update(pretrained_env(hf_home))
    done = subprocess.run([sys.executable, "-c", TOKENIZER_PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    for line in done.stdout.strip().splitlines()[-4:]:
        repo, size, ids = line.split()
        assert int(size) > 30_000, f"{repo} tokenizer has only {size} entries"
        assert int(ids) >= 7, f"{repo} tokenizer reads 7 words as {ids} ids"
