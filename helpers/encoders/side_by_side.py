"""Which tiny model lesson 05 measures with: the trained checkpoint, the short live run, or both side by side.

Lesson 05 borrows two models: lesson 03's tiny ViT and lesson 04's tiny CLAP. Each comes as a
checkpoint trained for minutes by ``make checkpoints`` and, with live training on, as a short run trained
in this lesson. The analyses use the checkpoint; when it is missing or corrupt they use the live model,
which is then trained even with live training off, so the lesson still runs. ``live_vs_checkpoint`` puts
the two side by side on the same held-out data, with how each was trained.
"""

from __future__ import annotations

from ..core import probes
from ..vision.side_by_side import compared as live_vs_checkpoint  # the same live/checkpoint table as lesson 03's

CHECKPOINT, LIVE = "checkpoint", "live model"


def live_run(name: str, live: bool, checkpoint, train):
    """The live run of model ``name``: ``(model, log, line)``.

    ``train()`` returns ``(model, log)`` (the log has ``.steps`` and ``.seconds``) and is called when live
    training is on, or when the checkpoint did not load (``checkpoint`` is ``None``: the lesson needs a model).
    Otherwise model and log are ``None``. ``line`` says in one sentence what happened.
    """
    if not live and checkpoint is not None:
        return None, None, f"LIVE_TRAINING is off: the live {name} run is skipped; the figures below use the checkpoint"
    model, log = train()
    ran = f"{log.steps:,} steps in {log.seconds:.1f} s on the CPU"
    if live:
        return model, log, f"live {name}: {ran}"
    return model, log, (f"LIVE_TRAINING is off, but the {name} checkpoint did not load, so the live {name} was "
                        f"trained anyway ({ran}) and the figures below use it")


def chosen(checkpoint, live_model):
    """``(model, source)``: the checkpoint when it loaded, else the live model; source names which."""
    return (checkpoint, CHECKPOINT) if checkpoint is not None else (live_model, LIVE)


def vit_figures(model, digits) -> dict:
    """``{figure: text}`` for a tiny ViT on ``digits``' test images: accuracy and the class token's 1-NN score."""
    from ..vision import accuracy, encoder_features

    features = encoder_features(model.encoder, digits.test_images, pool="cls")
    return {"test accuracy": f"{accuracy(model, digits.test_images, digits.test_labels):.1%}",
            "class token, 1-NN same digit": f"{probes.nearest_neighbour_accuracy(features, digits.test_labels):.1%}"}


def clap_figures(model, sound_set) -> dict:
    """``{figure: text}`` for a tiny CLAP on ``sound_set``: the figures sections 3 and 4 use, and zero-shot."""
    from ..clap import captions, contrastive, evaluation

    audio, text = model.encode_audio(sound_set), model.encode_text(list(sound_set.captions))
    labels = sound_set.labels
    zero_shot = evaluation.zero_shot(model, sound_set, captions.prompts("test"), audio).accuracy
    return {"audio, 1-NN same kind": f"{probes.nearest_neighbour_accuracy(audio, labels):.1%}",
            "audio → caption, same kind": f"{probes.cross_modal_accuracy(audio, labels, text, labels):.1%}",
            "audio → its own caption, recall@1":
                f"{contrastive.recall_at_k(probes.cosine_matrix(audio, text), 1):.1%}",
            "zero-shot, held-out phrases": f"{zero_shot:.1%}"}


def captioner_table(data, live=None, live_log=None, checkpoint=None) -> tuple[str, dict]:
    """The miniature LLaVA's live run and checkpoint side by side on ``data`` = ``(vocab, patch tokens, labels)``
    of held-out images: ``(table, {"live model"/"checkpoint": checkpoint.captioner_metrics})``, each measured once."""
    from .checkpoint import NAME, captioner_metrics

    measured = {source: captioner_metrics(model, *data) for source, model in ((LIVE, live), (CHECKPOINT, checkpoint))
                if model is not None}

    def figures(model, _):
        m = measured[LIVE if model is live else CHECKPOINT]
        return {"caption names the digit, before → after":
                    f"{m['caption_accuracy_before']:.1%} → {m['caption_accuracy_after']:.1%}",
                "caption loss, before → after": f"{m['caption_loss_before']:.2f} → {m['caption_loss_after']:.2f}"}

    title = f"miniature LLaVA, {len(data[2])} held-out digits"
    return live_vs_checkpoint(title, figures, data, NAME, live, live_log, checkpoint), measured

