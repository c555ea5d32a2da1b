"""LAION-CLAP's pretrained checkpoint: find it in the cache (or download it), load it safely, build the module.

Offline rules are ``core.pretrained``'s: ``hub_status()`` decides before ``laion_clap`` is imported (its import
asks the hub for tokenizers), and ``FIVEQ_OFFLINE=1`` reads neither the hub nor the cache.
"""

from __future__ import annotations

from . import pretrained

CLAP_REPO = "lukewys/laion_clap"
CLAP_CHECKPOINTS = {False: "630k-audioset-best.pt", True: "630k-audioset-fusion-best.pt"}
# Checkpoints saved before transformers 4.31 carry this buffer; newer RoBERTa has no such key.
CLAP_STALE_KEYS = ("text_branch.embeddings.position_ids",)


def clap_checkpoint(enable_fusion: bool = False) -> str:
    """Path of the LAION-CLAP checkpoint in the local cache, downloaded first when the hub is reachable."""
    from huggingface_hub import hf_hub_download

    name = CLAP_CHECKPOINTS[bool(enable_fusion)]
    pretrained.refuse_if_forced_offline(f"LAION-CLAP checkpoint {name}")
    pretrained.hub_status()
    try:
        return hf_hub_download(CLAP_REPO, name)
    except Exception as exc:  # offline with no cached copy, or the download failed
        raise pretrained.WeightsUnavailable(
            f"LAION-CLAP checkpoint {name} not in the cache and not downloadable ({type(exc).__name__}); "
            "with network access it downloads once (about 633 MB: 158 M parameters in fp32)") from exc


def load_clap_weights(model, checkpoint) -> None:
    """Load a LAION-CLAP checkpoint into ``model`` (a ``laion_clap`` ``CLAP`` module) in place.

    Reads with ``weights_only=True`` and drops the stale ``position_ids`` key that
    transformers >= 4.31 rejects; every other key must match exactly.
    """
    model.load_state_dict(pretrained.load_state_dict(checkpoint, drop_keys=CLAP_STALE_KEYS), strict=True)


def clap_model(checkpoint=None, enable_fusion: bool = False):
    """A pretrained ``laion_clap.CLAP_Module`` (HTSAT-tiny audio, RoBERTa text), ready for inference.

    ``checkpoint`` is a local ``.pt`` file; by default the official 630k+AudioSet checkpoint is
    taken from the cache (downloaded when reachable). Building the module needs ``roberta-base``
    from the hub or the cache, so this raises ``WeightsUnavailable`` offline without a cache.
    """
    if checkpoint is None:
        pretrained.refuse_if_forced_offline("LAION-CLAP")
    status = pretrained.hub_status()  # decided before laion_clap's import asks the hub for tokenizers
    try:
        pretrained.hf_tokenizer("roberta-base")
    except pretrained.WeightsUnavailable as exc:
        raise pretrained.WeightsUnavailable(
            f"LAION-CLAP needs roberta-base from the hub or the cache ({status.reason})") from exc
    import laion_clap

    if checkpoint is None:
        checkpoint = clap_checkpoint(enable_fusion)
    module = laion_clap.CLAP_Module(enable_fusion=enable_fusion, device="cpu")
    load_clap_weights(module.model, checkpoint)
    return module.eval()
