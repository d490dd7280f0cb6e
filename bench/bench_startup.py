"""Start-up benchmarks (issue 19): cold `assistant --help`, cold one-shot `assistant ask`, the
first setup of a data directory (model export, ingest, demo park), the demo-park import, and a
second `scripts/run` until /healthz answers.

.venv/bin/python bench/bench_startup.py [--runs 5] [--data DIR] [--keep] [--only STEP ...]

Every figure is wall-clock time of fresh processes (nothing warm but the OS file cache), with
the machine's load average read before and after it: on a shared machine the load says more
about a figure than its decimals. Only loopback traffic (the server this script starts).

`first_demo` is the demo-park import of a data directory's first setup, `--runs` times: a
directory set up once without the demo park (knowledge ingested, model exported; not timed) is
copied afresh for each run, so every run imports into an empty database with no cache of
taxonomy vectors, as a first `scripts/run` does after its ingest.

`ask` asks the same question in every process; `ask_varied` asks a different one in each
(Latvian and English), so what a process keeps for the next (the data directory's caches)
helps it only as much as it helps a new question. `--only help ask ask_varied --data DIR`
measures the cold processes on a data directory set up before.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import save  # noqa: E402

ASSISTANT = str(REPO / ".venv" / "bin" / "assistant")
QUESTION = "Mums ir 2400 t zāģskaidu gadā. Kas tās var izmantot?"
VARIED = (
    "Kad zāģskaidas ir blakusprodukts, nevis atkritumi?",
    "Which companies in the park could use waste heat at 60 °C?",
    "What are the legal steps to sell brewery spent grain as animal feed?",
    "Kuriem uzņēmumiem var noderēt koksnes pelni?",
    "Who could take 300 t of glass cullet a year?",
)
STEPS = ("first_setup", "first_demo", "demo_reimport", "help", "ask", "ask_varied", "second_run")
DEMO_SECONDS = re.compile(r"^demo park: .*\(([\d.]+) s\)$", re.MULTILINE)


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def env_for(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(data),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
    }


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str], cpu: list[float] | None = None) -> tuple[float, str]:
    """Wall-clock seconds; into `cpu`, the CPU seconds the process used (on a busy shared
    machine close to what the wall clock shows when it is idle)."""
    cpu_before, started = child_cpu(), time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if cpu is not None:
        cpu.append(child_cpu() - cpu_before)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout + done.stderr


def cold(commands: list[list[str]], env: dict[str, str]) -> dict[str, Any]:
    """One fresh process per command, one after the other."""
    before, cpu = load(), list[float]()
    samples = [timed(cmd, env, cpu)[0] for cmd in commands]
    return {
        "command": " ".join(["assistant", *commands[0][1:]]),
        "median_s": round(statistics.median(samples), 2),
        "samples_s": [round(s, 2) for s in samples],
        "median_cpu_s": round(statistics.median(cpu), 2),
        "cpu_samples_s": [round(s, 2) for s in cpu],
        "load_before": before,
        "load_after": load(),
    }


def once(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    before = load()
    seconds, output = timed(cmd, env)
    found = DEMO_SECONDS.search(output)
    return {
        "command": " ".join(["assistant", *cmd[1:]]),
        "seconds": round(seconds, 2),
        "demo_import_s": float(found.group(1)) if found else None,
        "load_before": before,
        "load_after": load(),
    }


def first_demo(data: Path, runs: int) -> dict[str, Any]:
    """`assistant setup` on fresh copies of a directory set up without the demo park."""
    template = data / "first-demo-template"
    if not template.exists():
        timed([ASSISTANT, "setup", "--no-demo"], env_for(template))
    samples, cpu, loads = list[float](), list[float](), list[list[float]]()
    for n in range(runs):
        fresh = data / f"first-demo-{n}"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(template, fresh)
        loads.append(load())
        _, output = timed([ASSISTANT, "setup"], env_for(fresh), cpu)
        found = DEMO_SECONDS.search(output)
        if not found:
            raise SystemExit(f"no demo import in the setup's output:\n{output[-2000:]}")
        samples.append(float(found.group(1)))
        shutil.rmtree(fresh, ignore_errors=True)
    return {
        "command": "assistant setup on a copy of a directory set up with --no-demo",
        "median_demo_import_s": round(statistics.median(samples), 2),
        "demo_import_samples_s": samples,
        "setup_cpu_samples_s": [round(s, 2) for s in cpu],
        "load_before_each": loads,
        "load_after": load(),
    }


def second_run(env: dict[str, str], port: int) -> dict[str, Any]:
    """`scripts/run` on a prepared data directory until GET /healthz answers 200."""
    before = load()
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(REPO / "scripts" / "run"), "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - started < 300:
            if server.poll() is not None:
                raise SystemExit(f"scripts/run exited with {server.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server this function started
        server.wait(30)
    return {
        "command": "scripts/run (second run) until GET /healthz is 200",
        "seconds": round(seconds, 2),
        "load_before": before,
        "load_after": load(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="data directory (default: a fresh temp dir)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the temp data directory")
    parser.add_argument("--only", nargs="+", choices=STEPS, default=STEPS, help="these steps")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="bench-startup-"))
    env = env_for(data)
    results: dict[str, Any] = {"machine_note": "2-core python-svc, 24 GiB", "data_dir": str(data)}
    steps = {
        "first_setup": lambda: once([ASSISTANT, "setup"], env),
        "first_demo": lambda: first_demo(data, args.runs),
        "demo_reimport": lambda: once([ASSISTANT, "setup", "--reset-demo"], env),
        "help": lambda: cold([[ASSISTANT, "--help"]] * args.runs, env),
        "ask": lambda: cold([[ASSISTANT, "ask", QUESTION]] * args.runs, env),
        "ask_varied": lambda: cold([[ASSISTANT, "ask", q] for q in VARIED[: args.runs]], env),
        "second_run": lambda: second_run(env, args.port),
    }
    try:
        for step in STEPS:
            if step in args.only:
                results[step] = steps[step]()
    finally:
        if args.data is None and not args.keep:
            shutil.rmtree(data, ignore_errors=True)
    save("startup", results)


if __name__ == "__main__":
    main()
