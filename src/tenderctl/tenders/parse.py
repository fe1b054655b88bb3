"""One tender file's text to a validated Tender, and every problem with its file:line:column.

The loader reads and discovers files; this module judges one text: safe YAML
(:mod:`yamlio`), the model's shape (pydantic, turned into positioned problems with a hint
for each kind of mistake), and the cross-field rules (:mod:`semantics`). Positions are
composed only for texts that have something to report.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tenderctl.errors import Level, Problem

if TYPE_CHECKING:
    from pydantic import ValidationError

    from tenderctl.tenders import semantics
    from tenderctl.tenders.model import Tender


def parse_tender(text: str, display: str) -> tuple[Tender | None, list[Problem]]:
    """Text of one file -> a validated tender, or positioned problems. Never raises on input."""
    from pydantic import ValidationError  # lazy: pydantic (+83 ms) on warm deadlines, check

    from tenderctl.tenders import semantics, yamlio  # lazy: tenders.semantics with the pydantic model (+197 ms) on warm deadlines, check
    from tenderctl.tenders.model import Tender  # lazy: the pydantic model (+178 ms) on warm deadlines, check

    try:
        data = yamlio.load(text)
    except yamlio.YamlProblem as exc:
        return None, [Problem(display, exc.line, exc.column, "yaml", exc.message, exc.hint)]
    if data is None:
        return None, [
            Problem(
                display, 1, 1, "document", "the file is empty", "a tender needs at least reference, title and timezone; see `tenderctl new`"
            )
        ]
    if not isinstance(data, dict):
        kind = type(data).__name__
        return None, [
            Problem(
                display, 1, 1, "document", f"expected a mapping of keys, found a {kind}", "start with 'reference: ...' at the left margin"
            )
        ]
    try:
        tender = Tender.model_validate(data)
    except ValidationError as exc:
        # Judge what did validate too, so fixing the shape does not reveal a second round of errors.
        root = yamlio.compose(text)  # once: composing a large broken file is the slow part
        problems = _pydantic_problems(exc, root, display) + _positioned(semantics.check_partial(data), root, display)
        return None, _capped(sorted(problems))
    findings = semantics.check(tender)
    if not findings:
        return tender, []
    problems = sorted(_positioned(findings, yamlio.compose(text), display))
    if any(p.level is Level.error for p in problems):
        return None, _capped(problems)
    return tender, _capped(problems)


def _positioned(findings: list[semantics.Finding], root: Any, display: str) -> list[Problem]:
    """Findings as problems at their place in the file (``root``: the file's composed YAML nodes)."""
    from tenderctl.tenders import yamlio  # lazy: tenders.yamlio (+26 ms) on warm deadlines, check

    problems = []
    for finding in findings:
        line, column = yamlio.locate(root, finding.loc)
        problems.append(Problem(display, line, column, _dotted(finding.loc), finding.message, finding.hint, finding.level))
    return problems


MAX_PROBLEMS_PER_FILE = 100
"""Beyond this a file is not a tender with mistakes but something else: the rest are counted,
not listed (printing 70,000 lines took the terminal longer than reading the file)."""


def _capped(problems: list[Problem]) -> list[Problem]:
    """The first problems by position, and one line saying how many more there are."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    kept = problems[:MAX_PROBLEMS_PER_FILE]
    first_left_out = problems[MAX_PROBLEMS_PER_FILE]
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    level = Level.error if any(p.level is Level.error for p in problems[MAX_PROBLEMS_PER_FILE:]) else Level.warning
    return [
        *kept,
        Problem(
            first_left_out.path,
            first_left_out.line,
            first_left_out.column,
            "document",
            f"{more:,} more problem{'s' if more != 1 else ''} from here on, not listed",
            "fix the ones above first; is this really a tender file?",
            level,
        ),
    ]


def _dotted(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + display_name(part)  # a key can hold a newline (found by fuzzing)
    return text or "document"


def _describe(value: Any) -> str:
    names = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "a mapping", type(None): "nothing"}
    # isinstance, not type(): the YAML reader's numbers are int/float subclasses that keep their spelling.
    kind = next(
        (name for base, name in names.items() if isinstance(value, base) and not (base is int and isinstance(value, bool))),
        type(value).__name__,
    )
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{kind} {shown}" if not isinstance(value, (list, dict)) else kind


_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "date_type": "a date such as 2025-06-05",
    "date_from_datetime_parsing": "a date such as 2025-06-05",
    "date_parsing": "a date such as 2025-06-05",
}


_BOUNDS = {
    "greater_than_equal": ("{limit} or more", "ge"),
    "greater_than": ("more than {limit}", "gt"),
    "less_than_equal": ("{limit} or less", "le"),
    "less_than": ("less than {limit}", "lt"),
    "string_too_short": ("at least {limit} character(s) long", "min_length"),
    "too_short": ("at least {limit} item(s) long", "min_length"),
}
"""pydantic's bound errors, in the words of the message: (how the bound reads, its ctx key)."""


def _known_keys(loc: tuple[str | int, ...]) -> list[str]:
    from tenderctl.tenders import model  # lazy: the pydantic model (+261 ms) on warm deadlines, check

    by_first: dict[str, type[Any]] = {
        "dates": model.Milestone,
        "steps": model.Step,
        "checks": model.Check,
        "portal": model.Portal,
        "links": model.Link,
        "contacts": model.Contact,
        "experts": model.Expert,
        "criteria": model.Criterion,
    }
    parent = loc[:-1]
    cls = model.Tender if not parent else by_first.get(str(parent[0]))
    return list(cls.model_fields) if cls is not None else []


def _pydantic_problems(exc: ValidationError, root: Any, display: str) -> list[Problem]:
    from tenderctl.tenders import yamlio  # lazy: tenders.yamlio (+26 ms) on warm deadlines, check

    problems: dict[tuple[int, int, str], Problem] = {}
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        kind = error["type"]
        value = error.get("input")
        field_path = _dotted(loc)
        hint = ""
        if kind == "missing":
            message = "required field missing"
            hint = f"add '{loc[-1]}: ...'" if loc else ""
            line, column = yamlio.locate(root, loc[:-1])
        elif kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"unknown key {key!r}"
            known = _known_keys(loc)
            # Suggestions cost ~1 ms each: a hostile file can have 70,000 unknown keys.
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.6) if len(problems) < MAX_PROBLEMS_PER_FILE else []
            hint = f"did you mean {near[0]!r}?" if near else f"known keys: {', '.join(known)}"
            line, column = yamlio.locate(root, loc, key=True)
        elif kind == "enum":
            allowed = str(error.get("ctx", {}).get("expected", ""))
            options = [o.strip(" '") for o in allowed.replace(" or ", ", ").split(",") if o.strip(" '")]
            near = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5) if len(problems) < MAX_PROBLEMS_PER_FILE else []
            message = f"{value!r} is not one of {', '.join(options)}"
            hint = f"did you mean {near[0]!r}?" if near else ""
            line, column = yamlio.locate(root, loc)
        elif kind == "value_error":
            message = str(error["msg"]).removeprefix("Value error, ")
            line, column = yamlio.locate(root, loc)
        elif kind == "string_pattern_mismatch":
            message = f"{value!r} has the wrong form"
            hint = "write e.g. 2d, 1d 4h or 36h" if loc and loc[-1] == "submit_buffer" else "use letters, digits, '-', '_' and '.'"
            line, column = yamlio.locate(root, loc)
        elif kind in _BOUNDS:
            limit = error.get("ctx", {}).get(_BOUNDS[kind][1])
            if isinstance(limit, float) and limit.is_integer():
                limit = int(limit)
            shown = repr(value) if isinstance(value, str) else value
            if kind == "string_too_short" and limit == 1:
                message = "must not be empty"
            elif isinstance(value, (dict, list)):
                message = str(error["msg"])
            else:
                message = f"must be {_BOUNDS[kind][0].format(limit=limit)}, not {shown}"
            line, column = yamlio.locate(root, loc)
        elif kind in _EXPECTED:
            message = f"expected {_EXPECTED[kind]}, found {_describe(value)}"
            if kind.startswith("date"):
                message = f"not a valid date: {value!r}"
                hint = "write YYYY-MM-DD"
            line, column = yamlio.locate(root, loc)
        else:
            message = (
                f"{error['msg']}: {_describe(value)}" if value is not None and not isinstance(value, (dict, list)) else str(error["msg"])
            )
            line, column = yamlio.locate(root, loc)
        problems.setdefault((line, column, field_path), Problem(display, line, column, field_path, message, hint))
    return sorted(problems.values())


def display_name(path: str) -> str:
    """The path as shown in messages: control and bidi characters escaped (a file name with a
    newline must not split an error line, nor a right-to-left mark reverse it), undecodable
    bytes as ``\\xNN``."""
    if path.isprintable():
        return path
    out = []
    for char in path:
        if char.isprintable():
            out.append(char)
        elif 0xDC80 <= ord(char) <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)
