#!/usr/bin/env python3
"""PostgreSQL backend benchmark (issue 11: speed on PostgreSQL).

On a throwaway PostgreSQL cluster of its own (scripts/pg-cluster.sh: a
temporary directory, a Unix socket only, stopped and removed however this
ends), with CASES demo cases (`retorno demo --cases CASES --seed 1`, exported
once to bench/work/demo-CASES.csv, the file bench/store_bench.py uses too),
retorno against references measured in the same run, on the same cluster and
the same files; each figure is the median of --repeat runs, the reference and
retorno alternated:

  1. import: `retorno --db postgresql://... import -q data.csv` into a new
     database (schema made beforehand, untimed: every rule checked, the
     indexes, the survey table, the import batch), against `psql -c "\\copy
     plain FROM data.csv CSV HEADER"` into a new database's plain table of the
     CSV's columns, all text, no index, no check. Target: <= 1.5x.
     Also against PostgreSQL's own `\\copy` of the same rows (those retorno
     wrote, taken back out untimed) into a new database of retorno's schema:
     what its indexes, constraints and triggers cost whoever loads the rows,
     the floor of any import into these tables (no target; it says how much
     of the time is retorno's and how much the schema's).
  2. factsheet: `retorno --db postgresql://... report --format json` on the
     imported database, against psql running bench/pg_report_queries.sql (one
     GROUP BY query per indicator of the factsheet, the same populations) on
     that database. Target: <= 0.25x. Also the public factsheet
     (`report --public`), against the private one (no target here).
  3. GET /api/v1/cases/{id}, with an admin's bearer token, ids spread over the
     table (bench/server_get.lua): two `retorno serve` on that PostgreSQL
     database (as its server role, retorno_app), both loaded at once by two
     wrk processes that split the threads and connections, against one
     `retorno serve` on a SQLite file of the same CSV loaded by one wrk with
     all of them; rounds alternated. The requests per second of each and
     their ratio (no target set by the issue).

For each timed run it also prints the CPU time of the client (retorno, psql)
and of the PostgreSQL server's processes, which says where the time goes.
The cluster is a test cluster: fsync, synchronous_commit and full_page_writes
off, shared_buffers 64MB (printed with the results): a production server
writes more. Load average is printed before, between the parts and after: the
figures of a busy machine are noisy.

Usage: python3 bench/pg_bench.py [--cases N] [--repeat R] [--quick]
RETORNO_BIN picks the binary (default ./retorno). Needs PostgreSQL's server
and psql (Debian: postgresql), the sqlite3 CLI is not needed; installs wrk
from Debian when missing (as bench/server_bench.sh does). The output is also
appended to bench/results-pg-YYYY-MM-DD.txt.
"""
import argparse, os, platform, resource, shutil, signal, socket, statistics, subprocess, sys
import tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RETORNO = os.path.abspath(os.environ.get("RETORNO_BIN") or os.path.join(ROOT, "retorno"))
CLUSTER = os.path.join(ROOT, "scripts", "pg-cluster.sh")
QUERIES = os.path.join(ROOT, "bench", "pg_report_queries.sql")
LUA = os.path.join(ROOT, "bench", "server_get.lua")
HZ = os.sysconf("SC_CLK_TCK")

OUT = []
LOADS = []


def say(line=""):
    print(line, flush=True)
    OUT.append(line)


def loadavg(where):
    with open("/proc/loadavg") as f:
        la = " ".join(f.read().split()[:3])
    LOADS.append((where, la))
    return la


def sh(cmd, **kw):
    """Runs cmd, untimed; its output captured; stops the benchmark if it fails."""
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-2000:]}{p.stderr[-4000:]}")
    return p.stdout


# ---- the cluster ----
class Cluster:
    def __init__(self, dirname):
        self.dir = dirname
        self.started = False

    def start(self):
        self.started = True          # stop() also tidies a half-done start
        subprocess.run([CLUSTER, "start", self.dir], check=True)

    def stop(self):
        if self.started:
            subprocess.run([CLUSTER, "stop", self.dir])
            self.started = False

    def url(self, db, user="retorno_owner"):
        return f"postgresql:///{db}?host={self.dir}&user={user}"

    def su(self, sql, db="postgres"):
        """SQL as the superuser; the rows, |-separated."""
        return sh([CLUSTER, "psql", self.dir, "-A", "-t", "-d", db, "-c", sql])

    def recreate(self, db):
        self.su(f'DROP DATABASE IF EXISTS "{db}"')
        sh([CLUSTER, "createdb", self.dir, db])

    def drop(self, db):
        self.su(f'DROP DATABASE IF EXISTS "{db}"')

    def postmaster(self):
        with open(os.path.join(self.dir, "data", "postmaster.pid")) as f:
            return int(f.readline())

    def cpu(self):
        """CPU seconds of the server so far: the postmaster, its live children
        (backends, background workers) and the children it has reaped."""
        pm = self.postmaster()
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    st = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(pid) == pm:
                total += int(st[11]) + int(st[12]) + int(st[13]) + int(st[14])
            elif int(st[1]) == pm:
                total += int(st[11]) + int(st[12])
        return total / HZ


def proc_cpu(pids):
    t = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                st = f.read().rsplit(")", 1)[1].split()
            t += int(st[11]) + int(st[12])
        except OSError:
            pass
    return t / HZ


def timed(cmd, cluster, stdout=subprocess.DEVNULL):
    """Runs cmd; (wall s, the client's CPU s, the PostgreSQL server's CPU s)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    s0 = cluster.cpu()
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    s1 = cluster.cpu()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-4000:]}")
    client = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, client, s1 - s0


def med(runs):
    """The run of median wall time (its CPU figures with it), of an odd or even list."""
    runs = sorted(runs)
    if len(runs) % 2:
        return runs[len(runs) // 2]
    a, b = runs[len(runs) // 2 - 1], runs[len(runs) // 2]
    return tuple((x + y) / 2 for x, y in zip(a, b))


def fmt(run):
    wall, client, server = run
    return f"{wall:.2f} s (client CPU {client:.2f} s, postgres CPU {server:.2f} s)"


# ---- the servers ----
def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, name, db, work):
        self.name, self.db, self.work = name, db, work
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.out = os.path.join(work, f"pg-serve-{name}.out")
        self.err = os.path.join(work, f"pg-serve-{name}.err")
        self.log = os.path.join(work, f"pg-serve-{name}-access.log")
        self.proc = None

    def start(self):
        open(self.log, "w").close()
        with open(self.out, "w") as o, open(self.err, "w") as e:
            self.proc = subprocess.Popen([RETORNO, "--db", self.db, "serve", "--listen",
                                          f"127.0.0.1:{self.port}", "--access-log", self.log],
                                         stdout=o, stderr=e)

    def wait_ready(self):
        for _ in range(600):
            with open(self.out) as f:
                if f.read().startswith("http://"):
                    return
            if self.proc.poll() is not None:
                with open(self.err) as f:
                    raise SystemExit(f"server {self.name} did not start:\n{f.read()[-3000:]}")
            time.sleep(0.1)
        raise SystemExit(f"server {self.name} did not start in 60 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def get_status(url, token):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def field(line, key):
    for kv in line.split():
        k, _, v = kv.partition("=")
        if k == key:
            return int(v)
    return 0


def wrk_many(loads, threads, conns, seconds):
    """Runs one wrk per (server, ids file, token) at once, splitting threads and
    connections evenly; (requests/s summed, errors, p50 ms, p99 ms of the slowest)."""
    procs = []
    n = len(loads)
    for k, (srv, ids, token) in enumerate(loads):
        env = dict(os.environ, RETORNO_BENCH_IDS=ids, RETORNO_BENCH_TOKEN=token)
        t = max(1, threads // n)
        c = max(t, conns // n)
        procs.append(subprocess.Popen(["wrk", f"-t{t}", f"-c{c}", f"-d{seconds}s", "-s", LUA, srv.url],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env))
    rps, errors, p50, p99 = 0.0, 0, 0, 0
    for p in procs:
        out, _ = p.communicate()
        line = next((l for l in out.splitlines() if l.startswith("RESULT")), None)
        if line is None:
            raise SystemExit(f"wrk gave no RESULT line:\n{out}")
        rps += field(line, "requests") / (field(line, "duration_us") / 1e6)
        errors += sum(field(line, k) for k in ("status_errors", "connect", "read", "write", "timeout"))
        p50 = max(p50, field(line, "lat_p50_us"))
        p99 = max(p99, field(line, "lat_p99_us"))
    return rps, errors, p50 / 1000, p99 / 1000


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: apt-get install -y wrk (or run as root)")
    print("installing wrk (apt-get)")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], check=True,
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def rm_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def add_admin(db, work, tag):
    pw = os.path.join(work, f"pg-bench-{tag}.pw")
    with open(pw, "w") as f:
        f.write(f"bench-password-{os.getpid()}-{tag}\n")
    sh([RETORNO, "--db", db, "user", "add", "benchadmin", "--role", "admin", "--password-file", pw])
    os.remove(pw)
    return sh([RETORNO, "--db", db, "token", "create", "benchadmin"]).strip().splitlines()[-1]


def version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def statement_log(cluster, cmd, top=6):
    """Runs cmd once with every statement logged with its duration; prints the slowest."""
    log = os.path.join(cluster.dir, "server.log")
    cluster.su("ALTER SYSTEM SET log_min_duration_statement = 0")
    cluster.su("SELECT pg_reload_conf()")
    time.sleep(0.5)
    start = os.path.getsize(log)
    run = timed(cmd, cluster)
    cluster.su("ALTER SYSTEM RESET log_min_duration_statement")
    cluster.su("SELECT pg_reload_conf()")
    with open(log, errors="replace") as f:
        f.seek(start)
        text = f.read()
    stmts = []
    for entry in text.split("\n20"):                    # one entry per timestamped line
        i = entry.find("duration: ")
        if i < 0:
            continue
        ms = float(entry[i + 10:].split()[0])
        what = " ".join(entry[i:].split(None, 3)[3:]).replace("\n", " ")
        stmts.append((ms, what))
    total = sum(ms for ms, _ in stmts)
    say(f"    {' '.join(os.path.basename(c) for c in cmd[:1] + cmd[3:5])}: {fmt(run)}; {len(stmts)} statements,"
        f" {total / 1000:.2f} s in the server in all; the slowest:")
    for ms, what in sorted(stmts, reverse=True)[:top]:
        say(f"      {ms / 1000:8.3f} s  {what[:150]}")


def diagnose(cluster, db, data, work):
    """Where the time goes: the statements of one import and one factsheet, and
    what the indexes of cases cost (built after a copy of the rows, one by one)."""
    say()
    say("diagnosis (--diagnose): one more run of each, every statement logged with its duration")
    cluster.recreate("diag")
    sh([RETORNO, "--db", cluster.url("diag"), "summary"])
    cluster.su("CHECKPOINT")
    statement_log(cluster, [RETORNO, "--db", cluster.url("diag"), "import", "-q", data])
    cluster.drop("diag")
    statement_log(cluster, [RETORNO, "--db", cluster.url(db), "report", "--format", "json"])
    # the import's writes apart: the rows alone, then each index of cases and survey built on them
    say("    the rows of cases and survey copied into tables without index, then each index built"
        " (CREATE INDEX, a bulk build: cheaper than the import's row-by-row upkeep):")
    cluster.su("CHECKPOINT")

    idx = cluster.su("SELECT tablename || '|' || indexdef FROM pg_indexes WHERE tablename IN"
                     " ('cases', 'survey') ORDER BY 1", db=db).strip().splitlines()
    stmts = [("CREATE TABLE diag_cases AS SELECT * FROM cases", "copy of cases (no index)"),
             ("CREATE TABLE diag_survey AS SELECT * FROM survey", "copy of survey (no index)")]
    for line in idx:
        table, _, ddl = line.partition("|")
        name = ddl.split()[2] if ddl.split()[1] == "INDEX" else ddl.split()[3]
        ddl = ddl.replace(f" {name} ", f" diag_{name} ", 1).replace(f" ON public.{table} ", f" ON diag_{table} ")
        stmts.append((ddl, ddl.replace("CREATE ", "").replace(" USING btree", "")[:140]))
    # one psql session, timed by psql itself (\timing)
    script = "\\timing on\n" + "".join(sql + ";\n" for sql, _ in stmts) + "DROP TABLE diag_cases, diag_survey;\n"
    out = sh([CLUSTER, "psql", cluster.dir, "-d", db, "-f", "-"], input=script)
    times = [float(l.split()[1]) / 1000 for l in out.splitlines() if l.startswith("Time: ")]
    for (sql, label), secs in zip(stmts, times):
        say(f"      {secs:7.2f} s  {label}")



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10, help="seconds of each wrk round (10)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads in all (2)")
    ap.add_argument("--connections", type=int, default=32, help="connections in all (32)")
    ap.add_argument("--no-public", action="store_true", help="skip the public factsheet")
    ap.add_argument("--diagnose", action="store_true",
                    help="then: where the time goes (statement log of one import and one report,"
                         " the import's index costs)")
    ap.add_argument("--quick", action="store_true",
                    help="a smoke run: 20,000 cases, 1 repeat, 3 s rounds")
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work"))
    a = ap.parse_args()
    if a.quick:
        a.cases, a.repeat, a.duration = 20_000, 1, 3
    if a.cases < 1 or a.repeat < 1 or a.duration < 1 or a.threads < 2 or a.connections < 2:
        raise SystemExit("--cases, --repeat, --duration must be positive; --threads, --connections >= 2")
    if not os.access(RETORNO, os.X_OK):
        raise SystemExit(f"no retorno binary at {RETORNO} (make retorno, or set RETORNO_BIN)")
    if not shutil.which("psql"):
        raise SystemExit("psql is missing (Debian: apt-get install postgresql)")
    ensure_wrk()
    os.makedirs(a.work, exist_ok=True)
    w = lambda name: os.path.join(a.work, name)
    results = os.path.join(ROOT, "bench", f"results-pg-{time.strftime('%Y-%m-%d')}.txt")

    cpu = "?"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1048576
    say(f"# PostgreSQL backend benchmark, {a.cases} cases, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    say(f"command: {' '.join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])}")
    say(f"machine: {os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}"
        f" {platform.machine()}; load average before: {loadavg('before')}")
    say(f"software: retorno {version([RETORNO, '--version'])} ({os.path.relpath(RETORNO, ROOT)}),"
        f" {version(['psql', '--version'])}, {' '.join(version(['wrk', '-v']).split()[:2])}")
    say(f"settings: --repeat {a.repeat} (medians), wrk {a.threads} threads / {a.connections}"
        f" connections in all, {a.duration} s rounds")

    # ---- the data ----
    data = w(f"demo-{a.cases}.csv")
    if not os.path.exists(data):
        demo = w(f"pg-demo-{a.cases}.db")
        rm_db(demo)
        t0 = time.perf_counter()
        sh([RETORNO, "--db", demo, "demo", "--cases", str(a.cases), "--seed", "1"])
        with open(data + ".tmp", "w") as out:
            subprocess.run([RETORNO, "--db", demo, "export"], stdout=out, check=True)
        os.rename(data + ".tmp", data)
        rm_db(demo)
        say(f"data: demo --cases {a.cases} --seed 1, exported: {time.perf_counter() - t0:.1f} s (kept)")
    with open(data, "rb") as f:
        header = f.readline().decode().strip()
        rows = sum(1 for _ in f)
    say(f"input: {os.path.relpath(data, ROOT)} ({os.path.getsize(data) / 1e6:.0f} MB, {rows} rows)")
    columns = header.split(",")

    # the SQLite file of the same CSV, for the server reference (kept; copied per run)
    sqlite_pristine = w(f"pg-sqlite-{a.cases}.db")
    if not os.path.exists(sqlite_pristine):
        rm_db(sqlite_pristine + ".tmp")
        sh([RETORNO, "--db", sqlite_pristine + ".tmp", "import", "-q", data])
        sh([RETORNO, "--db", sqlite_pristine + ".tmp", "summary"])   # checkpoints the WAL on close
        rm_db(sqlite_pristine + ".tmp-wal")
        os.rename(sqlite_pristine + ".tmp", sqlite_pristine)

    cluster = Cluster(tempfile.mkdtemp(prefix="retorno-pgbench."))
    servers = []
    try:
        cluster.start()
        settings = cluster.su("SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)"
                              " FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit',"
                              " 'full_page_writes', 'shared_buffers', 'max_parallel_workers_per_gather',"
                              " 'work_mem', 'max_wal_size', 'jit')").strip()
        say(f"cluster: {cluster.su('SHOW server_version').strip()} in {cluster.dir} (socket only);"
            f" {settings} (a test cluster: production settings write more)")

        # ---- 1. import ----
        say()
        say(f"import: {rows} rows, median of {a.repeat}, each into a new database, alternated")
        cols = ", ".join(f'"{c}" text' for c in columns)
        ref_runs, our_runs, floor_runs = [], [], []
        main_db = None
        for r in range(a.repeat):
            cluster.recreate("plain")
            sh(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", cluster.url("plain"), "-c",
                f"CREATE TABLE plain ({cols})"])
            cluster.su("CHECKPOINT")
            run = timed(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", cluster.url("plain"), "-c",
                         f"\\copy plain FROM '{data}' CSV HEADER"], cluster)
            ref_runs.append(run)
            n = cluster.su("SELECT count(*) FROM plain", db="plain").strip()
            say(f"  run {r + 1}  psql \\copy:      {fmt(run)}; {n} rows")
            cluster.drop("plain")

            db = f"imp{r}"
            cluster.recreate(db)
            sh([RETORNO, "--db", cluster.url(db), "summary"])       # the schema, untimed
            cluster.su("CHECKPOINT")
            run = timed([RETORNO, "--db", cluster.url(db), "import", "-q", data], cluster)
            our_runs.append(run)
            n = cluster.su("SELECT count(*) FROM cases", db=db).strip()
            if int(n) != rows:
                raise SystemExit(f"retorno imported {n} rows of {rows}")
            say(f"  run {r + 1}  retorno import: {fmt(run)}; {n} rows")

            # the floor of retorno's tables: PostgreSQL's own COPY of the rows
            # retorno wrote (taken back out, untimed) into a new database of
            # retorno's schema, with its indexes, constraints and triggers
            dump = {t: w(f"pg-floor-{t}.tsv") for t in ("import_batch", "cases", "survey")}
            for t, f in dump.items():
                sh(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", cluster.url(db), "-c",
                    f"\\copy {t} TO '{f}'"])
            cluster.recreate("floor")
            sh([RETORNO, "--db", cluster.url("floor"), "summary"])
            sh(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", cluster.url("floor"), "-c",
                f"\\copy import_batch FROM '{dump['import_batch']}'"])
            cluster.su("CHECKPOINT")
            run = timed(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", cluster.url("floor"),
                         "-c", "BEGIN", "-c", f"\\copy cases FROM '{dump['cases']}'",
                         "-c", f"\\copy survey FROM '{dump['survey']}'", "-c", "COMMIT"], cluster)
            floor_runs.append(run)
            n = cluster.su("SELECT count(*) FROM cases", db="floor").strip()
            say(f"  run {r + 1}  psql \\copy into retorno's tables: {fmt(run)}; {n} rows")
            cluster.drop("floor")
            for f in dump.values():
                os.remove(f)
            if main_db:
                cluster.drop(main_db)
            main_db = db
        ref_imp, our_imp, floor_imp = med(ref_runs), med(our_runs), med(floor_runs)
        say(f"  load average: {loadavg('after import')}")

        # ---- 2. the factsheet ----
        say()
        # the state a database in use is in: vacuumed and analysed (autovacuum's work), untimed
        cluster.su("VACUUM ANALYZE", db=main_db)
        cluster.su("CHECKPOINT")
        url = cluster.url(main_db)
        ref_cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", QUERIES, "-d", url]
        our_cmd = [RETORNO, "--db", url, "report", "--format", "json"]
        nq = sum(1 for l in open(QUERIES) if l.startswith("SELECT"))
        say(f"factsheet: {nq} GROUP BY queries in psql (bench/pg_report_queries.sql) against"
            f" `report --format json`; one untimed run each, then median of {a.repeat}, alternated")
        timed(ref_cmd, cluster)
        with open(w("pg-report.json"), "w") as out:
            timed(our_cmd, cluster, stdout=out)
        with open(w("pg-report.json")) as f:
            doc = f.read()
        if '"adults_plus_children_equal_returns": true' not in doc:
            say("  WARNING: the report's invariant check is not true")
        ref_runs, our_runs = [], []
        for r in range(a.repeat):
            run = timed(ref_cmd, cluster)
            ref_runs.append(run)
            say(f"  run {r + 1}  psql queries:        {fmt(run)}")
            run = timed(our_cmd, cluster)
            our_runs.append(run)
            say(f"  run {r + 1}  retorno report json: {fmt(run)}")
        ref_rep, our_rep = med(ref_runs), med(our_runs)
        pub_rep = None
        if not a.no_public:
            pub_cmd = [RETORNO, "--db", url, "report", "--public", "--format", "json"]
            try:
                timed(pub_cmd, cluster)
                pub_runs = [timed(pub_cmd, cluster) for _ in range(a.repeat)]
                pub_rep = med(pub_runs)
                say(f"  report --public json (median of {a.repeat}): {fmt(pub_rep)}")
            except SystemExit as e:
                say(f"  report --public: {str(e).splitlines()[0]} (left out)")
        say(f"  load average: {loadavg('after factsheet')}")

        if a.diagnose:
            diagnose(cluster, main_db, data, a.work)

        # ---- 3. GET /api/v1/cases/{id}: two servers on PostgreSQL, one on SQLite ----
        say()
        sh([CLUSTER, "seal", cluster.dir, main_db])
        pg_token = add_admin(url, a.work, "pg")
        sq_db = w("pg-sqlite-run.db")
        rm_db(sq_db)
        shutil.copyfile(sqlite_pristine, sq_db)
        os.chmod(sq_db, 0o600)
        sq_token = add_admin(sq_db, a.work, "sqlite")
        step = max(1, a.cases // 10000)
        ids = sh(["psql", "-X", "-q", "-A", "-t", "-d", url, "-c",
                  f"SELECT case_id FROM cases WHERE id % {step} = 0 ORDER BY random()"]).split()
        ids_a, ids_b = w("pg-ids-a.txt"), w("pg-ids-b.txt")
        with open(ids_a, "w") as f:
            f.write("\n".join(ids) + "\n")
        half = len(ids) // 2               # the second wrk starts half-way through the list
        with open(ids_b, "w") as f:
            f.write("\n".join(ids[half:] + ids[:half]) + "\n")
        app_url = cluster.url(main_db, user="retorno_app")
        pg_a, pg_b = Server("pg-a", app_url, a.work), Server("pg-b", app_url, a.work)
        sq = Server("sqlite", sq_db, a.work)
        servers = [pg_a, pg_b, sq]
        for s in servers:
            s.start()
        for s in servers:
            s.wait_ready()
        for s, tok in ((pg_a, pg_token), (pg_b, pg_token), (sq, sq_token)):
            st, body = get_status(f"{s.url}/api/v1/cases/{ids[0]}", tok)
            if st != 200:
                raise SystemExit(f"GET a case on {s.name} answered {st}: {body[:300]!r}")
        size = len(body)
        pg_loads = [(pg_a, ids_a, pg_token), (pg_b, ids_b, pg_token)]
        sq_loads = [(sq, ids_a, sq_token)]
        say(f"GET /api/v1/cases/{{id}}: {len(ids)} ids spread over {a.cases} cases (~{size} B of JSON);"
            f" two servers on PostgreSQL (as retorno_app, default workers) loaded at once by two wrk"
            f" (-t{max(1, a.threads // 2)} -c{a.connections // 2} each) against one server on SQLite"
            f" (wrk -t{a.threads} -c{a.connections}); {a.repeat} rounds of {a.duration} s, alternated,"
            f" after 2 s of warm-up each")
        wrk_many(pg_loads, a.threads, a.connections, 2)
        wrk_many(sq_loads, a.threads, a.connections, 2)
        pg_rps, sq_rps = [], []
        pg_pids = [s.proc.pid for s in (pg_a, pg_b)]
        for r in range(a.repeat):
            c0, p0 = proc_cpu(pg_pids), cluster.cpu()
            rps, err, p50, p99 = wrk_many(pg_loads, a.threads, a.connections, a.duration)
            c1, p1 = proc_cpu(pg_pids), cluster.cpu()
            n = rps * a.duration
            pg_rps.append(rps)
            say(f"  round {r + 1}  PostgreSQL, 2 servers: {rps:,.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms,"
                f" errors {err}; CPU per request: retorno {(c1 - c0) / n * 1e6:.0f} µs,"
                f" postgres {(p1 - p0) / n * 1e6:.0f} µs")
            c0 = proc_cpu([sq.proc.pid])
            rps, err2, p50, p99 = wrk_many(sq_loads, a.threads, a.connections, a.duration)
            c1 = proc_cpu([sq.proc.pid])
            sq_rps.append(rps)
            say(f"  round {r + 1}  SQLite, 1 server:      {rps:,.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms,"
                f" errors {err2}; CPU per request: retorno {(c1 - c0) / (rps * a.duration) * 1e6:.0f} µs")
            if err or err2:
                say("  WARNING: some requests were answered with an error or not at all")
        audit = cluster.su("SELECT count(*) FROM audit_log WHERE action = 'case_read'", db=main_db).strip()
        say(f"  audit rows 'case_read' in the PostgreSQL database: {audit}")
        for s in servers:
            s.stop()
        servers = []
        pg_med, sq_med = statistics.median(pg_rps), statistics.median(sq_rps)
        say(f"  load average: {loadavg('after GET')}")
    finally:
        for s in servers:
            s.stop()
        cluster.stop()
        rm_db(w("pg-sqlite-run.db"))

    # ---- the table ----
    imp_ratio = our_imp[0] / ref_imp[0]
    rep_ratio = our_rep[0] / ref_rep[0]
    get_ratio = pg_med / sq_med
    verdict = lambda ok: "met" if ok else "NOT MET"
    say()
    say("| measure | reference | retorno | ratio | target | |")
    say("|---|---|---|---|---|---|")
    say(f"| import {rows} rows | psql `\\copy` into a plain table: {ref_imp[0]:.2f} s | {our_imp[0]:.2f} s"
        f" | **{imp_ratio:.2f}×** | ≤ 1.5× | {verdict(imp_ratio <= 1.5)} |")
    floor_ratio = our_imp[0] / floor_imp[0]
    say(f"| import {rows} rows | psql `\\copy` of the same rows into retorno's own tables (its"
        f" indexes, constraints, triggers): {floor_imp[0]:.2f} s | {our_imp[0]:.2f} s"
        f" | **{floor_ratio:.2f}×** | (none set; the floor of the schema: {floor_imp[0] / ref_imp[0]:.2f}×"
        f" the plain table) | |")
    say(f"| JSON factsheet, {a.cases} cases | {nq} GROUP BY queries in psql: {ref_rep[0]:.2f} s"
        f" | {our_rep[0]:.3f} s | **{rep_ratio:.3f}×** | ≤ 0.25× | {verdict(rep_ratio <= 0.25)} |")
    if pub_rep:
        say(f"| public JSON factsheet | the private one: {our_rep[0]:.3f} s | {pub_rep[0]:.3f} s"
            f" | {pub_rep[0] / our_rep[0]:.2f}× | — | |")
    say(f"| GET /api/v1/cases/{{id}}, median of {a.repeat} rounds | 1 server on SQLite: {sq_med:,.0f} req/s"
        f" | 2 servers on PostgreSQL: {pg_med:,.0f} req/s | **{get_ratio:.2f}×** | (none set) | |")
    say()
    say(f"CPU of the median runs: import: psql {ref_imp[1]:.2f} s + postgres {ref_imp[2]:.2f} s,"
        f" retorno {our_imp[1]:.2f} s + postgres {our_imp[2]:.2f} s; factsheet: psql {ref_rep[1]:.2f} s +"
        f" postgres {ref_rep[2]:.2f} s, retorno {our_rep[1]:.2f} s + postgres {our_rep[2]:.2f} s")
    say("load average (1, 5, 15 min): " + "; ".join(f"{k} {v}" for k, v in LOADS))
    high = max(float(v.split()[0]) for _, v in LOADS)
    if high > (os.cpu_count() or 1):
        say(f"NOTE: the load average reached {high:.1f} on {os.cpu_count()} CPUs: other work shared the"
            f" machine during this run, so the figures are noisy (the ratios, measured side by side,"
            f" less so)")
    with open(results, "a") as f:
        f.write("\n==== " + " ".join(["bench/pg_bench.py"] + sys.argv[1:]) + f", {time.ctime()}\n")
        f.write("\n".join(OUT) + "\n")
    print(f"(appended to {os.path.relpath(results, ROOT)})")


if __name__ == "__main__":
    main()
