"""tomtat: multi-document summarization of Vietnamese news, with provenance."""

from tomtat.api import summarize
from tomtat.methods import DEFAULT_METHOD, REGISTRY
from tomtat.options import Options, OptionsError
from tomtat.records import Document, Summary, SummarySentence, TomtatError

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_METHOD",
    "Document",
    "Options",
    "OptionsError",
    "REGISTRY",
    "Summary",
    "SummarySentence",
    "TomtatError",
    "__version__",
    "summarize",
]
