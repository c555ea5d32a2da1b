"""Notebook 01 on its pretrained path: CLIP weights found in a local Hugging Face cache, offline.

The checkpoint is a randomly initialised ViT-B/32 saved where open_clip's 'openai' tag looks for it
(the same file name and cache layout as the real download), so the notebook's loading code and its
pretrained-only section run for real; the numbers they print mean nothing and are not checked.
"""

import pytest
import torch

from tools.notebook_runner import NOTEBOOKS, error_outputs, execute

REPO = "models--timm--vit_base_patch32_clip_224.openai"
COMMIT = "0" * 40


@pytest.fixture(scope="module")
def hf_home(tmp_path_factory):
    import open_clip

    home = tmp_path_factory.mktemp("hf_home")
    snapshot = home / "hub" / REPO / "snapshots" / COMMIT
    snapshot.mkdir(parents=True)
    torch.manual_seed(0)
    torch.save(open_clip.create_model("ViT-B-32", pretrained=None).state_dict(), snapshot / "open_clip_pytorch_model.bin")
    (home / "hub" / REPO / "refs").mkdir()
    (home / "hub" / REPO / "refs" / "main").write_text(COMMIT)
    return home


@pytest.mark.notebook
def test_notebook01_takes_the_pretrained_path_from_the_cache(hf_home):
    run = execute(NOTEBOOKS / "01_clip_text_tokens.py", cell_timeout_s=240,
                  env={"FIVEQ_OFFLINE": "", "HF_HUB_OFFLINE": "1", "HF_HOME": str(hf_home)})
    assert error_outputs(run.notebook) == []
    outputs = [o for c in run.notebook.cells if c.cell_type == "code" for o in c.outputs]
    html = " ".join(o.get("data", {}).get("text/html", "") for o in outputs)
    text = " ".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "PRETRAINED path" in html
    # the effective-length section measures pretrained CLIP beside its random-weights control
    assert "pretrained CLIP: mean change early" in text and "Pretrained run not measured" not in text
