"""Safe, bounded YAML reading: the only module that parses YAML for the loader.

Tender files come from strangers, so loading is deliberately narrow:

* libyaml's C parser when available (the fast floor), safe constructors only: a tag that
  would build an object is an error, never a call;
* a YAML 1.2-like resolver: dates and times stay strings (we parse them ourselves, with
  positions), ``yes``/``no``/``on``/``off`` stay strings (the "Norway problem"), and ``15:00``
  is not the sexagesimal integer 900;
* duplicate keys and non-string keys are errors, not silent overwrites;
* aliases are counted by what they expand to, so a "billion laughs" file fails fast;
* flow nesting is bounded before the recursive composer sees it.

Positions cost time, so they are computed only when a file has something to report
(:func:`locate`), by composing the file again into nodes that carry marks.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any

import yaml

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_ALIAS_EXPANSION = 10_000
"""Nodes a document may reach once aliases are expanded (a tender has a few hundred)."""

MAX_FLOW_DEPTH = 64
"""Nesting depth allowed; a tender needs four or five levels."""


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A YAML-level problem with a 1-based position."""

    line: int
    column: int
    message: str
    hint: str = ""


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
# No leading zeros: "0755" or "007" stays text instead of silently becoming 755 or 7.
_INT = re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_MERGE = re.compile(r"^<<$")
_INDICATORS = " \t?:-"
"""What a block level's line prefix is made of: indentation and the ``-``/``?``/``:`` indicators."""


def _deep_block(text: str) -> bool:
    """Whether a line's prefix of :data:`_INDICATORS` is long enough to hold more than
    MAX_FLOW_DEPTH block levels. ``str.splitlines`` breaks at every line break libyaml knows
    (see :data:`_BREAK`: a CR-only file has no ``\\n`` at all) and at a few more (form feed, ...),
    none of which is an indicator, so no prefix is ever cut short. (A multiline regular
    expression did the same at a sixth of a tender's whole load time.) A line shorter than the
    bound cannot hold such a prefix, so most lines are only measured, never stripped."""
    limit = MAX_FLOW_DEPTH
    return any(len(line) - len(line.lstrip(_INDICATORS)) >= limit for line in text.splitlines() if len(line) >= limit)


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}

    def add(tag: str, regexp: re.Pattern[str], first: str) -> None:
        for ch in first:
            table.setdefault(ch, []).append((tag, regexp))

    add("tag:yaml.org,2002:bool", _BOOL, "tTfF")
    add("tag:yaml.org,2002:int", _INT, "-+0123456789")
    add("tag:yaml.org,2002:float", _FLOAT, "-+0123456789.")
    add("tag:yaml.org,2002:null", _NULL, "~nN")
    table.setdefault(None, []).append(("tag:yaml.org,2002:null", _NULL))
    add("tag:yaml.org,2002:merge", _MERGE, "<")
    return table


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(found) for first, found in _resolvers().items() if first is not None
}
_IMPLICIT[""] = ((_NULL_TAG, _NULL),)
_PLAIN_TAGS: dict[str, str] = {}
"""The tag :meth:`resolve` found for a plain scalar's text, for texts met before (a pure
function of the text: the patterns above are fixed)."""
_PLAIN_TAGS_MAX = 4096


def _plain_tag(value: str) -> str:
    """The tag of a plain scalar's text. Keys and many values repeat in every tender file, so
    the tag is remembered (bounded: a hostile file of distinct scalars only fills it once)."""
    known = _PLAIN_TAGS.get(value)
    if known is not None:
        return known
    found = _STR
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            found = tag
            break
    if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX and len(value) <= 64:
        _PLAIN_TAGS[value] = found
    return found


class _Loader(_BaseLoader):
    """Safe loader with our resolver, strict mappings and plain-int construction."""

    yaml_implicit_resolvers = _resolvers()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        merged = 0  # pairs brought in by '<<' merge keys: they come first, and own keys override them
        if isinstance(node, yaml.MappingNode):
            before = len(node.value)
            merges = sum(1 for key_node, _ in node.value if key_node.tag == "tag:yaml.org,2002:merge")
            self.flatten_mapping(node)
            merged = len(node.value) - (before - merges)
        mapping: dict[Any, Any] = {}
        own: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            if not isinstance(key_node, yaml.ScalarNode):
                # Constructed lazily, a collection key would show as [] or {}: name its kind instead.
                kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
                raise YamlProblem(
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1, f"key is {kind}, not text", "keys are plain words"
                )
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise YamlProblem(
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    f"key {_shown(key)} is not text",
                    "quote it",
                )
            if index >= merged:
                if key in own:
                    raise YamlProblem(
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"duplicate key {_shown(key)}",
                        "each key may appear once in a mapping; remove or rename one",
                    )
                own.add(key)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """PyYAML's resolver without what we never use: every scalar there also tried the
        wildcard (null) pattern and looked for path resolvers; an empty scalar is the only one
        the wildcard can match, so it is filed under ``""`` here (the same tags, tested)."""
        if kind is yaml.ScalarNode:
            return _plain_tag(value) if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    # The composer calls these around every node, for path resolvers we never register; PyYAML's
    # are Python no-ops (two calls per node, 2 % of a load). Classes are not bound as methods, so
    # these C callables take the same arguments and do nothing that matters: slice(parent, index)
    # makes a throwaway slice, tuple() returns the empty tuple.
    descend_resolver = slice  # type: ignore[assignment]
    ascend_resolver = tuple  # type: ignore[assignment]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        self.construct_scalar(node)  # a collection tagged !!int: the constructor's own error
        return _written_int(node)

    def construct_written_float(self, node: yaml.ScalarNode) -> float:
        return WrittenFloat(self.construct_yaml_float(node), node.value)


class _TaggingLater(_Loader):
    """The loader :func:`load` composes with: libyaml's composer calls ``resolve`` for every
    node, a call into Python each time (89 a tender file). Here it is ``slice``, a C callable
    that keeps the three arguments (kind, text, implicit) as the node's tag; :func:`_build`
    resolves a plain scalar's tag as it meets it, and :func:`_tag_now` gives every node its real
    tag before the tree goes to PyYAML's constructor."""

    resolve = slice  # type: ignore[assignment]


def _tag_now(root: yaml.Node) -> None:
    """Replace the deferred tags :class:`_TaggingLater` left with what :meth:`_Loader.resolve`
    gives (a loop, not recursion: the tree may be as deep as the nesting bound allows)."""
    stack = [root]
    while stack:
        node = stack.pop()
        tag: Any = node.tag
        if type(tag) is slice:
            node.tag = _Loader.resolve(None, tag.start, tag.stop, tag.step)  # type: ignore[arg-type]
        if type(node) is yaml.SequenceNode:
            stack.extend(node.value)
        elif type(node) is yaml.MappingNode:
            for key_node, value_node in node.value:
                stack.append(key_node)
                stack.append(value_node)


class WrittenInt(int):
    """A number that remembers how it was written: ``str()`` gives that text back.

    Text fields accept numbers (``reference: 2024``), and str(2024E001) would be '20240.0',
    str(2024.10) '2024.1', str(0x1F) '31': a reference silently changed (found by the
    property tests). Arithmetic, comparison, repr and JSON see the plain number.
    """

    text: str

    def __new__(cls, value: int, text: str) -> WrittenInt:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


class WrittenFloat(float):
    """See :class:`WrittenInt`."""

    text: str

    def __new__(cls, value: float, text: str) -> WrittenFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


def _written_int(node: yaml.ScalarNode) -> WrittenInt:
    value = str(node.value).replace("_", "")
    if value.startswith("0o"):
        return WrittenInt(int(value[2:], 8), node.value)
    if value.startswith("0x"):
        return WrittenInt(int(value[2:], 16), node.value)
    try:
        return WrittenInt(int(value), node.value)
    except ValueError:  # past Python's 4300-digit limit for decimal conversion
        raise YamlProblem(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            f"number with {len(value):,} digits is too long",
            "quote it if it is text",
        ) from None


def _shown(value: Any) -> str:
    """A value quoted for a message, cut short: a hostile file can have a megabyte-long key."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_written_float)
# A timestamp tag written explicitly (!!timestamp) still yields text for us to parse.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)  # type: ignore[type-var]


def _check_nesting(text: str) -> None:
    """Refuse collections nested deeper than we could ever need.

    The composer recurses per level (in C: too deep is a segmentation fault, not an
    exception), so a file of ten thousand ``[`` or of ``- - - - ...`` must fail as a message.
    Counting events costs a second parse, so it runs only when the text could nest deep:
    many flow brackets, or a line whose indentation and ``-``/``?``/``:`` indicators are
    long (a block level costs at least one column of that prefix).

    libyaml 0.2.5 as bundled since PyYAML 6.0.4 has a nesting limit of its own (1000 flow
    levels) and its scanner reads ahead of the events, so it can refuse the file before the
    65th level is ever seen as an event. Then the depth is counted again with PyYAML's
    pure-Python parser, which yields events as it scans, so the message and its position are
    the same whichever PyYAML is installed.
    """
    if text.count("[") + text.count("{") < MAX_FLOW_DEPTH and not _deep_block(text):
        return
    try:
        _count_depth(_Loader(text))
    except yaml.YAMLError as exc:
        if not _is_libyaml_depth_limit(exc):
            raise
        _count_depth(yaml.SafeLoader(text))
        raise  # unreachable in practice: libyaml's limit is far above ours


def _is_libyaml_depth_limit(exc: yaml.YAMLError) -> bool:
    return "maximum nesting depth" in str(getattr(exc, "problem", "") or "")


def _count_depth(loader: Any) -> None:
    """Walk the events of ``loader``, raising :class:`YamlProblem` at the first level too deep."""
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    mark = event.start_mark
                    raise YamlProblem(
                        mark.line + 1 if mark else 1,
                        mark.column + 1 if mark else 1,
                        _TOO_DEEP,
                        _TOO_DEEP_HINT,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


_TOO_DEEP = f"nesting deeper than {MAX_FLOW_DEPTH} levels"
_TOO_DEEP_HINT = "a tender file needs only a few levels"


def _expanded_size(root: yaml.Node) -> int:
    """Count nodes as if every alias were copied, stopping past the limit."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        sizes[id(node)] = MAX_ALIAS_EXPANSION + 1  # while counting: an alias back to here ("&a [*a]") is infinite
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
                if total > MAX_ALIAS_EXPANSION:
                    break
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                total += size(key) + size(value)
                if total > MAX_ALIAS_EXPANSION:
                    break
        sizes[id(node)] = total
        return total

    return size(root)


def _problem_from_yaml_error(exc: yaml.YAMLError, text: str = "") -> YamlProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    hint = "check the indentation, and quote values that contain ': ' or start with a special character"
    if isinstance(exc, yaml.reader.ReaderError):
        # Its position is a byte offset into the UTF-8 text (libyaml), not a line and column.
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        line, column = _position(text, len(before))
        return YamlProblem(
            line, column, f"control character U+{exc.character:04X} is not allowed", "remove it: tender files are plain text"
        )
    if _is_libyaml_depth_limit(exc):  # libyaml's own limit, met before ours could be checked
        return YamlProblem(line, column, _TOO_DEEP, _TOO_DEEP_HINT)
    if "merging" in str(problem):
        hint = "'<<:' takes an alias of a mapping, e.g. '<<: *defaults'"
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        # libyaml says "found character that cannot start any token": say what it is.
        return YamlProblem(line, column, "tab character in the indentation", "indent with spaces: YAML does not allow tabs there")
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(problem):
        hint = "tender files use plain YAML only; remove the tag"
        problem = problem.replace("could not determine a constructor for the tag", "tag not allowed:")
    return YamlProblem(line, column, str(problem), hint)


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What libyaml counts as a line break in its marks: LF, CR (old Mac files), CRLF, NEL, LS, PS."""


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character index, lines counted as libyaml counts them."""
    line, start = 1, 0
    for found in _BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def _char_at(text: str, line: int, column: int) -> str:
    lines = _BREAK.split(text, line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def load(text: str) -> Any:
    """Parse one YAML document safely; raise :class:`YamlProblem` with a position."""
    # Only a document with '*' can hold an alias: it is composed with its tags (the alias walk
    # and PyYAML's constructor need them) and the fast build is skipped.
    aliases = "*" in text
    try:
        _check_nesting(text)  # a syntax error can surface here first: same handling as below
        loader = _Loader(text) if aliases else _TaggingLater(text)
    except yaml.YAMLError as exc:
        raise _problem_from_yaml_error(exc, text) from None
    except UnicodeEncodeError as exc:  # a lone surrogate (only possible for text not read from a file)
        raise YamlProblem(*_position(text, exc.start), "text is not valid Unicode (a lone surrogate)", "save the file as UTF-8") from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if aliases and _expanded_size(node) > MAX_ALIAS_EXPANSION:
            raise YamlProblem(
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes",
                "this looks like an alias bomb; write the values out instead of nesting aliases",
            )
        if not aliases:
            try:
                return _build(loader, node)
            except Exception:  # _Unusual, a bad value, RecursionError: PyYAML's constructor decides, and words it
                _tag_now(node)
        return loader.construct_document(node)
    except YamlProblem:
        raise
    except yaml.YAMLError as exc:
        raise _problem_from_yaml_error(exc, text) from None
    except RecursionError:
        raise YamlProblem(1, 1, "structure nested too deeply", _TOO_DEEP_HINT) from None
    finally:
        loader.dispose()


class _Unusual(Exception):
    """A node :func:`_build` leaves to PyYAML's constructor (it alone words the errors)."""


def _build(loader: _Loader, node: yaml.Node) -> Any:
    """The data of a composed document, for the files nearly every tender file is: plain
    mappings with text keys, lists and scalars of the common tags, no alias (the caller
    checks), no merge key, no duplicate key.

    PyYAML's constructor does the same with generators, a state machine and a method call
    per node (two thirds of a tender's load time went there); this builds the same values
    directly. Anything else raises :class:`_Unusual` (or whatever the value's own
    construction raises), and the caller lets ``construct_document`` decide, so every
    error, and every unusual value, is exactly what PyYAML's constructor makes of it
    (``tests/tenders/test_yaml_fast_build.py`` compares both over many shapes). A tag may
    still be :class:`_TaggingLater`'s deferred one (a slice): it is resolved here. The
    scalars of a collection are made in its own loop, not by a call each.
    """
    kind = type(node)
    if kind is yaml.ScalarNode:
        return _scalar(loader, node)
    tag: Any = node.tag
    if kind is yaml.MappingNode and (type(tag) is slice or tag == _MAP):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _Unusual("key")  # a collection as key
            key = key_node.value
            tag = key_node.tag
            if type(tag) is slice:
                if tag.step[0] and (_PLAIN_TAGS.get(key) or _plain_tag(key)) != _STR:
                    raise _Unusual("key")  # a merge key, a number, true, null as key
            elif tag != _STR:
                raise _Unusual("key")
            if type(value_node) is yaml.ScalarNode:
                tag = value_node.tag
                if type(tag) is slice and (not tag.step[0] or _PLAIN_TAGS.get(value_node.value) is _STR):
                    mapping[key] = value_node.value  # text: nearly every value
                    continue
            mapping[key] = _build(loader, value_node)
        if len(mapping) != len(node.value):
            raise _Unusual("duplicate key")
        return mapping
    if kind is yaml.SequenceNode and (type(tag) is slice or tag == _SEQ):
        return [_build(loader, child) for child in node.value]
    raise _Unusual(tag)


def _scalar(loader: _Loader, node: Any) -> Any:
    """A scalar's value (see :func:`_build`); ``node`` is a :class:`yaml.ScalarNode`."""
    tag: Any = node.tag
    if type(tag) is slice:
        tag = (_PLAIN_TAGS.get(node.value) or _plain_tag(node.value)) if tag.step[0] else _STR
    if tag in (_STR, _TIMESTAMP_TAG):
        return node.value
    if tag == _NULL_TAG:
        return None
    if tag == _INT_TAG:
        return _written_int(node)
    if tag == _FLOAT_TAG:
        return loader.construct_written_float(node)
    if tag == _BOOL_TAG:
        return loader.bool_values[node.value.lower()]
    raise _Unusual(tag)


def compose(text: str) -> yaml.Node | None:
    """The node tree with marks, for error positions (only called for files with problems)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


Loc = tuple[str | int, ...]


def locate(root: yaml.Node | None, loc: Loc, *, key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the node at ``loc``; the deepest existing ancestor otherwise.

    ``key=True`` points at the mapping key of the last step (for unknown keys).
    """
    if root is None:
        return (1, 1)
    node: yaml.Node = root
    target: yaml.Node = root
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = _entry(node, part)
            if found is None:
                break
            target = found[0] if (key and last) else found[1]
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = target = node.value[part]
        else:
            break
    return (target.start_mark.line + 1, target.start_mark.column + 1)


_KEYS: weakref.WeakKeyDictionary[yaml.MappingNode, dict[str, tuple[yaml.Node, yaml.Node]]] = weakref.WeakKeyDictionary()


def _entry(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) of ``key``, the first if repeated.

    A file with 90,000 unknown keys gets 90,000 problems, each located in the same mapping:
    a linear search each time made that quadratic (minutes for one megabyte), so large
    mappings are indexed once.
    """
    if len(node.value) <= 32:
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return (key_node, value_node)
        return None
    index = _KEYS.get(node)
    if index is None:
        index = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                index.setdefault(key_node.value, (key_node, value_node))
        _KEYS[node] = index
    return index.get(key)
