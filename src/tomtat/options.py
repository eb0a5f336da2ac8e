"""What a summary is asked to be: one validated, frozen, picklable value passed whole through the library.

``tomtat.summarize(docs, method="lexrank", words=80)`` and
``tomtat.summarize(docs, options=Options(method="lexrank", words=80))`` are the same call. The CLI, the
service and ``eval`` build an ``Options`` and nothing else; its messages name the field at fault, never a
flag or an HTTP parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tomtat import methods
from tomtat.records import TomtatError
from tomtat.represent import DEFAULT_REPRESENTATION, representation_named

if TYPE_CHECKING:
    from tomtat.learn.ranker import Model


LENGTHS = frozenset({"words", "sentences", "ratio"})


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
    """Method, length, model and method parameters of a summary.

    Length, one of: ``words`` (about that many syllables), ``sentences`` (at most that many), or ``ratio``
    (a share of the input's syllables); none of them: fitted to human summaries.
    ``model``: the ranker of the ``learned`` method, a model file written by ``tomtat train`` or a trained
    ``Model``; None is the one shipped in the package.
    ``params``: values for the method's parameters (``tomtat.REGISTRY[method].params``), the rest at
    their defaults; kept as sorted (name, value) pairs so that the value stays hashable.
    ``representation``: how sentences become vectors (``tomtat.represent.REPRESENTATIONS``); "words" and
    "words+syllables" need the ``segment`` extra.
    """

    method: str = methods.DEFAULT_METHOD
    words: int | None = None
    sentences: int | None = None
    ratio: float | None = None
    model: str | Path | Model | None = None
    params: Mapping[str, float | int] | tuple[tuple[str, float | int], ...] = ()
    representation: str = DEFAULT_REPRESENTATION

    def __post_init__(self) -> None:
        if self.method is None:
            object.__setattr__(self, "method", methods.DEFAULT_METHOD)
        if not isinstance(self.method, str):
            raise OptionsError("method", f"must be a method name, not {self.method!r}")
        try:
            method = methods.get(self.method)
        except TomtatError as e:  # an unknown method, with the list of known ones
            raise OptionsError("method", str(e)) from None
        _whole("words", self.words)
        _whole("sentences", self.sentences)
        if self.ratio is not None:
            if isinstance(self.ratio, bool) or not isinstance(self.ratio, int | float) or not 0 < self.ratio <= 1:
                raise OptionsError("ratio", f"must be a number between 0 and 1, not {self.ratio!r}")
        lengths = [name for name in ("words", "sentences", "ratio") if getattr(self, name) is not None]  # LENGTHS, in order
        if len(lengths) > 1:
            raise OptionsError(lengths[1], f"give one length: {' or '.join(lengths)}, not more than one")
        object.__setattr__(self, "params", _checked_params(method, self.params))
        try:
            representation_named(self.representation)
        except TomtatError as e:  # an unknown name, with the list of known ones
            raise OptionsError("representation", str(e)) from None
        if isinstance(self.model, str | Path) and not Path(self.model).is_file():
            raise OptionsError("model", f"no model file at {self.model}")

    @property
    def settings(self) -> dict[str, float | int]:
        """Every parameter of the method as it will run: the given values and the defaults."""
        return methods.get(self.method).settings(dict(self.params))  # type: ignore[arg-type]

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
        if not given:
            return options
        base = {f.name: getattr(options, f.name) for f in fields(cls)}
        if LENGTHS & given.keys():  # a length given replaces the length, whichever way it was set
            base.update(dict.fromkeys(LENGTHS))
        if given.get("method", options.method) != options.method and "params" not in given:
            base["params"] = ()  # another method's parameters do not carry over
        return cls(**{**base, **given})


def _checked_params(method: methods.Method, given: object) -> tuple[tuple[str, float | int], ...]:
    if given is None:
        return ()
    if isinstance(given, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in given):
        given = dict(given)
    if not isinstance(given, Mapping):
        raise OptionsError("params", f"must map parameter names to values, not {given!r}")
    pairs = []
    for name, value in given.items():
        spec = method.params.get(name) if isinstance(name, str) else None
        if spec is None:
            known = ", ".join(sorted(method.params)) or "none"
            raise OptionsError("params", f"{method.name} has no parameter {name!r}; its parameters: {known}")
        why = spec.check(value)
        if why:
            raise OptionsError(f"params.{name}", why)
        pairs.append((name, value))
    return tuple(sorted(pairs))
