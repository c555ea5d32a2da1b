"""Five Questions on Multimodal Models: the machinery behind the lessons.

One subpackage per lesson, plus what every lesson shares::

    helpers.core       runtime, pretrained weights, tokenizers, corpora, probes, figures, checks, exercises, MiniLM
    helpers.clip       lesson 01, CLIP's text window
    helpers.language   lesson 02, BERT vs GPT
    helpers.vision     lesson 03, ViT vs MAE
    helpers.clap       lesson 04, CLAP's contrastive learning
    helpers.encoders   lesson 05, modality encoders

Subpackages and their modules are imported on first use, so ``import helpers`` stays quick even
though the lessons use torch, transformers and open_clip::

    import helpers
    helpers.clip.tokenize("a photo of a cat")   # imports helpers.clip.text now
"""

from __future__ import annotations

from ._lazy import lazy_api

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {})
