"""tenderctl: track procurement tenders and self-audit bid proposals."""

__version__ = "0.1.0"
