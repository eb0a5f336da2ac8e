"""The one error type of tomtat, at the very bottom so that every layer (lang/ included) can raise it."""

from __future__ import annotations


class TomtatError(Exception):
    """An error in the user's input or options, reported as one line."""
