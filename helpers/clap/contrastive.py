"""The contrastive (InfoNCE) loss CLAP and CLIP train with, and the numbers that judge it.

A batch holds ``B`` matched pairs: audio clip ``i`` goes with caption ``i``. Both towers map into
one space and normalise, so ``a @ b.T`` is a ``(B, B)`` matrix of cosine similarities whose
diagonal holds the matched pairs. Scaled by a learnable ``logit_scale`` (1 / temperature), each
row is a B-way classification "which caption is mine?" and each column "which clip is mine?".
The loss is the mean of the two cross-entropies; every other item in the batch is a negative.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..core import checks
from ..core.runtime import cpu_threads

INIT_LOGIT_SCALE = 1 / 0.07          # CLIP's and LAION-CLAP's starting value (temperature 0.07)
MAX_LOGIT_SCALE = 100.0              # both clamp the scale to at most 100 during training
NORM_TOLERANCE = 1e-3


def _check_pair(a, b, same_batch: bool = True):
    """``(a, b)`` as floating tensors of one dtype (the wider of the two, so float32 with float64 works)."""
    for name, x in (("a", a), ("b", b)):
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor (batch, dim), got {type(x).__name__}; "
                            f"wrap a numpy array with torch.from_numpy")
        if not x.is_floating_point():
            raise TypeError(f"{name} must hold floats (unit embeddings), got dtype {x.dtype}")
        if x.ndim != 2:
            raise ValueError(f"{name} must be 2-D (batch, dim), got shape {tuple(x.shape)}")
        if x.shape[0] == 0:
            raise ValueError(f"{name} is empty: a contrastive batch needs at least one pair")
        if not torch.isfinite(x).all():
            raise ValueError(f"{name} contains NaN or infinite values")
    if same_batch and a.shape[0] != b.shape[0]:
        raise ValueError(f"batch sizes differ: a has {a.shape[0]} rows, b has {b.shape[0]}; row i of each must be a matched pair")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"embedding widths differ: a is {a.shape[1]}-d, b is {b.shape[1]}-d; project both into one space first")
    if a.device != b.device:
        raise ValueError(f"a and b must be on one device, got a on {a.device} and b on {b.device}")
    dtype = torch.promote_types(a.dtype, b.dtype)
    return a.to(dtype), b.to(dtype)


def _check_clip_loss_inputs(a, b, logit_scale):
    """``(a, b, logit_scale)`` in one dtype (``logit_scale`` a 0-d tensor), after checking matched unit rows."""
    a, b = _check_pair(a, b)
    check_normalised(a, "a")
    check_normalised(b, "b")
    if checks.is_bool(logit_scale) or isinstance(logit_scale, str) or not (
            isinstance(logit_scale, torch.Tensor) or hasattr(logit_scale, "__float__")):
        raise TypeError(f"logit_scale must be a number or a 0-d tensor, got {type(logit_scale).__name__}")
    scale = torch.as_tensor(logit_scale, device=a.device)
    if scale.ndim != 0 or not torch.isfinite(scale) or scale <= 0:
        raise ValueError(f"logit_scale must be a positive finite scalar (1 / temperature), got {logit_scale!r}")
    return a, b, scale.to(a.dtype)


def check_normalised(x, name: str = "embeddings") -> None:
    """Raise ``ValueError`` unless every row of ``x`` ``(batch, dim)`` has unit L2 norm."""
    if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim != 2 or x.shape[0] == 0:
        raise TypeError(f"{name} must be a non-empty float torch.Tensor (batch, dim), got "
                        f"{type(x).__name__} {tuple(getattr(x, 'shape', ()))}")
    if not torch.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    norms = x.detach().norm(dim=-1)
    worst = float((norms - 1).abs().max())
    if worst > NORM_TOLERANCE:
        raise ValueError(f"{name} must be L2-normalised (row norms 1), found a row norm of "
                         f"{float(norms[(norms - 1).abs().argmax()]):.3f}: apply torch.nn.functional.normalize(x, dim=-1)")


def similarity(a, b):
    """Cosine similarities ``(B_a, B_b)`` of L2-normalised rows: ``a @ b.T``."""
    a, b = _check_similarity_inputs(a, b)
    return a @ b.T


def _check_similarity_inputs(a, b):
    a, b = _check_pair(a, b, same_batch=False)
    for name, x in (("a", a), ("b", b)):
        check_normalised(x, name)
    return a, b


def diagonal_means(similarity) -> tuple[float, float]:
    """``(mean on the diagonal, mean off it)`` of a square similarity matrix: matched pairs vs the rest."""
    s = _finite_matrix(similarity, "similarity")
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] < 2:
        raise ValueError(f"similarity must be a square (N, N) matrix with N >= 2, got shape {tuple(s.shape)}")
    on_diagonal = torch.eye(len(s), dtype=torch.bool)
    return float(s[on_diagonal].mean()), float(s[~on_diagonal].mean())


def clip_loss(a, b, logit_scale):
    """Symmetric InfoNCE loss: a scalar tensor.

    ``a``, ``b``: ``(B, D)`` L2-normalised embeddings, row ``i`` of each a matched pair.
    ``logit_scale``: 1 / temperature, already exponentiated (a float or a 0-d tensor).
    """
    a, b, scale = _check_clip_loss_inputs(a, b, logit_scale)
    logits = scale * a @ b.T                        # (B, B): row i scores clip i against every caption
    targets = torch.arange(a.shape[0], device=a.device)  # the match of row i is column i
    return (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets)) / 2


class LogitScale(nn.Module):
    """A learnable temperature, stored as ``log(scale)`` so it stays positive; the CLIP recipe.

    ``parameter`` is the ``torch.nn.Parameter`` the optimiser updates; call ``clamp_()`` after
    each step (as CLIP and LAION-CLAP do) and read the scale with ``value()``.
    """

    def __init__(self, init: float = INIT_LOGIT_SCALE, maximum: float = MAX_LOGIT_SCALE):
        super().__init__()
        if not (0 < init <= maximum):
            raise ValueError(f"need 0 < init <= maximum, got init={init}, maximum={maximum}")
        self.maximum = maximum
        self.parameter = nn.Parameter(torch.tensor(math.log(init)))

    def value(self):
        """The scale ``exp(parameter)``, a 0-d tensor that carries gradients."""
        return self.parameter.exp()

    def clamp_(self) -> None:
        """Keep ``0 <= log(scale) <= log(maximum)`` (scale in [1, 100]), in place."""
        with torch.no_grad():
            self.parameter.clamp_(0.0, math.log(self.maximum))


def softmax_rows(similarity_matrix, temperature: float):
    """Row-wise softmax of ``similarity / temperature``: ``(rows, cols)``, each row sums to 1."""
    s, temperature = _check_softmax_rows(similarity_matrix, temperature)
    return torch.softmax(s / temperature, dim=-1)


def _check_softmax_rows(similarity_matrix, temperature):
    """``(similarity as a finite float32 tensor (rows, cols), temperature > 0 as a float)``."""
    temperature = checks.real(temperature, "temperature", 0, open_minimum=True)
    s = _finite_matrix(similarity_matrix, "similarity_matrix")
    if s.ndim != 2 or 0 in s.shape:
        raise ValueError(f"similarity_matrix must be a non-empty 2-D (rows, cols) matrix, got shape {tuple(s.shape)}")
    return s.to(torch.float32), temperature


def _finite_matrix(value, name: str):
    """``value`` (tensor, array or nested list of numbers) as a tensor; NaN and infinity refused in one line."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a matrix of numbers (tensor, array or list), got {type(value).__name__}")
    try:
        s = value.detach() if isinstance(value, torch.Tensor) else torch.as_tensor(np.asarray(value, dtype=float))
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a matrix of numbers (tensor, array or list), got {type(value).__name__}") from None
    if s.is_complex() or not (s.is_floating_point() or s.dtype in (torch.int64, torch.int32, torch.int16, torch.int8,
                                                                   torch.uint8)):
        raise TypeError(f"{name} must hold real numbers, got dtype {s.dtype}")
    if not torch.isfinite(s).all():
        raise ValueError(f"{name} contains NaN or infinite values: probabilities from it would be NaN")
    return s


def _check_square(similarity, k):
    s = _finite_matrix(similarity, "similarity").to(torch.float64)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] == 0:
        raise ValueError(f"similarity must be a non-empty square (N, N) matrix, got shape {tuple(s.shape)}")
    return s, checks.integer(k, "k", 1, s.shape[0])


def recall_at_k(similarity, k: int) -> float:
    """Fraction of rows whose matching column (the diagonal) is among the row's top ``k`` scores.

    ``similarity``: ``(N, N)`` scores, row ``i`` a query whose match is column ``i``. Ties count
    against the match (a query only scores if fewer than ``k`` other columns beat or equal it).
    Transpose the matrix to score the other direction.
    """
    s, k = _check_square(similarity, k)
    matched = s.diagonal()[:, None]
    others_at_least = (s >= matched).sum(dim=1) - 1    # columns that tie or beat the match
    return float((others_at_least < k).double().mean())


def random_unit(batch: int, dim: int, seed: int = 0):
    """``(batch, dim)`` random L2-normalised rows from a seeded generator (for demonstrations)."""
    g = torch.Generator().manual_seed(checks.integer(seed, "seed", 0))
    return F.normalize(torch.randn(batch, dim, generator=g), dim=-1)


def noisy_pairs(batch: int, dim: int, noise: float, seed: int = 0):
    """``(a, b)``: matched pairs where ``b`` is ``a`` plus Gaussian ``noise``, both normalised.

    A controllable stand-in for a half-trained model: smaller noise, better aligned pairs.
    """
    g = torch.Generator().manual_seed(checks.integer(seed, "seed", 0))
    a = F.normalize(torch.randn(batch, dim, generator=g), dim=-1)
    b = F.normalize(a + noise * torch.randn(batch, dim, generator=g) / math.sqrt(dim), dim=-1)
    return a, b


@cpu_threads(1)      # tiny matrices: on two busy cores, a second thread made this 100x slower
def loss_by_batch_size(batch_sizes, dim: int = 64, noise: float = 1.0, logit_scale: float = INIT_LOGIT_SCALE,
                       repeats: int = 20, seed: int = 0) -> dict[int, tuple[float, float]]:
    """Mean InfoNCE loss and the chance level ``log(B)`` for each batch size, same pair quality.

    Returns ``{B: (mean loss over repeats, log B)}``. More negatives make the task harder, so the
    loss grows with ``B`` even though the pairs are equally well aligned.
    """
    out = {}
    for batch in batch_sizes:
        losses = []
        for r in range(repeats):
            a, b = noisy_pairs(int(batch), dim, noise, seed=seed * 1000 + r)
            with torch.no_grad():
                losses.append(float(clip_loss(a, b, logit_scale)))
        out[int(batch)] = (sum(losses) / len(losses), math.log(batch))
    return out
