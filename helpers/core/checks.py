"""Argument checks shared by every lesson: one line that names the argument, what was expected and what came.

numpy and torch scalars count as numbers wherever a Python number is accepted. The checks live
here, apart from the ideas, so that the code a lesson prints is the idea alone.
"""

from __future__ import annotations

import math
import operator
import re

# Text policy, one for every tokenizer and text widget (``clean_text``): an unpaired UTF-16 surrogate
# (U+D800-U+DFFF alone, as "\ud800" makes) becomes U+FFFD, the replacement character, and a pair written
# as two surrogates becomes the one character it encodes; C0 and C1 control characters (U+0000-U+001F,
# U+007F-U+009F) are dropped, except the whitespace ones: tab, newline, vertical tab, form feed, carriage
# return. Everything else (zero-width spaces, emoji, any script) passes unchanged.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def shown(value) -> str:
    """How a message quotes what came: ``repr(value)``, cut to 40 characters."""
    return _shown(value)


def is_bool(value) -> bool:
    """True for Python, numpy and torch booleans (``torch.bool``'s dtype prints as ``torch.bool``)."""
    return isinstance(value, bool) or str(getattr(value, "dtype", "")).removeprefix("torch.") == "bool"


def integer(value, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` as a Python int (int, numpy or torch integer scalar; not bool), within ``[minimum, maximum]``."""
    if is_bool(value):
        raise TypeError(f"{name} must be an int, got bool {_shown(value)}")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {_shown(value)}") from None
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise ValueError(f"{name} must be an int <= {maximum}, got {number}")
    return number


def positive_int(value, name: str) -> int:
    """``value`` as an int >= 1."""
    return integer(value, name, minimum=1)


def real(value, name: str, minimum: float | None = None, maximum: float | None = None,
         open_minimum: bool = False) -> float:
    """``value`` as a finite Python float (int, float, numpy or torch scalar; not bool) within the bounds.

    ``open_minimum`` excludes ``minimum`` itself (``real(t, "temperature", 0, open_minimum=True)``: t > 0).
    """
    if is_bool(value) or isinstance(value, str) or getattr(value, "ndim", 0) not in (0, None):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {_shown(value)}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {_shown(value)}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    if minimum is not None and (number < minimum or open_minimum and number == minimum):
        relation = ">" if open_minimum else ">="
        raise ValueError(f"{name} must be {relation} {minimum}, got {number:g}")
    if maximum is not None and number > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {number:g}")
    return number


def text(value, name: str = "text") -> str:
    """``value`` when it is a str."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__} {_shown(value)}")
    return value


def clean_text(value, name: str = "text") -> str:
    """``value`` (a str) under the text policy above: lone surrogates to U+FFFD, control characters dropped."""
    value = text(value, name)
    if _SURROGATE.search(value):
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _CONTROL.sub("", value)


def texts(value, name: str = "texts", allow_empty: bool = False) -> list[str]:
    """A list of str from a str, a list or a tuple of str."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a str or a list of str, got {type(value).__name__}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise TypeError(f"{name}[{i}] must be a str, got {type(item).__name__} {_shown(item)}")
    if not value and not allow_empty:
        raise ValueError(f"{name} must hold at least one str, got an empty {type(value).__name__}")
    return list(value)


def choice(value, name: str, options) -> str:
    """``value`` when it is one of ``options``."""
    options = tuple(options)
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {_shown(value)}")
    return value


def sample_rate(value, name: str = "sample_rate_hz", minimum: int = 1_000, maximum: int = 384_000) -> int:
    """``value`` as a whole number of Hz in a plausible audio range (1 kHz to 384 kHz by default).

    Integral floats (``44100.0``) and numpy/torch scalars count; a value that looks like kHz
    (``16``, ``44.1``) is refused with a line that says to pass Hz.
    """
    number = real(value, name)
    if number < minimum and number * 1000 <= maximum:
        raise ValueError(f"{name} must be in Hz ({minimum:,} to {maximum:,}), got {number:g}: "
                         f"that looks like kHz; pass Hz ({number * 1000:,.0f})")
    if not minimum <= number <= maximum:
        raise ValueError(f"{name} must be between {minimum:,} and {maximum:,} Hz, got {number:g}")
    if not float(number).is_integer():
        raise ValueError(f"{name} must be a whole number of Hz, got {number:g}")
    return int(number)


def one_line(error: BaseException, limit: int = 300) -> str:
    """What a widget shows for ``error``: its first line (or its type's name), at most ``limit`` characters."""
    lines = str(error).strip().splitlines()
    line = lines[0] if lines else type(error).__name__
    return line if len(line) <= limit else line[:limit - 1] + "…"
