"""What a summary is asked to be: one validated, frozen, picklable value passed whole through the library.

``tomtat.summarize(docs, method="lexrank", words=80)`` and
``tomtat.summarize(docs, options=Options(method="lexrank", words=80))`` are the same call. The CLI, the
service and ``eval`` build an ``Options`` and nothing else; its messages name the field at fault, never a
flag or an HTTP parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tomtat import methods
from tomtat.records import TomtatError

if TYPE_CHECKING:
    from tomtat.learn.ranker import Model


class OptionsError(TomtatError):
    """An option with a wrong value; ``field`` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


def _whole(name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionsError(name, f"must be a whole number, not {value!r}")
    if value <= 0:
        raise OptionsError(name, "must be a positive number" + (" of syllables" if name == "words" else ""))


@dataclass(frozen=True)
class Options:
    """Method, length and model of a summary.

    Length: ``words`` (about that many syllables), ``sentences`` (at most that many; with ``words`` both
    bind), or ``ratio`` (a share of the input's syllables); none of them: fitted to human summaries.
    ``model``: the ranker of the ``learned`` method, a model file written by ``tomtat train`` or a trained
    ``Model``; None is the one shipped in the package.
    """

    method: str = methods.DEFAULT_METHOD
    words: int | None = None
    sentences: int | None = None
    ratio: float | None = None
    model: str | Path | Model | None = None

    def __post_init__(self) -> None:
        if self.method is None:
            object.__setattr__(self, "method", methods.DEFAULT_METHOD)
        if not isinstance(self.method, str):
            raise OptionsError("method", f"must be a method name, not {self.method!r}")
        methods.get(self.method)  # an unknown method fails here, with the list of known ones
        _whole("words", self.words)
        _whole("sentences", self.sentences)
        if self.ratio is not None:
            if isinstance(self.ratio, bool) or not isinstance(self.ratio, int | float) or not 0 < self.ratio <= 1:
                raise OptionsError("ratio", f"must be a number between 0 and 1, not {self.ratio!r}")
        if isinstance(self.model, str | Path) and not Path(self.model).is_file():
            raise OptionsError("model", f"no model file at {self.model}")

    @classmethod
    def build(cls, options: Options | None = None, **overrides: Any) -> Options:
        """``options`` with ``overrides`` applied (None values in overrides leave a field as it is)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise OptionsError(unknown[0], f"is not an option; the options are: {', '.join(sorted(known))}")
        given = {k: v for k, v in overrides.items() if v is not None}
        if options is None:
            return cls(**given)
        return cls(**{**{f.name: getattr(options, f.name) for f in fields(cls)}, **given}) if given else options
