#!/usr/bin/env python3
"""Case store benchmark (issue: import/export speed and import memory).

Reference, measured in the same run on the same CSV file:
  import: `sqlite3 plain.db ".mode csv" ".import data.csv cases"` -- a plain
          table, no checks, no index, one transaction.
  export: `sqlite3 -csv plain.db "SELECT * FROM cases"` -- the same table dumped.
retorno:
  import: `retorno --db new.db import -q data.csv` into a new database: every
          rule checked, case_id unique index, survey table, audit batch.
  export: `retorno --db new.db export` -- the interchange CSV, RFC 4180.
Memory: peak RSS of retorno import on 1/4, 1/2 and all of the file.
Each timing is the median of --repeat runs. Targets: import <= 1.5x the
reference, export <= 1.0x, import memory flat as the file grows.
"""
import argparse, os, platform, resource, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RETORNO = os.path.join(ROOT, "retorno")


PEAKS = {}


def _poll_memory(pid, peaks):
    """Samples /proc/PID/status: peak private (RssAnon) and file-mapped (RssFile) memory."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("RssAnon", "RssFile"):
                    peaks[k] = max(peaks.get(k, 0), int(v.split()[0]))
    except OSError:
        pass


def run(cmd, stdout=subprocess.DEVNULL, stdin=None):
    """Runs cmd; returns (seconds, peak RSS in KiB of this child). Also leaves the
    peak private and file-mapped memory in PEAKS (sampled every millisecond)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        if stdin is not None:
            os.dup2(stdin.fileno(), 0)
        if stdout is not subprocess.DEVNULL:
            os.dup2(stdout.fileno(), 1)
        else:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
        os.execvp(cmd[0], cmd)
    PEAKS.clear()
    while True:
        wpid, status, usage = os.wait4(pid, os.WNOHANG)
        if wpid:
            break
        _poll_memory(pid, PEAKS)
        time.sleep(0.001)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return seconds, usage.ru_maxrss


def rm_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def median_time(make_cmd, setup, repeat):
    times, rss = [], []
    for _ in range(repeat):
        setup()
        t, m = run(make_cmd())
        times.append(t)
        rss.append(m)
    return statistics.median(times), max(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    w = lambda name: os.path.join(a.work, name)
    env_note = f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, " \
               f"{platform.platform()}, sqlite3 {subprocess.run(['sqlite3', '--version'], capture_output=True, text=True).stdout.split()[0]}"
    print(f"# case store benchmark, {a.cases} cases, {time.strftime('%Y-%m-%d')}")
    print(f"# machine: {env_note}")

    data = w(f"demo-{a.cases}.csv")
    if not os.path.exists(data):
        rm_db(w("demo.db"))
        t, _ = run([RETORNO, "--db", w("demo.db"), "demo", "--cases", str(a.cases), "--seed", "1"])
        print(f"demo generation: {t:.2f} s")
        with open(data, "w") as out:
            run([RETORNO, "--db", w("demo.db"), "export"], stdout=out)
        rm_db(w("demo.db"))
    size_mb = os.path.getsize(data) / 1e6
    print(f"input: {data} ({size_mb:.0f} MB)")

    ref_imp, ref_imp_rss = median_time(
        lambda: ["sqlite3", w("plain.db"), ".mode csv", f".import {data} cases"],
        lambda: rm_db(w("plain.db")), a.repeat)
    our_imp, our_imp_rss = median_time(
        lambda: [RETORNO, "--db", w("new.db"), "import", "-q", data],
        lambda: rm_db(w("new.db")), a.repeat)
    ref_exp, _ = median_time(lambda: ["sqlite3", "-csv", w("plain.db"), "SELECT * FROM cases"],
                             lambda: None, a.repeat)
    our_exp, _ = median_time(lambda: [RETORNO, "--db", w("new.db"), "export"],
                             lambda: None, a.repeat)

    # memory against file size: import the first quarter, half and all rows
    with open(data, "rb") as f:
        lines = sum(1 for _ in f) - 1
    mem = []
    for frac in (4, 2, 1):
        part = w(f"part-{frac}.csv")
        n = lines // frac
        with open(data, "rb") as src, open(part, "wb") as dst:
            for i, line in enumerate(src):
                if i > n:
                    break
                dst.write(line)
        rm_db(w("mem.db"))
        _, rss = run([RETORNO, "--db", w("mem.db"), "import", "-q", part])
        mem.append((n, os.path.getsize(part) / 1e6, rss / 1024))
        os.remove(part)
    rm_db(w("mem.db"))

    print()
    print("| measure | reference (sqlite3 CLI) | retorno | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| import {a.cases} rows | {ref_imp:.2f} s | {our_imp:.2f} s | {our_imp / ref_imp:.2f}x | <= 1.5x |")
    print(f"| export {a.cases} rows | {ref_exp:.2f} s | {our_exp:.2f} s | {our_exp / ref_exp:.2f}x | <= 1.0x |")
    print()
    print("| rows imported | file | retorno peak RSS |")
    print("|---|---|---|")
    for n, mb, rss in mem:
        print(f"| {n} | {mb:.0f} MB | {rss:.0f} MiB |")
    print(f"(sqlite3 .import peak RSS: {ref_imp_rss / 1024:.0f} MiB; retorno's is SQLite's page "
          f"cache, capped at 64 MiB, plus one record)")
    ok = our_imp / ref_imp <= 1.5 and our_exp / ref_exp <= 1.0
    print("targets met" if ok else "TARGETS NOT MET")
    rm_db(w("plain.db"))
    rm_db(w("new.db"))


if __name__ == "__main__":
    main()
