"""Helpers for the report tests: run the real binary, read its JSON, count results.
Standard library only."""
import atexit, json, os, shutil, subprocess, sys, tempfile

BIN = os.environ["RETORNO_BIN"]
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SHARED") or os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared"))
if not os.path.exists(os.path.join(SHARED, "data", "sample-cases.csv")):
    sys.exit(f"the shared contract data is missing: no {SHARED}/data/sample-cases.csv")


class Checks:
    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def eq(self, got, want, what):
        if got == want or (isinstance(want, float) and isinstance(got, float) and abs(got - want) < 1e-9):
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {self.name}: {what}: got {got!r}, wanted {want!r}", file=sys.stderr)

    def true(self, cond, what):
        self.eq(bool(cond), True, what)

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def retorno(db, *args, check=True):
    p = subprocess.run([BIN, "--db", db, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        sys.exit(f"retorno {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p


# Databases a test only sets up (not what it checks) may be made by a faster
# build of the same source: the ASan run of make check sets RETORNO_SETUP_BIN
# to the dev build.
SETUP_BIN = os.environ.get("RETORNO_SETUP_BIN") or BIN


def setup(db, *args):
    p = subprocess.run([SETUP_BIN, "--db", db, *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"retorno {' '.join(args)} (setup) failed ({p.returncode}): {p.stderr}")
    return p


def report(db, *args):
    return json.loads(retorno(db, "report", "--format", "json", *args).stdout)


def workdir():
    d = tempfile.mkdtemp(prefix="retorno-report-")
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    return d


def cats(ind):
    """{code: category} of an indicator (or a group)."""
    return {c["code"]: c for c in ind.get("categories", [])}


def group(ind, code):
    for g in ind["groups"]:
        if g["code"] == code:
            return g
    return None


def count(ind, code):
    c = cats(ind).get(code)
    return None if c is None else c.get("count")


STACKED = ("sex_by_education", "education_by_occupation")
# drawn like them, one chart of the whole breakdown (code = age band, series = sex): the pyramid
PYRAMIDS = ("sex_by_age_band",)


def charts(rep):
    """The factsheet's charts as the JSON gives them: {(indicator, group, track):
    {"cells": {(code, series): count, or None when hidden}, "n_hidden": bool}}.
    A bar chart per categories indicator and per group of a breakdown; one
    100% bar chart per STACKED breakdown (code = group, series = category);
    for registrations_by_month, a line per registration point and the table
    (group "table": code = month, series = point). track: "mpp" for the MPP
    track's charts (their ids are the main charts' ids), else None."""
    out = {}

    def add(key, cells, n_hidden):
        c = out.setdefault(key, {"cells": {}, "n_hidden": False})
        c["cells"].update(cells)
        c["n_hidden"] = c["n_hidden"] or n_hidden

    def val(c):
        return None if c.get("suppressed") else c["count"]

    sources = [(None, rep["indicators"])]
    sources += [(t, v["indicators"]) for t, v in rep.get("tracks", {}).items()]
    for track, inds in sources:
        for iid, ind in inds.items():
            if "categories" in ind:
                add((iid, None, track), {(c["code"], None): val(c) for c in ind["categories"]},
                    bool(ind.get("n_suppressed")))
            for g in ind.get("groups", []):
                cells = {(c["code"], None): val(c) for c in g["categories"]}
                n_hidden = bool(g.get("n_suppressed"))
                if iid in STACKED or iid in PYRAMIDS:
                    add((iid, None, track), {(g["code"], c["code"]): val(c) for c in g["categories"]}, False)
                elif iid == "registrations_by_month":
                    add((iid, g["code"], track), cells, n_hidden)
                    add((iid, "table", track), {(c["code"], g["code"]): val(c) for c in g["categories"]}, False)
                else:
                    add((iid, g["code"], track), cells, n_hidden)
    return out


def mostly_hidden(chart):
    """docs/report.md: a chart is drawn as a sentence when its n is hidden, or
    when more of its non-zero values are hidden than shown."""
    cells = chart["cells"].values()
    hidden = sum(1 for v in cells if v is None)
    shown = sum(1 for v in cells if v)
    return bool(chart["cells"]) and (chart["n_hidden"] or hidden > shown)
