"""The connector: a projector trained alone between a frozen image encoder and a frozen text space."""

import pytest
import torch

from helpers.encoders import connector


def test_digit_captions_train_and_test_wordings_differ():
    train, test = connector.digit_captions("train"), connector.digit_captions("test")
    assert len(train) == len(test) == 10
    assert train[7][0] == "a handwritten seven"
    assert not set(sum(train, [])) & set(sum(test, []))
    assert connector.TRAIN_TEMPLATES[0] == "a handwritten {word}" and len(connector.NUMBER_WORDS) == 10
    with pytest.raises(ValueError):
        connector.digit_captions("val")


def test_build_projector_shapes_and_bad_input():
    x = torch.randn(5, 64)
    assert connector.build_projector("linear", 64, 384)(x).shape == (5, 384)
    mlp = connector.build_projector("mlp", 64, 384)
    assert mlp(x).shape == (5, 384)
    assert isinstance(mlp[1], torch.nn.GELU)
    with pytest.raises(ValueError, match="'linear', 'mlp'"):
        connector.build_projector("transformer", 64, 384)
    with pytest.raises(ValueError, match="in_dim"):
        connector.build_projector("linear", 0, 384)


def _clustered(n_per_class=30, classes=10, dim=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(classes, dim, generator=g) * 3
    labels = torch.arange(classes).repeat_interleave(n_per_class)
    return centres[labels] + torch.randn(len(labels), dim, generator=g), labels


def test_train_connector_learns_a_map_into_a_frozen_space():
    feats, labels = _clustered(n_per_class=40)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0))
    tr, te = order[:300], order[300:]
    g = torch.Generator().manual_seed(2)
    centres = torch.randn(10, 1, 32, generator=g)                   # three wordings per class, near one centre
    targets = torch.nn.functional.normalize(centres + 0.3 * torch.randn(10, 3, 32, generator=g), dim=-1)
    class_text = torch.nn.functional.normalize(targets.mean(1), dim=-1)
    before = connector.retrieval_accuracy(connector.build_projector("linear", 16, 32), feats[te], labels[te], class_text)
    run = connector.train_connector("linear", feats[tr], labels[tr], targets, feats[te], labels[te], class_text,
                                    epochs=15, progress=False)
    assert before < 0.4 and run.test_accuracy[-1] > 0.9
    assert run.losses[-1] < run.losses[0]
    again = connector.train_connector("linear", feats[tr], labels[tr], targets, epochs=2, progress=False)
    again2 = connector.train_connector("linear", feats[tr], labels[tr], targets, epochs=2, progress=False)
    assert torch.equal(again.projector.weight, again2.projector.weight)     # seeded


def test_train_connector_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="train_features"):
        connector.train_connector("linear", torch.randn(5, 4), torch.zeros(4, dtype=torch.long), torch.randn(2, 1, 3))
    with pytest.raises(ValueError, match="caption_targets"):
        connector.train_connector("linear", torch.randn(5, 4), torch.zeros(5, dtype=torch.long), torch.randn(2, 3))


def test_caption_embeddings_put_test_wordings_nearest_their_own_digit():
    test = connector.class_text_embeddings("test")
    train = connector.class_text_embeddings("train")
    assert test.shape == (10, 384)
    assert torch.equal((test @ train.T).argmax(1), torch.arange(10))
