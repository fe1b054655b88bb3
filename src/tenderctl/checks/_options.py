"""Typed access to a check's ``options:``, with errors people can act on.

A wrong type in a tender's options (``max_file_mb: ten``) must not read as a rule bug: the
engine turns :class:`OptionError` into an ``unverified`` result naming the option.
"""

from __future__ import annotations

from typing import Any

from tenderctl.checks.registry import Context


class OptionError(ValueError):
    """An option of the tender's check has the wrong type or value."""


def number(ctx: Context, name: str, default: float | None = None) -> float | None:
    value = ctx.option(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise OptionError(f"option {name!r} must be a number, not {value!r}")
    try:
        result = float(value)
    except ValueError:
        raise OptionError(f"option {name!r} must be a number, not {value!r}") from None
    if result < 0:
        raise OptionError(f"option {name!r} must not be negative, not {value!r}")
    return result


def integer(ctx: Context, name: str, default: int | None = None) -> int | None:
    value = number(ctx, name, default)
    if value is None:
        return None
    if value != int(value):
        raise OptionError(f"option {name!r} must be a whole number, not {ctx.option(name)!r}")
    return int(value)


def boolean(ctx: Context, name: str, default: bool = False) -> bool:
    value = ctx.option(name, default)
    if isinstance(value, bool):
        return value
    raise OptionError(f"option {name!r} must be true or false, not {value!r}")


def strings(ctx: Context, name: str, default: list[str] | tuple[str, ...] = ()) -> list[str]:
    value: Any = ctx.option(name, None)
    if value is None:
        return list(default)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise OptionError(f"option {name!r} must be a list of texts, not {value!r}")


def choice(ctx: Context, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = ctx.option(name, default)
    if value not in allowed:
        raise OptionError(f"option {name!r} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)
