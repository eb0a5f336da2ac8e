"""Every core, then a Dask cluster: the same summaries in the same order, whatever runs them.

--jobs N runs clusters in N processes of this machine; --dask ADDRESS on the workers of a Dask scheduler.
The Dask tests start a real scheduler and worker processes on loopback (distributed's LocalCluster) and kill
a worker mid-batch. A worker process killed by the operating system costs at most the cluster it was on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from _shared import COMMAND, TEXTS

import tomtat
from tomtat.api import summarize_batch
from tomtat.read import read_batch
from tomtat.scale import default_jobs, ordered_map
from tomtat.scale.local import DIED, process_map


def _clusters(tmp_path: Path, n: int = 8, bad: int | None = 3) -> Path:
    """n clusters built from the bundled example's articles (each a different choice and order), one bad line."""
    lines = []
    for k in range(n):
        if k == bad:
            lines.append('{"single_documents": [{"raw_text": ""}]}')  # nothing to summarize: an error in place
            continue
        order = [(k + j) % len(TEXTS) for j in range(len(TEXTS) - k % 2)]
        lines.append(json.dumps({"id": f"c{k}", "single_documents": [{"raw_text": TEXTS[j]} for j in order]}, ensure_ascii=False))
    path = tmp_path / "clusters.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _plain(results) -> list[dict]:  # noqa: ANN001
    out = []
    for r in results:
        d = {"id": r.id, "label": r.label, "error": r.error}
        if r.summary is not None:
            d["summary"] = r.summary.text
            d["sentences"] = [(s.document, s.start, s.end) for s in r.summary.sentences]
        out.append(d)
    return out


def test_jobs_give_the_same_summaries_in_the_same_order(tmp_path):
    path = _clusters(tmp_path)
    one = _plain(summarize_batch(read_batch(str(path), None), jobs=1))
    two = _plain(summarize_batch(read_batch(str(path), None), jobs=2))
    assert one == two
    assert [d["id"] for d in two] == ["c0", "c1", "c2", None, "c4", "c5", "c6", "c7"]
    assert two[3]["error"] and all(d["error"] is None for k, d in enumerate(two) if k != 3)


def test_cli_jobs_output_is_identical(tmp_path):
    path = _clusters(tmp_path)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        run = subprocess.run([*COMMAND, "summarize", str(path), "-o", str(out), "-j", jobs, "-q"], capture_output=True, text=True)
        assert run.returncode == 3, run.stderr  # one cluster failed, the others were written
        lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        for d in lines:
            d.pop("seconds", None)
        outs.append(lines)
    assert outs[0] == outs[1] and len(outs[0]) == 8


def test_default_jobs_is_the_cores_this_process_may_use():
    assert 1 <= default_jobs() <= (os.cpu_count() or 1)


def _square_or_die(x: int, marker: str | None = None) -> int:
    if x == 5 and (marker is None or not os.path.exists(marker)):
        if marker is not None:
            Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)  # the process is killed, as the OOM killer would
    return x * x


def _failed(x: int, message: str) -> int:
    return -x


def test_a_killed_worker_costs_only_its_own_item():
    got = list(process_map(_square_or_die, range(12), _failed, 2))
    assert got == [x * x for x in range(5)] + [-5] + [x * x for x in range(6, 12)]


def test_an_item_whose_worker_was_killed_once_is_run_again(tmp_path):
    marker = str(tmp_path / "died-once")
    got = list(process_map(partial(_square_or_die, marker=marker), range(12), _failed, 2))
    assert got == [x * x for x in range(12)]
    assert Path(marker).exists()


def test_ordered_map_in_this_process():
    assert list(ordered_map(_square_or_die, [1, 2, 3], _failed)) == [1, 4, 9]
    assert DIED.endswith("skipped")


def test_stories_with_jobs_match_one_process():
    docs = [{"id": f"a{k}", "text": t} for k, t in enumerate(TEXTS)]
    one = [s.to_dict() for s in tomtat.stories(docs, jobs=1).stories]
    two = [s.to_dict() for s in tomtat.stories(docs, jobs=2).stories]
    assert one == two and one


# ---- Dask: a real scheduler and worker processes on loopback -------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       host="127.0.0.1")
    try:
        yield cluster
    finally:
        cluster.close()


def test_dask_gives_the_same_summaries_in_the_same_order(tmp_path, dask_cluster):
    path = _clusters(tmp_path)
    local = _plain(summarize_batch(read_batch(str(path), None), jobs=1))
    spread = _plain(summarize_batch(read_batch(str(path), None), dask=dask_cluster.scheduler_address))
    assert spread == local


def test_dask_worker_killed_mid_batch_loses_no_cluster(tmp_path, dask_cluster):
    from distributed import Client

    path = _clusters(tmp_path, n=24, bad=None)
    local = _plain(summarize_batch(read_batch(str(path), None), jobs=1))
    with Client(dask_cluster.scheduler_address) as client:
        pids = list(client.run(os.getpid).values())
    results = summarize_batch(read_batch(str(path), None), dask=dask_cluster.scheduler_address)
    got = [next(results)]  # work is under way on both workers
    os.kill(pids[0], signal.SIGKILL)
    got.extend(results)
    assert _plain(got) == local
    deadline = time.monotonic() + 30  # the nanny starts a new worker; leave the cluster as it was for others
    while len(dask_cluster.scheduler_info["workers"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)


def test_cli_dask_local(tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    path = _clusters(tmp_path, n=4, bad=None)
    outs = []
    for extra in (["-j", "1"], ["--dask", "local", "-j", "2"]):
        out = tmp_path / "out.jsonl"
        run = subprocess.run([*COMMAND, "summarize", str(path), "-o", str(out), "-q", *extra], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        for d in lines:
            d.pop("seconds", None)
        outs.append(lines)
    assert outs[0] == outs[1]


def test_unreachable_scheduler_is_one_line_error(tmp_path, monkeypatch):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    path = _clusters(tmp_path, n=2, bad=None)
    run = subprocess.run([*COMMAND, "summarize", str(path), "-o", str(tmp_path / "o.jsonl"), "--dask", "tcp://127.0.0.1:9"],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "TOMTAT_DASK_CONNECT_SECONDS": "2"})
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and "Dask scheduler at tcp://127.0.0.1:9" in run.stderr, run.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_dask_missing_is_one_line_error(tmp_path):
    path = _clusters(tmp_path, n=2, bad=None)
    code = ("import sys; sys.modules['distributed'] = None; from tomtat.cli import main; "
            f"sys.exit(main(['summarize', {str(path)!r}, '-o', {str(tmp_path / 'o.jsonl')!r}, '--dask', 'local']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1 and "pip install 'tomtat[dask]'" in run.stderr, run.stderr
