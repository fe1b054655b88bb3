"""yamlio's direct construction (``_build``) and its lean resolver give exactly what PyYAML's
constructor and resolver give: the same values, of the same types, the same errors.

Each text is loaded twice: as ``load`` does it, and with ``_build`` forced to give up, so
PyYAML's ``construct_document`` makes the values (what ``load`` did before ``_build`` existed).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderctl.tenders import yamlio

ROOT = Path(__file__).resolve().parents[2]

SHAPES = [
    "reference: A\ntitle: T\n",
    "a: 1\nb: -2\nc: 0o17\nd: 0x1F\ne: 1_000\nf: 007\ng: +3\n",
    "a: 1.5\nb: .inf\nc: -.inf\nd: .nan\ne: 1e3\nf: 2024.10\ng: 1_0.5\n",
    "a: true\nb: False\nc: TRUE\nd: yes\ne: on\nf: no\n",
    "a: ~\nb: null\nc:\nd: Null\ne: NULL\nf: ''\ng: \"\"\n",
    "a: 2025-03-01\nb: 2025-03-01 15:00\nc: 15:00\nd: !!timestamp 2025-03-01\n",
    "a: !!str 5\nb: !!int '7'\nc: !!float '1.5'\nd: !!bool 'true'\ne: !!null ''\n",
    "a: !!int [1]\n",
    "a: !!bool maybe\n",
    "a: !!int abc\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: !!omap [x: 1, y: 2]\n",
    "a: !!pairs [x: 1, x: 2]\n",
    "a: !!python/object:os.system ls\n",
    "!!map {a: 1}\n",
    "!!seq [1, 2]\n",
    "!custom 5\n",
    "a: !custom {b: 1}\n",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: 2\n",
    "1: one\n",
    "true: yes\n",
    "null: x\n",
    "? [a, b]\n: c\n",
    "? {a: 1}\n: c\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "<<: {x: 1}\ny: 2\n",
    "a: &x [1, 2]\nb: *x\n",
    "a: 'has * star'\nb: 1\n",
    "- 1\n- two\n- [3, {four: 4}]\n- {five: [5]}\n",
    "just text\n",
    "",
    "# only a comment\n",
    "42\n",
    "a: " + "9" * 5000 + "\n",
    "a: [" * 70 + "]" * 70 + "\n",
    "a:\n\tb: 1\n",
    "a: b: c\n",
    "a: {b: 1, b: 2}\n",
    "a: [x, y]\n? =\n: v\n",
    "=: v\n",
    "a: !!value x\n",
    "!!str\n",
    "a: |\n  block\n  text\nb: >-\n  folded\n  text\n",
    "'quoted key': 1\n\"double\": 2\n",
    "a: 'true'\nb: \"1\"\nc: '~'\n",
    "--- a\n--- b\n",
    "a: \x07\n",
    "reference: R\nsteps:\n  - text: s\n    date: d\n  - plain\n",
    "a: !!str {b: 1}\n",
    "a: !!map [1]\n",
    "!!seq {a: 1}\n",
    "a: !!float [1]\n",
    "a: !!null [1]\n",
    "a: !!bool {x: 1}\n",
    "a: !!timestamp [1]\n",
    "a: ! 5\nb: ! [1]\n",
    "a: !<tag:yaml.org,2002:str> 5\n",
    "%TAG !e! tag:yaml.org,2002:\n---\na: !e!int 5\n",
    "a: 1e400\nb: -1e400\n",
    "a: 0x\nb: 0o\nc: 0o8\n",
    "{a: 1, b: [2, 3], c: {d: ~}}\n",
    "a: \"\\u00e9t\\u00e9\"\nb: '\u2028'\n",
]


def _corpus() -> list[str]:
    texts = list(SHAPES)
    for folder in ("tests/invalid", "tests/rule_cases", "tests/authoring/notices/train", "tenders", "fuzz/corpus/yaml", "examples"):
        base = ROOT / folder
        if base.is_dir():
            texts += [p.read_text("utf-8", "replace") for p in sorted(base.rglob("*.y*ml"))]
    return texts


def _typed(value: Any) -> Any:
    """The value with every node's exact type (WrittenInt is not int; 1.0 is not 1)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return (type(value).__name__, "nan", str(value))
    if isinstance(value, set):
        return ("set", sorted(map(repr, value)))
    return (type(value).__name__, repr(value), str(value))


def _outcome(text: str) -> Any:
    try:
        return ("ok", _typed(yamlio.load(text)))
    except yamlio.YamlProblem as exc:
        return ("problem", exc.line, exc.column, exc.message, exc.hint)
    except Exception as exc:  # whatever PyYAML's constructor lets out, the fast path must too
        return ("raised", type(exc).__name__, str(exc))


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = _outcome(text)
    with monkeypatch.context() as patch:

        def give_up(loader: Any, node: Any) -> Any:
            raise yamlio._Unusual("forced")

        patch.setattr(yamlio, "_build", give_up)
        slow = _outcome(text)
    return fast, slow


def test_the_fast_path_is_taken_for_an_ordinary_tender(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Any] = []
    real = yamlio._build

    def counting(loader: Any, node: Any) -> Any:
        built.append(node)
        return real(loader, node)

    monkeypatch.setattr(yamlio, "_build", counting)
    yamlio.load("reference: A\ndates:\n  - id: s\n    at: 2025-03-01 15:00\n")
    assert len(built) > 1  # it recursed through the document, not handed it straight back


@pytest.mark.parametrize("index", range(len(SHAPES)))
def test_shapes_load_as_pyyaml_constructs_them(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(SHAPES[index], monkeypatch)
    assert fast == slow


def test_every_yaml_file_of_the_repository_loads_as_pyyaml_constructs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _corpus()
    assert len(texts) > len(SHAPES) + 50  # the repository's own files were found
    for text in texts:
        fast, slow = _both(text, monkeypatch)
        assert fast == slow, text[:200]


_scalar = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["~", "null", "true", "False", "1", "-0", "0o7", "0x1f", "1.5e3", ".inf", ".NaN", "007", "15:00", "2025-01-01", "<<", "="]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_scalar, _scalar), max_size=6))
def test_random_mappings_load_as_pyyaml_constructs_them(pairs: list[tuple[str, str]]) -> None:
    lines = []
    for key, value in pairs:
        lines.append(f"{yaml.safe_dump(key).splitlines()[0] if key else 'k'}: {value}")
    text = "\n".join(lines) + "\n"
    with pytest.MonkeyPatch.context() as patch:
        fast, slow = _both(text, patch)
    assert fast == slow, text


@settings(max_examples=500, deadline=None)
@given(_scalar, st.booleans(), st.booleans())
def test_the_lean_resolver_resolves_as_pyyaml_s(value: str, plain: bool, quoted: bool) -> None:
    loader = yamlio._Loader("")
    try:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            implicit = (plain, quoted)
            expected = yaml.resolver.BaseResolver.resolve(loader, kind, value if kind is yaml.ScalarNode else None, implicit)
            assert loader.resolve(kind, value if kind is yaml.ScalarNode else None, implicit) == expected
    finally:
        loader.dispose()


_OLD_DEEP_BLOCK = re.compile("(?:^|(?<=[\r\x85\u2028\u2029]))[ \t?:-]{64,}", re.MULTILINE)
"""What yamlio searched with before :func:`yamlio._deep_block` (the reference)."""

_line_piece = st.text(alphabet=" \t?:-ab\n\r\x85\u2028\u2029\x0c\x0b\x1c", max_size=8)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_line_piece, st.integers(0, 70), st.sampled_from([" ", "- ", "? ", ": ", "\t"])), max_size=5))
def test_the_deep_block_prefilter_finds_what_the_old_pattern_found(parts: list[tuple[str, int, str]]) -> None:
    text = "".join(piece + unit * (count // len(unit)) for piece, count, unit in parts)
    old = bool(_OLD_DEEP_BLOCK.search(text))
    if old:  # never misses a prefix the old pattern found
        assert yamlio._deep_block(text)
    if not any(extra in text for extra in "\x0b\x0c\x1c"):  # splitlines' extra breaks only ever add a check
        assert yamlio._deep_block(text) == old


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n", "\x85", "\u2028"])
def test_deep_block_nesting_is_refused_whatever_the_line_breaks(newline: str) -> None:
    text = f"reference: A{newline}title: T{newline}dates:{newline}  " + "- " * 70 + "x" + newline
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load(text)
    assert (caught.value.message, caught.value.line) == ("nesting deeper than 64 levels", 4)


def test_no_path_resolver_is_registered_so_descend_and_ascend_can_do_nothing() -> None:
    # yamlio's loader swaps PyYAML's descend/ascend resolvers for C no-ops: only sound while
    # no path resolver exists (add_path_resolver would need the real ones back).
    assert not yamlio._Loader.yaml_path_resolvers
    loader = yamlio._Loader("a: [1, {b: c}]\n")
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    assert node is not None and node.value[0][1].value[1].value[0][1].value == "c"


def _tags(node: Any) -> Any:
    """Every node's kind, tag and text, depth first."""
    if isinstance(node, yaml.MappingNode):
        return ("map", node.tag, [(_tags(k), _tags(v)) for k, v in node.value])
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, [_tags(child) for child in node.value])
    return ("scalar", node.tag, node.value, node.start_mark.line, node.start_mark.column)


def _composed(loader_class: type[yaml.CSafeLoader], text: str) -> Any:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def test_deferred_tags_become_the_tags_the_resolver_gives() -> None:
    # load composes with the tags left for later (resolve is a C no-op); before PyYAML's
    # constructor sees the tree, _tag_now must make it the tree the real resolver makes.
    compared = 0
    for text in _corpus():
        if "*" in text:
            continue
        try:
            expected = _composed(yamlio._Loader, text)
        except (yaml.YAMLError, UnicodeEncodeError, RecursionError):
            continue
        deferred = _composed(yamlio._TaggingLater, text)
        if expected is None:
            assert deferred is None
            continue
        assert deferred is not None
        yamlio._tag_now(deferred)
        assert _tags(deferred) == _tags(expected), text[:200]
        compared += 1
    assert compared > 50
