from helpers.vision import comparison, interview
from helpers.vision.cost import EncoderCost


def test_interview_answer_prints_the_runs_figures_in_both_languages():
    costs = {"tiny (16 patches)": [EncoderCost(0.0, 17, 100, 1.0), EncoderCost(0.75, 5, 30, 0.5)],
             "ViT-B/16 (196 patches)": [EncoderCost(0.0, 197, 4000, 1.0), EncoderCost(0.75, 50, 1000, 0.3)]}
    probes = [comparison.ProbeResult(comparison.MAE, "linear, class token", 0.85),
              comparison.ProbeResult(comparison.MAE, "fine-tuned, 4 epochs", 0.97),
              comparison.ProbeResult(comparison.VIT, "trained (checkpoint)", 0.98)]
    parts = {"encoder (ViT-B/16)": 100, "decoder (8 blocks, width 512)": 30}
    text = interview.interview_answer(costs, probes, parts)
    assert "4.0× fewer" in text and "30% of the" in text and "85.0% vs 97.0%" in text and "98.0%" in text
    assert "减少 4.0 倍" in text and "68.0%" in text and "83.6%" in text
    assert len(text.splitlines()) <= 20
