"""The tiny BERT and tiny GPT trained longer (``make checkpoints``) and loaded by the lesson.

Same class as the live models (``tiny_model.TinyTransformer``, ALiBi positions), a bigger configuration,
and more text: Austen's six novels plus *Lady Susan*'s training part (``novels``). Both get the same size
and the same training FLOPs (the masked LM takes more, cheaper steps, as in the live run); both are
scored on *Lady Susan*'s held-out tail, the same text the live models are scored on.
"""

from __future__ import annotations

import time
from dataclasses import asdict, fields
from typing import NamedTuple

from ..core import checkpoints, checks
from .language_model import LanguageModel, tiny_language_model
from .tiny_model import TinyLMConfig, build_model
from .vocab import Vocab

CONFIG = TinyLMConfig(d_model=128, n_layer=4, n_head=4, block_size=64, batch_size=32, steps=750, lr=2e-3,
                      warmup_steps=40, mask_prob=0.15)
MIN_COUNT = 5   # vocabulary: WordPiece pieces seen at least five times in the training text
SEED = 0
NAMES = {"masked": "tiny_bert", "causal": "tiny_gpt"}
DATA = ("Austen's six novels (data/language/austen_novels.txt) + the first 90% of Lady Susan (music21); "
        "held out: Lady Susan's last 10%")


def recipe_steps(kind: str, config: TinyLMConfig = CONFIG, vocab_size: int | None = None) -> int:
    """Training steps of the long recipe: ``config.steps`` for the GPT, as many as cost the same FLOPs for BERT."""
    from .training import equal_compute_steps

    return config.steps if kind == "causal" else equal_compute_steps(config, vocab_size)


def held_out_metrics(lm: LanguageModel, vocab: Vocab, baseline: bool = True) -> dict:
    """The card's figures on *Lady Susan*'s held-out tail (the lesson's windows and positions); for the GPT,
    with ``baseline``, also the live recipe's perplexity over the same vocabulary (``live_recipe_perplexity``)."""
    from .evaluation import LESSON_WINDOWS, compare_held_out
    from .novels import held_out_data

    bert, gpt = (lm, None) if lm.kind == "masked" else (None, lm)
    c = compare_held_out(bert, gpt, held_out_data(vocab), **LESSON_WINDOWS)
    if lm.kind == "causal":
        same_vocabulary = {"held_out_perplexity_live_recipe_same_vocabulary": round(live_recipe_perplexity(vocab), 2)}
        return {"held_out_top1": round(c.accuracy("gpt"), 4), "held_out_perplexity": round(c.perplexity("gpt"), 2),
                **(same_vocabulary if baseline else {})}
    return {"held_out_top1_both_sides": round(c.accuracy("bert_both"), 4),
            "held_out_top1_left_only": round(c.accuracy("bert_left"), 4),
            "held_out_pseudo_perplexity": round(c.perplexity("bert_both"), 2)}


def live_recipe_perplexity(vocab: Vocab) -> float:
    """Held-out perplexity of the lesson's live GPT recipe (``TinyLMConfig()``, *Lady Susan*'s training part,
    seed 0) trained over ``vocab``: the like-with-like bar for the checkpoint GPT. A perplexity depends on the
    vocabulary (the live lesson's own, built from *Lady Susan* alone, turns every rarer word into an easy
    ``[UNK]``), so the checkpoint is compared with the live recipe over the checkpoint's vocabulary."""
    from .evaluation import LESSON_WINDOWS, compare_held_out
    from .novels import held_out_data
    from .training import train_lm

    data = held_out_data(vocab)
    live = train_lm("causal", data, TinyLMConfig(), seed=SEED, progress=False)
    return compare_held_out(None, live, data, **LESSON_WINDOWS).perplexity("gpt")


def train(kind: str, steps: int | None = None, progress: bool = True, validation: bool = False,
          config: TinyLMConfig = CONFIG):
    """Train the long recipe (``steps`` shortens it, for smoke tests); return ``(model on CPU, Card)``.

    ``validation=True`` trains without the last tenth of *Lady Susan*'s training part and scores on it
    (how the recipe was chosen); the card then says so. The held-out tail is not read for training.
    """
    from .novels import novels_data
    from .training import train_lm

    start = time.perf_counter()
    data = novels_data(validation=validation, min_count=MIN_COUNT)
    full = recipe_steps(kind, config, len(data.vocab))
    steps = full if steps is None else steps
    lm = train_lm(kind, data, config, seed=SEED, progress=progress, steps=steps)
    metrics = held_out_metrics(lm, data.vocab, baseline=steps == full) if not validation else _validation_metrics(lm, data)
    card = checkpoints.Card(
        name=NAMES[kind], model=f"TinyTransformer ({'tiny BERT, masked LM' if kind == 'masked' else 'tiny GPT, causal LM'})",
        config={**asdict(config), "vocab_size": len(data.vocab), "vocabulary": data.vocab.tokenizer_ids},
        recipe={"optimizer": "AdamW (betas 0.9, 0.98; weight decay 0.01)", "lr": config.lr,
                "schedule": f"linear warm-up {config.warmup_steps} steps, cosine decay to lr/10",
                "batch": f"{config.batch_size} random windows of {config.block_size} tokens",
                "steps": steps, "full_recipe_steps": full, "mask_prob": config.mask_prob if kind == "masked" else None,
                "compute": "same training FLOPs for the tiny BERT and the tiny GPT (6 x parameters x tokens)",
                "min_count": MIN_COUNT, "threads": 1, "validation_run": validation},
        seed=SEED, steps=steps, data=DATA, wall_time_s=round(time.perf_counter() - start, 1), metrics=metrics)
    return lm.model.cpu(), card


def _validation_metrics(lm: LanguageModel, data) -> dict:
    from .evaluation import LESSON_WINDOWS, compare_held_out

    bert, gpt = (lm, None) if lm.kind == "masked" else (None, lm)
    c = compare_held_out(bert, gpt, data, **LESSON_WINDOWS)
    return {f"validation_top1_{r}": round(c.accuracy(r), 4) for r in c.correct} | {
        f"validation_perplexity_{r}": round(c.perplexity(r), 2) for r in c.correct}


def train_tiny_bert(steps: int | None = None, progress: bool = True):
    """The long recipe of the tiny BERT (masked LM); ``(model, Card)``."""
    return train("masked", steps, progress)


def train_tiny_gpt(steps: int | None = None, progress: bool = True):
    """The long recipe of the tiny GPT (causal LM); ``(model, Card)``."""
    return train("causal", steps, progress)


RECIPES = {"tiny_bert": train_tiny_bert, "tiny_gpt": train_tiny_gpt}


def card_vocab(card: checkpoints.Card) -> Vocab:
    """The checkpoint's vocabulary (its WordPiece ids are stored in the card)."""
    from ..core.tokenizers import bert_fast

    return Vocab(bert_fast(), list(card.config["vocabulary"]))


def load(kind: str, folder=None) -> tuple[LanguageModel | None, str]:
    """``(model, message)``: the checkpoint of ``kind`` wrapped as a ``LanguageModel``, or ``None`` and
    the one-line reason (missing, corrupt, another architecture) when it cannot be used."""
    name = NAMES[checks.choice(kind, "kind", tuple(NAMES))]
    checkpoints.paths(name, folder)  # a folder of the wrong type is the caller's mistake, not a missing file
    try:
        card = checkpoints.read_card(name, folder)
        config = TinyLMConfig(**{f.name: card.config[f.name] for f in fields(TinyLMConfig) if f.name in card.config})
        model = build_model(kind, int(card.config["vocab_size"]), config)
        checkpoints.load_into(model, name, folder)
    except (checkpoints.CheckpointError, KeyError, TypeError, ValueError) as exc:
        message = str(exc) if isinstance(exc, checkpoints.CheckpointError) else (
            f"checkpoint card {name}.json does not describe a tiny model ({exc}); {checkpoints.REBUILD}")
        return None, message
    lm = tiny_language_model(kind, model.eval(), card_vocab(card), name=f"{'BERT' if kind == 'masked' else 'GPT'} checkpoint")
    lm.card = card
    return lm, card.summary()


def load_tiny_bert(folder=None) -> tuple[LanguageModel | None, str]:
    """The tiny BERT checkpoint, or ``None`` and one line saying why not (the lesson goes on live)."""
    return load("masked", folder)


def load_tiny_gpt(folder=None) -> tuple[LanguageModel | None, str]:
    """The tiny GPT checkpoint, or ``None`` and one line saying why not (the lesson goes on live)."""
    return load("causal", folder)


class LessonModels(NamedTuple):
    """The pair of models the lesson's analyses use, the held-out text in their vocabulary, and one line
    that says where they come from."""

    bert: LanguageModel
    gpt: LanguageModel
    data: object
    from_checkpoint: bool
    message: str


def checkpoints_or_live(live_bert: LanguageModel | None = None, live_gpt: LanguageModel | None = None,
                        folder=None) -> LessonModels:
    """Both checkpoints when both load; otherwise both live models (trained now if the lesson skipped
    them), so that the pair always shares one vocabulary. ``message`` says which, and why."""
    from .novels import held_out_data

    for name, lm in (("live_bert", live_bert), ("live_gpt", live_gpt)):
        if lm is not None and not isinstance(lm, LanguageModel):
            raise TypeError(f"{name} must be a LanguageModel or None, got {type(lm).__name__} {checks.shown(lm)}")
    bert, bert_message = load_tiny_bert(folder)
    gpt, gpt_message = load_tiny_gpt(folder)
    if bert is not None and gpt is not None:
        return LessonModels(bert, gpt, held_out_data(bert.vocab), True,
                            f"loaded {bert_message}\nloaded {gpt_message}")
    reason = bert_message if bert is None else gpt_message
    if live_bert is None or live_gpt is None:
        live_bert, live_gpt = _train_live()
    return LessonModels(live_bert, live_gpt, held_out_data(live_bert.vocab), False,
                        f"{reason}\n-> the lesson goes on with the live models (trained on Lady Susan in seconds)")


def _train_live():
    from .training import equal_compute_steps, train_lm
    from .vocab import prepare_text

    data, config = prepare_text(held_out=0.1), TinyLMConfig()
    return (train_lm("masked", data, config, steps=equal_compute_steps(config, len(data.vocab))),
            train_lm("causal", data, config))
