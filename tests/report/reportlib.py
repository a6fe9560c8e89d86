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
