"""What every lesson shares.

``runtime`` (device, seeds, threads, banner) · ``pretrained`` (hub probe, loaders) · ``clap_weights``
(LAION-CLAP's checkpoint, loaded safely) · ``tokenizers``
(CLIP BPE, GPT-2, BERT behind one interface) · ``corpora`` (real text and the lessons' data/) ·
``probes`` (linear probe, cosine matrix, nearest neighbour, PCA, parameter count) · ``figures`` (one
figure setup, one training-curve plot) · ``checks`` (argument checks, and the one text policy: ``checks.clean_text``) · ``caches`` (``BytesLRU``:
caches bounded by bytes, 256 MB for all together) · ``exercises`` (self-checks) ·
``minilm`` (a pretrained sentence encoder that installs from the package registry).

Nothing here imports a lesson package.
"""

from __future__ import annotations

from .._lazy import lazy_api

__getattr__, __dir__, __all__ = lazy_api(__name__, __path__, {})
