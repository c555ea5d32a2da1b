"""helpers.language.language_model: pretrained BERT and GPT-2 behind the tiny models' interface
(tiny local checkpoints, so no download)."""

import pytest
import torch

from helpers import language


def test_load_pretrained_masked_from_a_local_directory(tmp_path):
    from transformers import BertConfig, BertForMaskedLM

    from helpers.core.tokenizers import bert_fast

    tok = bert_fast()
    torch.manual_seed(0)
    BertForMaskedLM(BertConfig(vocab_size=len(tok), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                               intermediate_size=32, max_position_embeddings=64)).save_pretrained(tmp_path)
    tok.save_pretrained(tmp_path)
    model = language.load_pretrained("masked", str(tmp_path))
    assert model.kind == "masked" and model.prefix == (tok.cls_token_id,) and model.suffix == (tok.sep_token_id,)
    out = language.fill_mask("the cat sat on the [MASK] .", model, 3)
    assert len(out) == 3 and all(not w.startswith("##") for w, _ in out)
    assert language.generate("the cat", model, n_tokens=3, seed=0)


def test_load_pretrained_causal_from_a_local_directory(tmp_path):
    from transformers import GPT2Config, GPT2LMHeadModel

    from helpers.core.tokenizers import gpt2_fast

    torch.manual_seed(0)
    GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=8, n_head=2, n_positions=32)).save_pretrained(tmp_path)
    gpt2_fast().save_pretrained(tmp_path)
    model = language.load_pretrained("causal", str(tmp_path))
    assert model.kind == "causal" and model.n_ctx == 32
    words = language.fill_mask("the cat sat on the [MASK]", model, 3)
    assert len(words) == 3
    assert language.generate("the cat", model, n_tokens=4, top_k=1) == language.generate("the cat", model, n_tokens=4, top_k=1)
    assert language.answer_logprob("the cat", " sat", model) < 0


def test_load_pretrained_fails_fast_when_missing(tmp_path):
    from helpers.core.pretrained import WeightsUnavailable

    with pytest.raises(WeightsUnavailable):
        language.load_pretrained("causal", str(tmp_path / "nothing-here"))
    with pytest.raises(ValueError):
        language.load_pretrained("encoder")


def test_a_tiny_model_is_wrapped_with_its_specials(models):
    bert, gpt = models
    assert bert.kind == "masked" and gpt.kind == "causal" and bert.name == "tiny BERT"
    assert bert.special[:5].all() and not bert.special[5:].any()
    assert bert.n_params == gpt.n_params > 0
    states = gpt.hidden_states(gpt.encode("my dear brother"))
    assert states.shape[0] == gpt.model.config.n_layer + 1
