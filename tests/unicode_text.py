"""Hypothesis strategies shared by the property tests: any character Python's str can hold, any caption."""

from hypothesis import settings
from hypothesis import strategies as st

PROPERTY = settings(derandomize=True, deadline=None, max_examples=50)
# All of Unicode: controls, unassigned code points, and lone surrogates, which st.characters leaves out unless
# they are drawn on their own.
ANY_CHAR = st.one_of(st.characters(codec=None, exclude_categories=()), st.integers(0xD800, 0xDFFF).map(chr))


def any_caption(*examples: str):
    """Short random text, one long unbroken word, or one of ``examples`` (the odd inputs each lesson names)."""
    return st.one_of(
        st.text(alphabet=ANY_CHAR, max_size=40),
        st.builds(lambda c, n: c * n, ANY_CHAR, st.integers(1_000, 10_000)),
        st.sampled_from(list(examples)),
    )
