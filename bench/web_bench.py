#!/usr/bin/env python3
"""Web app benchmark (issue 9: page weights, the case list and search on a million cases).

On a demo database of CASES cases (seed 1; bench/work/report-CASES.db, shared with
report_bench.py, copied so that the copy's migrations and writes leave it alone):
  - weights: the bytes of every page (before compression), the shared stylesheet apart;
    target: every page under 50 KB;
  - the case list of office mx (first page), and searches by name and by case id, through
    `retorno serve` as a caseworker of mx: median of --repeat requests each, wall time of the
    client (a keep-alive HTTP connection from this script);
  - reference, measured in the same run: the JSON API's list with the same filters
    (GET /api/v1/cases?...&limit=50), which reads the same rows through the same use case.
Targets: the list under 100 ms, a search by name under 200 ms.
"""
import argparse, http.client, json, os, re, shutil, statistics, subprocess, sys, time, urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RETORNO = os.path.join(ROOT, "retorno")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


class Client:
    def __init__(self, port):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = None

    def req(self, method, path, body=None, ctype=None):
        h = {}
        if self.cookie:
            h["Cookie"] = self.cookie
        if ctype:
            h["Content-Type"] = ctype
        t0 = time.perf_counter()
        self.c.request(method, path, body=body, headers=h)
        r = self.c.getresponse()
        data = r.read()
        dt = time.perf_counter() - t0
        sc = r.getheader("Set-Cookie")
        if sc:
            self.cookie = sc.split(";")[0]
        return r.status, data, dt


def median_ms(cl, path, repeat):
    times = []
    for _ in range(repeat):
        st, body, dt = cl.req("GET", path)
        if st != 200:
            raise SystemExit(f"{path}: {st}")
        times.append(dt * 1000)
    return statistics.median(times), len(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1000000)
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    base = os.path.join(a.work, f"report-{a.cases}.db")
    if not os.path.exists(base):
        sh([RETORNO, "--db", base, "demo", "--cases", str(a.cases), "--seed", "1"],
           stdout=subprocess.DEVNULL)
    db = os.path.join(a.work, f"web-{a.cases}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    shutil.copyfile(base, db)
    os.chmod(db, 0o600)
    # migrations of the copy (a million rows: counted and indexed once) before timing
    t0 = time.perf_counter()
    sh([RETORNO, "--db", db, "summary"], stdout=subprocess.DEVNULL)
    migrate = time.perf_counter() - t0
    pw = "bench-password-1"
    for user, role, office in (("cw", "caseworker", "mx"), ("an", "analyst", None),
                               ("ad", "admin", None)):
        cmd = [RETORNO, "--db", db, "user", "add", user, "--role", role]
        if office:
            cmd += ["--office", office]
        sh(cmd, input=(pw + "\n").encode(), stdout=subprocess.DEVNULL)
    names = subprocess.run(["sqlite3", db, "SELECT case_id, given_names, family_names FROM cases "
                            "WHERE office = 'mx' AND given_names IS NOT NULL "
                            "ORDER BY id DESC LIMIT 1"], capture_output=True, text=True,
                           check=True).stdout.strip().split("|")
    case_id, given, family = names
    srv = subprocess.Popen([RETORNO, "--db", db, "serve", "--listen", "127.0.0.1:0"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = srv.stdout.readline()
        port = int(re.search(r":(\d+)/", line).group(1))
        cl = Client(port)
        st, _, _ = cl.req("POST", "/login", urllib.parse.urlencode(
            {"username": "cw", "password": pw}), "application/x-www-form-urlencoded")
        assert st == 303, st
        q_family = urllib.parse.quote_plus(family.split(" ")[0])
        q_person = urllib.parse.quote_plus(f"{given.split(' ')[0]} {family}")
        rows = []
        for what, page, api in (
            ("case list, office mx", "/cases?office=mx", "/api/v1/cases?office=mx&limit=50"),
            (f"search by family name ({family.split(' ')[0]})", f"/cases?q={q_family}",
             f"/api/v1/cases?q={q_family}&limit=50"),
            (f"search by a person's names", f"/cases?q={q_person}",
             f"/api/v1/cases?q={q_person}&limit=50"),
            ("search by case id", f"/cases?q={case_id}", f"/api/v1/cases?q={case_id}&limit=50"),
            ("search for a name nobody has", "/cases?q=zzqx", "/api/v1/cases?q=zzqx&limit=50"),
        ):
            median_ms(cl, page, 3)   # warm
            p_ms, p_bytes = median_ms(cl, page, a.repeat)
            j_ms, _ = median_ms(cl, api, a.repeat)
            rows.append((what, p_ms, j_ms, p_bytes))

        # page weights, as each role sees them
        weights = []
        for path in ("/cases", "/cases/new", f"/cases/{case_id}", f"/cases/{case_id}/edit",
                     "/report", "/account"):
            st, body, _ = cl.req("GET", path)
            weights.append((path.replace(case_id, "ID"), st, len(body)))
        ad = Client(port)
        ad.req("POST", "/login", urllib.parse.urlencode({"username": "ad", "password": pw}),
               "application/x-www-form-urlencoded")
        for path in ("/admin/users", "/admin/vocab"):
            st, body, _ = ad.req("GET", path)
            weights.append((path, st, len(body)))
        st, body, _ = Client(port).req("GET", "/login")
        weights.append(("/login", st, len(body)))
        st, css, _ = cl.req("GET", "/static/app.css")
    finally:
        srv.terminate()
        srv.wait()

    print(f"# web app benchmark, {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"{a.cases} cases; median of {a.repeat} requests; migrations of the copy {migrate:.1f} s")
    print()
    print("| request (caseworker of mx) | page | reference: JSON API, same filters | ratio | target |")
    print("|---|---|---|---|---|")
    for what, p_ms, j_ms, p_bytes in rows:
        target = 100 if what.startswith("case list") else 200
        ok = "met" if p_ms < target else "NOT MET"
        print(f"| {what} | {p_ms:.1f} ms ({p_bytes} B) | {j_ms:.1f} ms | {p_ms / j_ms:.2f}x | "
              f"< {target} ms: {ok} |")
    print()
    print("| page | status | bytes | under 50 KB |")
    print("|---|---|---|---|")
    for path, st, n in weights:
        print(f"| {path} | {st} | {n} | {'yes' if n < 50 * 1024 else 'NO'} |")
    print(f"| /static/app.css (shared, cached a year) | 200 | {len(css)} | (not counted) |")


if __name__ == "__main__":
    main()
