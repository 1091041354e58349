"""Run every benchmark (or the named ones), each in its own process, and collect the figures.

    ./dev bench                 # all of bench/bench_*.py
    ./dev bench store vault     # bench_store.py and bench_vault.py

Every benchmark measures its own floor in the same run and prints ratios against it. When no
HOMEVISIT_TEST_PG_URL is set and PostgreSQL answers on 127.0.0.1:5432, a throwaway database is
made for the PostgreSQL figures and dropped afterwards. Output is also kept in bench/out/.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    if os.environ.get("HOMEVISIT_TEST_PG_URL"):
        yield os.environ["HOMEVISIT_TEST_PG_URL"]
        return
    try:
        import psycopg

        admin = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres",
                                autocommit=True, connect_timeout=3)
    except Exception:
        yield None
        return
    name = f"homevisit_bench_{os.getpid()}"
    with admin:
        admin.execute(f"CREATE DATABASE {name}")
        try:
            yield LOCAL_PG + name
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def scripts(names: list[str]) -> list[Path]:
    if not names:
        return sorted(HERE.glob("bench_*.py"))
    return [HERE / (n if n.endswith(".py") else f"bench_{n.removeprefix('bench_')}.py")
            for n in names]


def main(argv: list[str] | None = None) -> int:
    chosen = scripts(list(sys.argv[1:] if argv is None else argv))
    missing = [p.name for p in chosen if not p.exists()]
    if missing:
        print(f"no such benchmark: {', '.join(missing)}", file=sys.stderr)
        return 2
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    failed = []
    with throwaway_postgres() as pg_url:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if pg_url:
            env["HOMEVISIT_TEST_PG_URL"] = pg_url
        for script in chosen:
            print(f"== {script.name}", flush=True)
            start = time.perf_counter()
            done = subprocess.run([sys.executable, str(script)], env=env, text=True,
                                  capture_output=True, check=False)
            took = time.perf_counter() - start
            print(done.stdout, end="", flush=True)
            (out_dir / f"{script.stem}.txt").write_text(done.stdout + done.stderr)
            if done.returncode:
                failed.append(script.name)
                print(done.stderr[-2000:], file=sys.stderr)
            print(f"   ({took:.0f} s, exit {done.returncode})", flush=True)
    if failed:
        print(f"benchmarks that failed to run: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
