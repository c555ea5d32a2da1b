import pytest
import torch

from helpers.vision import data_appetite as A
from helpers.vision.training import DigitsSplit


def _digits(n_train=40, n_test=20):
    torch.manual_seed(0)
    labels = torch.arange(n_train + n_test) % 10
    images = torch.zeros(n_train + n_test, 1, 8, 8)
    images[torch.arange(len(labels)), 0, labels % 8, labels // 2] = 1.0  # one lit pixel per class
    return DigitsSplit(images[:n_train], labels[:n_train], images[n_train:], labels[n_train:])


def test_small_cnn_shapes_and_learns_an_easy_task():
    digits = _digits()
    cnn = A.train_classifier(A.SmallCNN(), digits.train_images, digits.train_labels, steps=60, seed=0)
    assert cnn(torch.zeros(3, 1, 8, 8)).shape == (3, 10)
    assert (cnn(digits.test_images).argmax(1) == digits.test_labels).float().mean() > 0.5


def test_sweep_and_report():
    rows = A.appetite_sweep(_digits(), sizes=(10, 40), steps=3)
    assert [r.train_size for r in rows] == [10, 40]
    report = A.appetite_report(rows)
    assert "training digits: tiny ViT" in report and "the CNN's lead is" in report


def test_report_verdict_reads_both_ways():
    shrinks = [A.AppetiteRow(60, 0.4, 0.9), A.AppetiteRow(1347, 0.9, 0.95)]
    grows = [A.AppetiteRow(60, 0.8, 0.85), A.AppetiteRow(1347, 0.7, 0.95)]
    assert "hurts the ViT more" in A.appetite_report(shrinks)
    assert "did not hurt the ViT more" in A.appetite_report(grows)


def test_bad_size_teaches():
    with pytest.raises(ValueError, match="train size"):
        A.appetite_sweep(_digits(), sizes=(500,), steps=1)
