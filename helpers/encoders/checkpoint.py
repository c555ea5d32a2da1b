"""Lesson 05's trained checkpoint: the miniature LLaVA captioner of section 6, trained longer.

``make checkpoints`` calls ``RECIPES["tiny_captioner"]()``: the caption language model trained on caption
text alone, frozen, then the projector trained (LLaVA's stage 1) on the patch tokens of lesson 03's tiny
ViT *checkpoint*, with more steps than the lesson's live run (``CAPTIONER_LONG`` against ``CAPTIONER_LIVE``).
The held-out figures (450 test digits, which neither stage saw) are measured once, at the end, before and
after the projector is trained. The file holds the frozen language model and the trained projector; the
card records the SHA-256 of the tiny ViT whose patch tokens it was trained on, so the captioner is used
only with that ViT (``load_captioner``).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import torch

from ..core.checkpoints import REBUILD, Card, CheckpointError, load_into, read_card
from .caption_training import caption_accuracy, caption_batch, train_caption_lm, train_caption_projector
from .captioner import CaptionVocab, VisualPrefixCaptioner, patch_tokens

NAME, VIT = "tiny_captioner", "tiny_vit"
CAPTIONER_LIVE = {"lm_steps": 300, "projector_steps": 300, "batch_size": 32, "lm_lr": 3e-3, "projector_lr": 1e-2,
                  "kind": "mlp", "seed": 0}
"""The lesson's live run (seconds on a CPU)."""
CAPTIONER_LONG = {**CAPTIONER_LIVE, "lm_steps": 1500, "projector_steps": 1500}
"""``make checkpoints``' recipe: the live one with five times the steps in each stage, nothing tuned on held-out data."""
DATA = ("caption text from connector.TRAIN_TEMPLATES (the language model: text only); the projector: the 1,347 "
        "training digits of vision.digits_split(0.25, seed=0) through the frozen tiny_vit checkpoint; held out: "
        "its 450 test digits")


@dataclass
class CaptionerLog:
    """A captioner run: steps and seconds of both stages (``side_by_side`` reads ``steps`` and ``seconds``)."""

    lm_losses: list
    projector_losses: list
    steps: int
    seconds: float


def untrained_twin(captioner: VisualPrefixCaptioner, seed: int = 0) -> VisualPrefixCaptioner:
    """The same frozen language model with the projector as it was before training (seeded initialisation)."""
    kind = "linear" if isinstance(captioner.projector, torch.nn.Linear) else "mlp"
    visual_width = next(captioner.projector.parameters()).shape[1]      # the first Linear's (out, in) weight
    torch.manual_seed(seed)
    return VisualPrefixCaptioner(captioner.lm, visual_width, kind).eval()


def held_out_loss(captioner: VisualPrefixCaptioner, vocab: CaptionVocab, tokens, labels, seed: int = 0) -> float:
    """The caption next-token loss on held-out images, one caption each (wordings drawn with ``seed``)."""
    with torch.no_grad():
        ids = caption_batch(vocab, labels, torch.Generator().manual_seed(seed))
        return float(captioner.caption_loss(tokens, ids))


def captioner_metrics(captioner: VisualPrefixCaptioner, vocab: CaptionVocab, tokens, labels) -> dict:
    """Held-out caption accuracy and loss, before (the seeded untrained projector) and after training."""
    before = untrained_twin(captioner)
    return {"caption_accuracy_before": caption_accuracy(before, vocab, tokens, labels),
            "caption_accuracy_after": caption_accuracy(captioner, vocab, tokens, labels),
            "caption_loss_before": held_out_loss(before, vocab, tokens, labels),
            "caption_loss_after": held_out_loss(captioner, vocab, tokens, labels)}


def train_captioner(vit_encoder, digits, recipe: dict = CAPTIONER_LIVE, progress: bool = False):
    """Both stages with ``recipe`` on ``digits``' training images through the frozen ``vit_encoder``:
    ``(captioner, CaptionerLog)``."""
    start = time.perf_counter()
    vocab = CaptionVocab()
    lm, lm_run = train_caption_lm(vocab, recipe["lm_steps"], recipe["batch_size"], recipe["lm_lr"], recipe["seed"],
                                  progress=progress)
    tokens = patch_tokens(vit_encoder, digits.train_images)
    torch.manual_seed(recipe["seed"])
    captioner = VisualPrefixCaptioner(lm, tokens.shape[2], recipe["kind"])
    run = train_caption_projector(captioner, vocab, tokens, digits.train_labels, recipe["projector_steps"],
                                  recipe["batch_size"], recipe["projector_lr"], recipe["seed"], progress=progress)
    log = CaptionerLog(lm_run.losses, run.losses, len(lm_run.losses) + len(run.losses), time.perf_counter() - start)
    return captioner.eval(), log


def train(steps: int | None = None, progress: bool = True):
    """``make checkpoints``' captioner: ``(model, Card)`` (``steps`` shortens both stages, for smoke tests)."""
    from ..vision import digits_split, load_tiny_vit

    vit, message = load_tiny_vit()
    if vit is None:
        raise CheckpointError(f"the captioner is trained on the tiny ViT checkpoint, which did not load: {message}")
    recipe = CAPTIONER_LONG if steps is None else {**CAPTIONER_LONG, "lm_steps": steps, "projector_steps": steps}
    digits = digits_split(test_fraction=0.25, seed=0)
    captioner, log = train_captioner(vit.encoder, digits, recipe, progress)
    test_tokens = patch_tokens(vit.encoder, digits.test_images)
    card = Card(name=NAME, model="VisualPrefixCaptioner (frozen TinyTransformer LM + MLP projector)",
                config={"lm": asdict(captioner.lm.config), "vocab_size": captioner.lm.tok.num_embeddings,
                        "visual_width": test_tokens.shape[2], "kind": recipe["kind"]},
                recipe={**recipe, "optimizer": "AdamW, constant learning rate", "threads": 1,
                        "vit_sha256": read_card(VIT).sha256, "stages": "1: language model on caption text alone; "
                        "2: language model frozen, projector trained with its next-token loss on image captions"},
                seed=recipe["seed"], steps=log.steps, data=DATA, wall_time_s=round(log.seconds, 1),
                metrics={k: round(v, 4) for k, v in
                         captioner_metrics(captioner, CaptionVocab(), test_tokens, digits.test_labels).items()})
    return captioner.cpu(), card


RECIPES = {NAME: train}
"""Checkpoint name → its training function (``tools/train_checkpoints.py`` reads this)."""


def load_captioner(folder=None):
    """``(captioner, message)``: the checkpoint (SHA-256 checked, and trained on the tiny ViT checkpoint that is
    here now), or ``(None, one line saying why)``."""
    from ..language.tiny_model import TinyLMConfig, TinyTransformer

    try:
        card = read_card(NAME, folder)
        if card.recipe.get("vit_sha256") != read_card(VIT, folder).sha256:
            raise CheckpointError(f"checkpoint {NAME} was trained on another tiny ViT than {VIT}.json's; {REBUILD}")
        try:
            config = card.config
            lm = TinyTransformer(config["vocab_size"], TinyLMConfig(**config["lm"]), causal=True)
            captioner = VisualPrefixCaptioner(lm, config["visual_width"], config["kind"])
        except (TypeError, ValueError, KeyError) as exc:
            raise CheckpointError(f"checkpoint card {NAME}.json describes no model this code builds ({exc}); "
                                  f"{REBUILD}") from None
        load_into(captioner, NAME, folder)
    except CheckpointError as exc:
        return None, f"{exc} (the lesson trains its live captioner instead)"
    return captioner.eval(), card.summary()
