"""The package's shape: `import helpers` stays light, each lesson names its public API, imports run one way."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import helpers

PACKAGE = Path(helpers.__file__).parent
ORDER = ("core", "clip", "language", "vision", "clap", "encoders")   # core, then the lessons in reading order
PUBLIC = {
    "clip": ("tokenize", "bpe_tokens", "count_tokens", "words_that_fit", "truncate_to_fit"),
    "language": ("attention_mask", "mlm_mask", "transformer_params"),
    "vision": ("patchify", "unpatchify", "random_masking"),
    "clap": ("clip_loss", "recall_at_k", "log_mel"),
    "encoders": ("visual_token_count", "video_token_count", "audio_token_count"),
}


def test_import_helpers_does_not_import_heavy_libraries():
    code = ("import sys, helpers; import helpers.clip, helpers.language, helpers.vision, helpers.clap, "
            "helpers.encoders, helpers.core; heavy = [m for m in ('torch', 'transformers', 'open_clip', "
            "'matplotlib', 'laion_clap', 'sklearn') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_the_package_is_core_plus_one_subpackage_per_lesson():
    assert sorted(helpers.__dir__()) == sorted(ORDER)
    assert not [p.name for p in PACKAGE.glob("*.py") if not p.name.startswith("_")], "modules belong in a subpackage"


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_each_lesson_names_its_public_api(package):
    module = getattr(helpers, package)
    for name in PUBLIC[package]:
        assert name in module.__all__, f"helpers.{package}.__all__ lacks {name}"
        assert callable(getattr(module, name))


def test_unknown_names_say_what_is_offered():
    with pytest.raises(AttributeError, match="it offers"):
        helpers.clip.no_such_name
    with pytest.raises(AttributeError, match="clip"):
        helpers.no_such_package


def _imported_packages(path: Path) -> set[str]:
    """Subpackages of ``helpers`` that the module at ``path`` imports (relative or absolute imports)."""
    own = path.relative_to(PACKAGE).parts[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found.add(own)
            elif node.level == 2 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 2:
                found.update(alias.name for alias in node.names)
            elif node.level == 0 and node.module and node.module.startswith("helpers."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("helpers."))
    return found & set(ORDER)


@pytest.mark.parametrize("package", ORDER)
def test_a_package_imports_only_core_and_earlier_lessons(package):
    allowed = set(ORDER[: ORDER.index(package) + 1]) | {"core"}
    for path in sorted((PACKAGE / package).glob("*.py")):
        later = _imported_packages(path) - allowed
        assert not later, f"{path.relative_to(PACKAGE)} imports {sorted(later)}, which come after {package}"


def test_no_module_is_longer_than_300_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert not long, f"split these by idea: {long}"
