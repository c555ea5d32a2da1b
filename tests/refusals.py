"""The one check behind every bad-input table (tests/<package>/test_bad_inputs.py): a call is refused with the
expected exception, in one line that names the argument."""

import pytest


def assert_refused(call, error, name):
    """``call()`` raises ``error`` whose message names ``name`` and is one line."""
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    assert name in message, message
    assert "\n" not in message.strip(), message
