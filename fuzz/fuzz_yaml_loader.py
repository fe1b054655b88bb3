"""Coverage-guided fuzzing of the tender loader: bytes in, a tender or positioned problems out.

Any exception, hang or crash (a C stack overflow in the YAML composer is a segmentation
fault) is a bug: the loader's contract is "never raises on input". Run (see fuzz/README.md):

    .venv/bin/python fuzz/fuzz_yaml_loader.py /tmp/yaml-corpus fuzz/corpus/yaml -dict=fuzz/yaml.dict -max_total_time=300
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["tenderctl"]):
    # The loader imports these lazily; importing them here gets them instrumented for coverage.
    import tenderctl.tenders.model
    import tenderctl.tenders.semantics
    import tenderctl.tenders.timeline
    import tenderctl.tenders.timeparse
    import tenderctl.tenders.yamlio  # noqa: F401
    from tenderctl.errors import Problem
    from tenderctl.tenders.loader import MAX_FILE_BYTES
    from tenderctl.tenders.model import Tender
    from tenderctl.tenders.parse import parse_tender


def decode(data: bytes) -> str | None:
    """What :func:`tenderctl.tenders.loader.read_text` hands on: UTF-8 (BOM allowed) within the size bound."""
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def test_one_input(data: bytes) -> None:
    text = decode(data)
    if text is None:
        return
    tender, problems = parse_tender(text, "fuzz.yaml")
    assert tender is None or isinstance(tender, Tender)
    assert all(isinstance(p, Problem) and p.path == "fuzz.yaml" and p.line >= 1 and p.column >= 1 for p in problems), problems
    if tender is None:
        assert any(p.level.value == "error" for p in problems), "no tender and no error"
    for problem in problems:
        assert "\n" not in str(problem), f"a problem must render as one line: {problem!r}"


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
