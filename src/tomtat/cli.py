"""The ``tomtat`` command: a thin shell over :mod:`tomtat.api`."""

from __future__ import annotations

import argparse
import gc
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, TypeVar

from tomtat import __version__, methods, write
from tomtat.api import summarize, summarize_batch
from tomtat.options import Options
from tomtat.read import ARTICLE_SUFFIXES, ClusterInput, is_batch, read_batch, read_cluster, read_stream, shown
from tomtat.read.parquet import named_parquet
from tomtat.records import TomtatError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # batch: some clusters failed, the others were written
EXIT_INTERRUPTED = 130
T = TypeVar("T")
# -o naming a stream this process already holds: written through it, never replaced by a file.
_OWN_STREAM = re.compile(r"/dev/std(?:out|err)|/dev/fd/(\d+)|/proc/self/fd/(\d+)")

STORIES_HELP = """\
Group a stream of news articles into stories, in arrival order, and write one JSON line per story:
its articles, headline, summary with the source of every sentence, a dated timeline, its people, places
and organisations (spellings merged), its sources, first and last publication dates. Near-identical copies
join their original's story and are counted once. Articles without dates are grouped by content alone.

examples:
  tomtat stories today.jsonl -o stories.jsonl
  tomtat stories today.jsonl -o - --store newsroom.db     # continue the stories kept in newsroom.db
  tomtat stories articles/ -o stories.jsonl               # a folder of .txt/.html articles
  tomtat stories articles.parquet -o stories.parquet      # Parquet in and out (a file or a folder of parts)

Each input line is one article: {"id", "title"?, "lead"?, "text" or "html", "published"?, "source"?, "url"?}
(AbMuSu cluster lines are read as their articles). An unreadable line or an id already seen is reported on
stderr and skipped (exit 3); the other articles still come out.
"""

SUMMARIZE_HELP = """\
Summarize several Vietnamese news articles about one story (a cluster), or a batch of clusters.
Every summary sentence is an article's own sentence; --json and --markdown say which article it came from."""

SUMMARIZE_EPILOG = """\
examples:
  tomtat summarize FOLDER/                       a folder of .txt/.html articles about one story
  tomtat summarize a.txt b.txt --json            several files; JSON with the source of each sentence
  { cat a.txt; echo ---; cat b.txt; } | tomtat summarize
                                                 standard input: articles separated by a line ---
  tomtat summarize FOLDER/ --words 120           about 120 syllables (or --sentences 3, --ratio 0.1)
  tomtat summarize clusters.jsonl -o out.jsonl   batch: AbMuSu JSON Lines in, one JSON line out per cluster
  tomtat summarize parts/ -o out.parquet         batch: Parquet in (a file or a folder of part.N.parquet), Parquet out

standard input:
  With no INPUT, or INPUT '-', the articles are read from standard input until its end (Ctrl-D
  at a terminal), separated by lines that hold only ---. Any encoding a file may have works.

exit status:
  0    the summary (or every summary of a batch) was written
  1    error: one line 'tomtat: error: ...' on standard error, and no output file
  2    wrong usage (an unknown option, an invalid value)
  3    batch: some clusters failed; each has an "error" line in the output, the others were written
  130  interrupted (Ctrl-C)"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def _ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _param(text: str) -> tuple[str, float | int]:
    name, eq, value = text.partition("=")
    if not eq or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name.strip(), int(value)
    except ValueError:
        pass
    try:
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name.strip()}: expected a number, got {value!r}") from None


def _add_params(g: argparse._ArgumentGroup) -> None:
    g.add_argument("-p", "--param", type=_param, action="append", metavar="NAME=VALUE",
                   help="a parameter of the method (repeatable); 'tomtat methods' lists them with their defaults")


def _add_scale(p: argparse.ArgumentParser, what: str) -> None:
    g = p.add_argument_group("scale")
    g.add_argument("-j", "--jobs", type=_positive_int, metavar="N",
                   help=f"processes that summarize the {what} (default: the number of cores; 1: this process only)")
    g.add_argument("--dask", metavar="ADDRESS",
                   help=f"summarize the {what} on a Dask cluster: a scheduler's address (tcp://host:8786), "
                   "or 'local' for a local one of --jobs workers (needs the dask extra)")


def _jobs(args: argparse.Namespace) -> int:
    from tomtat.scale import default_jobs

    return args.jobs or default_jobs()


def _add_length(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("length (default: fitted to human summaries, ~200 syllables for 3 articles)")
    x = g.add_mutually_exclusive_group()
    x.add_argument("-w", "--words", type=_positive_int, metavar="N", help="about N syllables")
    x.add_argument("-s", "--sentences", type=_positive_int, metavar="N", help="at most N sentences")
    x.add_argument("-r", "--ratio", type=_ratio, metavar="R", help="a share of the input length, 0 < R <= 1")


def _add_input(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input")
    g.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="a folder of .txt/.html articles, several such files, '-' for stdin (articles separated by a line ---), "
        "or for batch: an AbMuSu .jsonl file, Parquet (a .parquet file or a folder of them, one cluster a row), "
        "or a folder of cluster folders",
    )
    g.add_argument(
        "--format",
        choices=("auto", "cluster", "abmusu", "folders"),
        default="auto",
        help="how to read INPUT: cluster (the articles of one story), abmusu (JSON Lines or Parquet, one cluster a line or row), "
        "folders (a folder of cluster folders); default auto: from the file name and folder layout",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tomtat",
        description="Summarize several Vietnamese news articles about one story, with the source of every sentence.",
    )
    parser.add_argument("--version", action="version", version=f"tomtat {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("summarize", help="summarize one cluster or a batch of clusters", description=SUMMARIZE_HELP,
                       epilog=SUMMARIZE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_input(s)
    g = s.add_argument_group("method")
    g.add_argument("-m", "--method", default=None, help=f"summarization method (default: {methods.DEFAULT_METHOD}); see 'tomtat methods'")
    g.add_argument("--model", metavar="FILE", help="ranker model for the learned method (default: the shipped one)")
    _add_params(g)
    _add_length(s)
    _add_scale(s, "clusters of a batch")
    g = s.add_argument_group("output")
    fmt = g.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_const", const="json", dest="output_format", help="JSON with provenance")
    fmt.add_argument("--markdown", action="store_const", const="markdown", dest="output_format", help="Markdown with numbered source markers")
    g.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output; FILE is replaced only when all went well "
                   "(a device or FIFO is written as it is); a batch to FILE.parquet is written as Parquet (needs the parquet extra)")
    g.add_argument("-q", "--quiet", action="store_true", help="no warnings or progress bar on stderr")

    e = sub.add_parser(
        "eval",
        help="ROUGE of methods (or of saved summaries) against reference summaries",
        description="ROUGE-1, ROUGE-2 and ROUGE-L F1 (precision/recall) of summarization methods, or of saved "
        "summaries, against the reference summaries of each cluster (the best-matching one, per ROUGE type), with the 95% "
        "confidence interval of each mean (bootstrap over the clusters, seeded). Syllables are the unit, as in AbMuSu.",
        epilog="examples:\n  tomtat eval clusters.jsonl -m centroid,lexrank,firstlast\n"
        "  tomtat summarize clusters.jsonl -o out.jsonl && tomtat eval clusters.jsonl --predictions out.jsonl\n\n"
        "exit status: 0 scores printed, 1 error, 2 wrong usage, 130 interrupted",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    g = e.add_argument_group("input")
    g.add_argument("inputs", nargs=1, metavar="INPUT", help="AbMuSu .jsonl (or Parquet) with 'summary' (or 'summaries'), or a folder of "
                   "cluster folders with summaries/*.txt")
    g.add_argument("--format", choices=("auto", "abmusu", "folders"), default="auto",
                   help="how to read INPUT: AbMuSu JSON Lines (or Parquet) or a folder of cluster folders (default: from the file name)")
    g = e.add_argument_group("what to score")
    g.add_argument("-m", "--methods", default=None, help="comma-separated methods to compare (default: all)")
    g.add_argument("--predictions", metavar="FILE", help="score summaries from a tomtat batch output .jsonl instead of running methods")
    g.add_argument("--model", metavar="FILE", help="ranker model for the learned method (default: the shipped one)")
    _add_params(g)
    _add_length(e)
    g = e.add_argument_group("scoring")
    g.add_argument("--segment", action="store_true", help="word-segmented ROUGE (needs the 'segment' extra)")
    g.add_argument("--limit", type=_positive_int, metavar="N", help="only the first N clusters")
    g.add_argument("--json", action="store_true", help="print scores as JSON")

    t = sub.add_parser("train", help="train the learned ranker from AbMuSu JSON Lines (deterministic)")
    t.add_argument("data", metavar="DATA.jsonl", help="clusters with gold 'summary', e.g. ../shared/data/abmusu-train.jsonl")
    t.add_argument("-o", "--output", metavar="FILE", required=True, help="model file to write (the shipped one is src/tomtat/data/ranker.txt)")

    r = sub.add_parser(
        "stories", help="group a stream of articles into stories, each with a summary, a timeline and its names",
        description=STORIES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("stream", metavar="STREAM", help="JSON Lines, one article a line (or AbMuSu clusters), the same as Parquet rows (a .parquet "
                   "file or a folder of them), a folder of .txt/.html articles, or - for standard input")
    r.add_argument("-o", "--output", metavar="FILE", required=True, help="stories as JSON Lines, one story a line (- for standard output); "
                   "FILE.parquet: as Parquet (needs the parquet extra)")
    r.add_argument("--store", metavar="FILE", help="SQLite file that keeps stories between runs: this run continues them")
    r.add_argument("-q", "--quiet", action="store_true", help="no warnings on stderr")
    g = r.add_argument_group("summaries")
    g.add_argument("-m", "--method", help="summarization method for each story (see `tomtat methods`)")
    g.add_argument("--model", metavar="FILE", help="ranker model for the learned method")
    _add_params(g)
    _add_length(r)
    _add_scale(r, "stories (grouping runs here, in arrival order)")

    sub.add_parser("methods", help="list summarization methods")

    v = sub.add_parser("serve", help="the web page and HTTP API (needs the 'serve' extra)",
                       description="Serve the web page at / and the API at /v1/. Flags override TOMTAT_* environment variables.")
    g = v.add_argument_group("server")
    g.add_argument("--host", help="address to listen on (default 127.0.0.1; env TOMTAT_HOST)")
    g.add_argument("--port", type=_positive_int, help="port (default 8000; env TOMTAT_PORT)")
    g.add_argument("--workers", type=_positive_int, help="server processes (default: the number of cores; env TOMTAT_WORKERS)")
    g.add_argument("--log-level", choices=("debug", "info", "warning", "error"), help="default info; env TOMTAT_LOG_LEVEL")
    g.add_argument("--no-access-log", dest="access_log", action="store_const", const=False, help="no JSON access log on stderr")
    g = v.add_argument_group("limits per request")
    g.add_argument("--max-request-bytes", type=_positive_int, metavar="N", help="body of /v1/summarize (default 5,000,000)")
    g.add_argument("--max-batch-bytes", type=_positive_int, metavar="N", help="body of /v1/summarize/batch (default 50,000,000)")
    g.add_argument("--max-documents", type=_positive_int, metavar="N", help="articles in a cluster (default 50)")
    g.add_argument("--max-chars", type=_positive_int, metavar="N", help="characters in an article (default 200,000)")
    g.add_argument("--max-clusters", type=_positive_int, metavar="N", help="clusters in a batch (default 1,000)")
    g.add_argument("--timeout", type=float, metavar="S", help="seconds for a /v1/summarize request (default 30)")
    g.add_argument("--batch-timeout", type=float, metavar="S", help="seconds for a batch request (default 600)")
    g.add_argument("--concurrency", type=_positive_int, metavar="N",
                   help="summarizing processes per server process, each stopped at its time limit (default 2)")
    return parser


def _say(kind: str, message: str) -> None:
    """One line on stderr, whatever the message holds (escape sequences, newlines, undecodable names)."""
    print(f"tomtat: {kind}{': ' if kind else ''}{write.terminal_line(message)}", file=sys.stderr)


def _warn(message: str, quiet: bool) -> None:
    if not quiet:
        _say("warning", message)


def _refuse_output_among_inputs(output: str | None, inputs: list[str]) -> None:
    """-o must not overwrite (or, next run, be read as) one of the inputs: checked before anything is read."""
    if output is None or not os.path.isfile(output):
        return
    real = os.path.realpath(output)
    for arg in inputs:
        if arg == "-" or not os.path.exists(arg):
            continue
        if os.path.isdir(arg):
            folder = os.path.realpath(arg)
            hit = os.path.commonpath([real, folder]) == folder and Path(real).suffix.lower() in (*ARTICLE_SUFFIXES, ".parquet")
        else:
            hit = os.path.samefile(arg, output)
        if hit:
            raise TomtatError(f"{shown(output)}: is also an input ({shown(arg)}); write the output to another file")


def _special(path: str) -> bool:
    """An existing file that is not a regular file or folder: a device, a FIFO, a socket."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextmanager
def _writing(name: str) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as e:
        raise TomtatError(f"{name}: cannot write ({e.strerror or e})") from None


@contextmanager
def _output(path: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """Where the output goes: standard output; a stream or device as it is; else a temporary file
    renamed over ``path`` only when all went well (through a symbolic link, to the file it names).
    Text (UTF-8, newlines as \\n), or with ``binary`` bytes."""
    mode: dict[str, Any] = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": "\n"}
    if path is None or path == "-":  # "-o -": standard output, as for the inputs
        if binary:
            sys.stdout.flush()
        yield sys.stdout.buffer if binary else sys.stdout
        return
    name = shown(path)
    own = _OWN_STREAM.fullmatch(path)
    if own:
        fd = int(own.group(1) or own.group(2) or (1 if path.endswith("out") else 2))
        if fd in (1, 2):
            text_stream = sys.stdout if fd == 1 else sys.stderr
            stream: IO[Any] = text_stream.buffer if binary else text_stream
            with _writing(name):
                if binary:
                    text_stream.flush()
                yield stream
                stream.flush()
            return
        with _writing(name), os.fdopen(os.dup(fd), **mode) as f:
            yield f
        return
    if _special(path):
        with _writing(name), open(path, **mode) as f:
            yield f
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if target.is_dir():
        raise TomtatError(f"{name}: is a folder; give a file name for --output")
    folder = target.parent
    if not folder.is_dir():
        raise TomtatError(f"{name}: folder {shown(str(folder))} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise TomtatError(f"{name}: cannot write in folder {shown(str(folder))} ({e.strerror or e})") from None
    try:
        if target.is_file():  # replacing a file keeps its permissions
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        else:  # as an ordinary new file would be, not mkstemp's 0600
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        with _writing(name):
            with os.fdopen(fd, **mode) as f:
                yield f
            os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _parquet_output(path: str | None) -> bool:
    """-o FILE.parquet: Parquet instead of JSON Lines (pyarrow checked here, before any work)."""
    if path is None or not named_parquet(Path(path)):
        return False
    from tomtat.write_parquet import pyarrow

    pyarrow()
    return True


@contextmanager
def _results(path: str | None, kind: str) -> Iterator[Callable[[Any], None]]:
    """Where a batch's results (``kind`` "batch") or stories ("stories") go, one call each: JSON Lines, or
    Parquet when the file name ends in .parquet; written as ``_output`` writes (replaced only when all went well)."""
    if _parquet_output(path):
        from tomtat import write_parquet

        to_row = write_parquet.batch_row if kind == "batch" else write_parquet.story_row
        with _output(path, binary=True) as out, write_parquet.parquet_rows(out, kind) as table:
            yield lambda item: table.add(to_row(item))
        return
    to_line = write.batch_line if kind == "batch" else write.story_line
    with _output(path) as out:
        yield lambda item: out.write(to_line(item))


def _options(args: argparse.Namespace, **fixed: object) -> Options:
    """The one value the library gets from the command line (validated there, not here)."""
    given = {"method": getattr(args, "method", None), "words": args.words, "sentences": args.sentences,
             "ratio": args.ratio, "model": getattr(args, "model", None), "params": dict(getattr(args, "param", None) or []) or None}
    return Options.build(**{**given, **fixed})


def _summarize_one(args: argparse.Namespace) -> int:
    if not args.inputs or args.inputs == ["-"]:
        if sys.stdin.isatty() and not args.quiet:
            print("tomtat: reading articles from standard input, separated by lines ---; end with Ctrl-D", file=sys.stderr)
    if args.output is not None and named_parquet(Path(args.output)):
        raise TomtatError(f"{shown(args.output)}: Parquet output is for a batch of clusters (.jsonl or .parquet in); "
                          "one cluster's summary is text, --json or --markdown")
    docs = read_cluster(args.inputs)
    result = summarize(docs, _options(args))
    for note in result.warnings:
        _warn(note, args.quiet)
    text = write.render(result, args.output_format or "text")
    with _output(args.output) as out:
        out.write(text)
    return 0


def _stories(args: argparse.Namespace) -> int:
    from tomtat.stream.stories import stories
    from tomtat.stream.store import StoryStore

    if args.output != "-":
        _refuse_output_among_inputs(args.output, [args.stream] + ([args.store] if args.store else []))
    options = _options(args)  # a bad option fails before any work
    _parquet_output(args.output)  # so does a missing pyarrow, for -o FILE.parquet
    items = list(read_stream(args.stream))
    bad = [(i.label, i.error) for i in items if i.error]
    docs = [i.document for i in items if i.document is not None]
    if not docs:
        raise TomtatError(f"{shown(args.stream)}: no articles found" + (f" ({bad[0][0]}: {bad[0][1]})" if bad else ""))
    store = StoryStore(args.store) if args.store else None
    try:
        result = stories(docs, options, store=store, jobs=_jobs(args), dask=args.dask)
    finally:
        if store is not None:
            store.close()
    skipped = bad + result.skipped
    for label, why in skipped:
        _warn(f"{label}: {why}; skipped", args.quiet)
    with _results(args.output, "stories") as put:
        for story in result.stories:
            put(story)
    if skipped:
        print(f"tomtat: {len(skipped)} of {len(items)} articles skipped", file=sys.stderr)
        return EXIT_PARTIAL
    return 0


def _progress(items: Iterable[T], quiet: bool) -> Iterable[T]:
    if quiet or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: --jobs forks worker processes, and a fork should find no threads
    return tqdm(items, desc="tomtat", unit="cluster", file=sys.stderr)


def _summarize_batch(args: argparse.Namespace) -> int:
    if len(args.inputs) != 1:
        raise TomtatError("batch mode takes one .jsonl file, one .parquet file or folder of them, or one folder of cluster folders")
    if args.output_format == "markdown":
        raise TomtatError("batch output is JSON Lines; --markdown works for one cluster")
    options = _options(args)  # a bad option fails before any work
    items = read_batch(args.inputs[0], None if args.format == "auto" else args.format)
    failed = total = 0
    with _results(args.output, "batch") as put:
        for result in _progress(summarize_batch(items, options, jobs=_jobs(args), dask=args.dask), args.quiet):
            total += 1
            if not result.ok:
                failed += 1
                _warn(f"{result.label}{f' (id {result.id})' if result.id else ''}: {result.error}; skipped", args.quiet)
            put(result)
        if total == 0:
            raise TomtatError(f"{shown(args.inputs[0])}: no clusters found")
    if failed:
        print(f"tomtat: {failed} of {total} clusters failed", file=sys.stderr)
        return EXIT_PARTIAL
    return 0


def _eval(args: argparse.Namespace) -> int:
    from tomtat.evaluate import Report, Rouge, evaluate, read_predictions, score_predictions  # rouge-score: slow to import

    fmt = None if args.format == "auto" else args.format
    items = list(read_batch(args.inputs[0], fmt))
    if args.limit:
        items = items[: args.limit]
    for item in items:
        if item.error:
            _warn(f"{item.label}: {item.error}; skipped", False)
    items = [i for i in items if not i.error and i.references]
    if not items:
        raise TomtatError(f"{args.inputs[0]}: no clusters with reference summaries to score against")
    rouge = Rouge(segment=args.segment)
    table: dict[str, Report] = {}
    if args.predictions:
        predicted = read_predictions(args.predictions)
        try:
            table[shown(Path(args.predictions).name)] = score_predictions(predicted, items, rouge)
        except TomtatError as e:
            raise TomtatError(f"{shown(args.predictions)}: {e}") from None
    else:
        names = args.methods.split(",") if args.methods else list(methods.REGISTRY)
        for name in names:
            methods.get(name)
        pairs = [(item.documents, item.references) for item in items]
        for name in names:
            table[name] = evaluate(
                _progress(pairs, False),  # type: ignore[arg-type]
                _options(args, method=name),
                rouge,
                on_error=lambda k, msg: _warn(f"{items[k].label}: {msg}; skipped", False),
            )
    if args.json:
        print(write.json_text({name: report.to_dict() for name, report in table.items()}, indent=2))
        return 0
    unit = "words" if args.segment else "syllables"
    header = f"{'method':<12} {'ROUGE-1':>20} {'ROUGE-2':>20} {'ROUGE-L':>20}"
    print(f"ROUGE F1 (precision/recall) over {len(items)} clusters, {unit}")
    print(header)
    for name, report in table.items():
        cells = [f"{e.mean.f1:.4f} ({e.mean.precision:.3f}/{e.mean.recall:.3f})" for e in report.scores.values()]
        print(f"{write.terminal_line(name):<12} " + " ".join(f"{c:>20}" for c in cells))
    some = next(iter(table.values()))
    print(f"\n{some.confidence:.0%} confidence interval of F1 (bootstrap over the clusters scored, {some.samples:,} resamples)")
    print(header)
    for name, report in table.items():
        cells = [f"[{e.low.f1:.4f}, {e.high.f1:.4f}]" for e in report.scores.values()]
        print(f"{write.terminal_line(name):<12} " + " ".join(f"{c:>20}" for c in cells))
    return 0


def _summarize(args: argparse.Namespace) -> int:
    _refuse_output_among_inputs(args.output, args.inputs)
    fmt = None if args.format == "auto" else args.format
    if is_batch(args.inputs, fmt):
        return _summarize_batch(args)
    if fmt in ("abmusu", "folders"):
        raise TomtatError("--format abmusu/folders takes one input")
    return _summarize_one(args)


def _train(args: argparse.Namespace) -> int:
    _refuse_output_among_inputs(args.output, [args.data])
    items = [i for i in read_batch(args.data, "abmusu") if not i.error and i.references]
    if not items:
        raise TomtatError(f"{shown(args.data)}: no clusters with a gold 'summary' to learn from")
    model = methods.get("learned").fit([(i.documents, i.references[0]) for i in items])  # type: ignore[misc]
    with _output(args.output) as out:
        out.write(model.to_text())
    _say("", f"trained on {len(items)} clusters, wrote {shown(args.output)}")
    return 0


def _methods() -> int:
    width = max(len(n) for n in methods.REGISTRY)
    for name, m in methods.REGISTRY.items():
        star = "*" if name == methods.DEFAULT_METHOD else " "
        print(f"{star} {name:<{width}}  {m.description}")
        for pname, p in m.params.items():
            print(f"  {'':<{width}}    -p {pname}={p.default:g}  {p.about} ({p.low:g} to {p.high:g})")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from tomtat.serve.run import serve

    names = ("host", "port", "workers", "log_level", "access_log", "max_request_bytes", "max_batch_bytes",
             "max_documents", "max_chars", "max_clusters", "timeout", "batch_timeout", "concurrency")
    return serve(**{n: getattr(args, n) for n in names})


def _utf8_stdout() -> None:
    """Output is UTF-8 (JSON must be), even where the locale says otherwise."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        with suppress(Exception):
            sys.stdout.reconfigure(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _utf8_stdout()
    # A run of the CLI allocates many short-lived objects and few cycles: the imported modules are moved out of
    # the collector's sight and it runs less often (about 10% of a batch's time; bench/speed.py).
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    try:
        if args.command == "summarize":
            return _summarize(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "train":
            return _train(args)
        if args.command == "stories":
            return _stories(args)
        if args.command == "methods":
            return _methods()
        if args.command == "serve":
            return _serve(args)
        parser.print_help()
        return EXIT_USAGE
    except TomtatError as e:
        _say("error", str(e))
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("tomtat: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return 0
    except Exception as e:  # a bug: still one line, not a traceback (TOMTAT_DEBUG=1 shows it)
        if os.environ.get("TOMTAT_DEBUG"):
            raise
        detail = str(e).split("\n")[0][:200]
        _say("error", f"internal error ({type(e).__name__}{': ' + detail if detail else ''}); please report it")
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
