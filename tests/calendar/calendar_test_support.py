"""Helpers shared by the calendar tests that run the node readers in tests/js."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import TESTS

JS_DIR = TESTS / "js"


def require_node() -> str:
    node = shutil.which("node")
    if node and (JS_DIR / "node_modules" / "ical.js" / "package.json").is_file():
        return node
    message = "node and the npm package ical.js are needed: run `npm ci --prefix tests/js` (.ci/run does)"
    if os.environ.get("TENDERCTL_ALLOW_SKIP"):
        pytest.skip(message)
    pytest.fail(message)
