"""helpers.language.examples: the lesson's example sentences and prompts, read from data/language/."""

from helpers import language


def test_examples_hold_what_the_lesson_needs():
    ex = language.example_sentences()
    assert len(ex["bert_pair"]) == 2 and len(ex["title_prompts"]) == 3
    assert all(p.count("[MASK]") == 1 for p in ex["title_prompts"])
    before, after = ex["changed_word"]["before"].split(), ex["changed_word"]["after"].split()
    assert len(before) == len(after) and sum(a != b for a, b in zip(before, after)) == 1
    assert ex["fill_mask_word"] < len(ex["fill_mask_sentence"].split())


def test_word_senses_name_two_senses_of_one_word():
    word, sentences, senses = language.word_senses()
    assert len(sentences) == len(senses) and len(set(senses)) == 2
    assert all(word in s.split() for s in sentences)


def test_few_shot_prompts_grow_by_one_solved_example_per_shot():
    prompts, answer = language.few_shot_prompts()
    assert sorted(prompts) == [0, 1, 3] and answer == "bad"
    assert prompts[0] == "Give the opposite of each word.\ngood ->"
    assert prompts[3].count(" -> ") == 3 and prompts[3].endswith("good ->")
