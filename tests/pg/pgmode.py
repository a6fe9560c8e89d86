"""The PostgreSQL mode of the Python test suites (make pg-check): when
RETORNO_TEST_PG names the socket directory of the test cluster, tests/pg/run.sh
has made $RETORNO_BIN tests/pg/retorno-pg, which gives each database file a
PostgreSQL database; this module lets a test read and write those databases
as it would the file. Standard library only (psql does the talking).

    import pgmode
    if pgmode.ON: rows = pgmode.query(db, "SELECT ... WHERE x = ?", x)
"""
import json
import os
import subprocess

ON = bool(os.environ.get("RETORNO_TEST_PG"))
HERE = os.path.dirname(os.path.abspath(__file__))
WRAPPER = os.path.join(HERE, "retorno-pg")


def _psql():
    """Debian's psql itself: /usr/bin/psql is a Perl script that picks a version, and
    starting Perl for each query doubles a test's time on a busy machine."""
    import glob
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return found[-1] if found else "psql"


PSQL = _psql()


def env():
    e = dict(os.environ)
    e["PGHOST"] = os.environ["RETORNO_TEST_PG"]
    e["PGPORT"] = os.environ.get("RETORNO_PG_PORT", "5432")
    return e


_urls = {}


def url(db):
    """The address of the database that stands for the file db (made if new)."""
    if db.startswith("postgresql://") or db.startswith("postgres://"):
        return db
    path = os.path.abspath(db)
    if path not in _urls:
        p = subprocess.run([WRAPPER, "--url", path], capture_output=True, text=True, env=env())
        if p.returncode != 0:
            raise RuntimeError("retorno-pg --url %s: %s" % (db, p.stderr))
        _urls[path] = p.stdout.strip()
    return _urls[path]


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, bytes):
        return "'\\x%s'::bytea" % v.hex()
    return "'" + str(v).replace("'", "''") + "'"


def bind(sql, params):
    """SQLite's ? placeholders, filled with quoted literals (the tests' own values)."""
    if not params:
        return sql
    out, i, quote = [], 0, False
    for ch in sql:
        if ch == "'":
            quote = not quote
        if ch == "?" and not quote:
            out.append(literal(params[i]))
            i += 1
        else:
            out.append(ch)
    assert i == len(params), "%d parameters for %d placeholders" % (len(params), i)
    return "".join(out)


def psql(db, sql, role="retorno_owner", check=True):
    """Runs SQL (any statements) as role; the CompletedProcess (stderr says why)."""
    p = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", role,
                        "-d", url(db), "-c", sql], capture_output=True, text=True, env=env())
    if check and p.returncode != 0:
        raise RuntimeError("psql %s: %s" % (sql[:200], p.stderr.strip()))
    return p


def query(db, sql, *params, role="retorno_owner"):
    """The rows of a SELECT as tuples, typed as SQLite's module gives them: numbers as
    int or float, booleans as 1/0, NULL as None, the rest as text."""
    # each row as a JSON object (its values typed, in column order), all in one array
    wrapped = ("SELECT coalesce(json_agg(to_json(q)), '[]') FROM (%s) q" % bind(sql, params))
    p = psql(db, wrapped, role=role)
    rows = []
    for obj in json.loads(p.stdout, object_pairs_hook=lambda kv: [v for _, v in kv]):
        rows.append(tuple(int(v) if isinstance(v, bool) else v for v in obj))
    return rows


def scalar(db, sql, *params):
    rows = query(db, sql, *params)
    return rows[0][0] if rows else None


def text(db, sql):
    """What the sqlite3 command line prints for sql: columns joined by |, one row a line."""
    out = []
    for row in query(db, sql):
        out.append("|".join("" if v is None else str(v) for v in row))
    return "\n".join(out)


def query_named(db, sql, *params):
    """(column names, rows) of a SELECT."""
    wrapped = ("SELECT coalesce(json_agg(to_json(q)), '[]') FROM (%s) q" % bind(sql, params))
    p = psql(db, wrapped)
    cols, rows = None, []
    for obj in json.loads(p.stdout, object_pairs_hook=lambda kv: kv):
        if cols is None:
            cols = [k for k, _ in obj]
        rows.append(tuple(int(v) if isinstance(v, bool) else v for _, v in obj))
    return cols or [], rows


def sqlite3(db, sql):
    """What subprocess.run(["sqlite3", db, sql], capture_output=True, text=True) gives:
    on PostgreSQL, a SELECT's rows as the sqlite3 shell prints them, or psql's exit
    status and error for any other statement (run as the owner)."""
    if not ON:
        return subprocess.run(["sqlite3", db, sql], capture_output=True, text=True)
    head = sql.lstrip().split(None, 1)[0].lower() if sql.strip() else ""
    if head in ("select", "with"):
        try:
            out = text(db, sql)
            return subprocess.CompletedProcess(["psql"], 0, out + "\n" if out else "", "")
        except RuntimeError as e:
            return subprocess.CompletedProcess(["psql"], 1, "", str(e))
    p = psql(db, sql, check=False)
    return subprocess.CompletedProcess(["psql"], p.returncode, p.stdout, p.stderr)


def copy(src, dst):
    """What `cp src dst` is to database files: dst becomes a copy of src (CREATE DATABASE
    ... TEMPLATE; nobody may be connected to src meanwhile)."""
    a, b = url(src).rsplit("/", 1)[1], url(dst).rsplit("/", 1)[1]
    for sql in ('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % b,
                'CREATE DATABASE "%s" TEMPLATE "%s" OWNER retorno_owner' % (b, a)):
        p = subprocess.run([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d",
                            "postgres", "-c", sql], capture_output=True, text=True, env=env())
        if p.returncode != 0:
            raise RuntimeError("%s: %s" % (sql, p.stderr.strip()))
