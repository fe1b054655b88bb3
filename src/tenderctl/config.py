"""Settings a user keeps in a file instead of typing them: the tenders folder, the zone, colour.

Two places, both optional, both TOML::

    ~/.config/tenderctl/tenderctl.toml   ($XDG_CONFIG_HOME/tenderctl/tenderctl.toml)
        tenders = "~/bids/tenders"
        timezone = "Africa/Nairobi"
        color = "never"

    <tenders folder>/tenderctl.toml      (shared with the team in git)
        timezone = "Europe/Brussels"

Precedence, strongest first: the command's option (``--tenders``, ``--tz``, ``--color``), then
the environment (``TENDERCTL_TENDERS``, ``TENDERCTL_TZ``; ``NO_COLOR``), then the tenders
folder's file, then the user's file, then the defaults (``./tenders``, this machine's zone,
colour on a terminal). The folder's file cannot move the folder (it is found inside it).

A bad file is one clear error naming it (exit 2), never ignored: a setting that silently
does not apply is a deadline shown in the wrong zone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tenderctl.errors import UsageError
from tenderctl.fsutil import UnreadableFile, read_bounded

FILE_NAME = "tenderctl.toml"
KEYS = {"tenders": "a folder path", "timezone": "an IANA zone such as Europe/Brussels", "color": "auto, always or never"}
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Settings:
    tenders: str | None = None
    timezone: str | None = None
    color: str | None = None
    sources: tuple[str, ...] = ()
    """The files the settings came from, weakest first (for ``--help`` and messages)."""


def user_config_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "tenderctl" / FILE_NAME


def read_file(path: Path, *, allow_tenders: bool) -> dict[str, str]:
    """The settings in one file ({} if there is none); :class:`UsageError` naming the file otherwise."""
    if not path.is_file():
        return {}
    import tomllib  # lazy: tomllib (+8 ms) on warm deadlines, cold deadlines

    try:
        raw, _info = read_bounded(path, MAX_BYTES, follow_symlinks=True, what="settings file")
        data = tomllib.loads(raw.decode("utf-8"))
    except UnreadableFile as exc:
        raise UsageError(f"{path}: {exc.message} ({exc.hint})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text (save it as UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None
    out: dict[str, str] = {}
    for key, value in data.items():
        if key not in KEYS or (key == "tenders" and not allow_tenders):
            where = "only in the user's file" if key == "tenders" else f"known keys: {', '.join(KEYS)}"
            raise UsageError(f"{path}: unknown setting {key!r} ({where})")
        if not isinstance(value, str) or not value.strip():
            raise UsageError(f"{path}: {key} must be text: {KEYS[key]}")
        if key == "color" and value not in ("auto", "always", "never"):
            raise UsageError(f"{path}: color must be auto, always or never, not {value!r}")
        out[key] = value.strip()
    return out


@lru_cache(maxsize=8)
def settings(tenders_option: str | None = None) -> Settings:
    """The merged settings for a run whose ``--tenders`` is ``tenders_option`` (see the module's precedence)."""
    user_file = user_config_file()
    merged = read_file(user_file, allow_tenders=True)
    sources = [str(user_file)] if merged else []
    folder = tenders_option or os.environ.get("TENDERCTL_TENDERS") or merged.get("tenders") or "tenders"
    folder = os.path.expanduser(folder)
    folder_file = Path(folder) / FILE_NAME
    local = read_file(folder_file, allow_tenders=False)
    if local:
        sources.append(str(folder_file))
    merged.update(local)
    return Settings(tenders=folder, timezone=merged.get("timezone"), color=merged.get("color"), sources=tuple(sources))
