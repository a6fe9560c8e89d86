#!/usr/bin/env python3
"""The audit trail and the editions are append-only on PostgreSQL (issue 11):
for the server's role (retorno_app: no UPDATE, DELETE nor TRUNCATE on them,
owns nothing so cannot ALTER a table or drop a trigger) and for the owner too
(the triggers of the migrations refuse UPDATE, DELETE and TRUNCATE).

The database is made as docs/operations.md says: created for retorno_owner,
migrated by the owner's first run of retorno, then the app role's grants
(scripts/pg-cluster.sh seal) before the server runs as retorno_app.
Run under tests/pg/run.sh (make pg-check):
    RETORNO_TEST_PG=/tmp/pg RETORNO_BIN=$PWD/retorno tests/pg/run.sh python3 tests/pg/test_roles.py
Prints "roles: N passed, M failed".
"""
import os
import subprocess
import sys
import tempfile

import pgmode

BIN = os.environ["RETORNO_BIN"]
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("SHARED") or os.path.join(os.path.dirname(REPO), "shared")
passed = failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s%s" % (what, (": " + str(detail)[:400]) if detail else ""), file=sys.stderr)
    return cond


def main():
    if not pgmode.ON:
        print("FAIL: RETORNO_TEST_PG is not set (make pg-check)", file=sys.stderr)
        print("roles: 0 passed, 1 failed")
        return 1
    work = tempfile.mkdtemp(prefix="retorno-roles-")
    db = os.path.join(work, "roles.db")

    def cli(*args, stdin=None):
        p = subprocess.run([BIN, "--db", db] + list(args), input=stdin, capture_output=True,
                           text=True, timeout=300)
        check(p.returncode == 0, "setup: retorno " + " ".join(args), p.stderr)
        return p.stdout

    cli("import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
    cli("user", "add", "ana", "--role", "analyst", stdin="analyst-pass-0001\n")
    cli("publish", "--month", "2019-06")
    name = pgmode.url(db).rsplit("/", 1)[1]
    seal = subprocess.run([os.path.join(REPO, "scripts", "pg-cluster.sh"), "seal",
                           os.environ["RETORNO_TEST_PG"], name], capture_output=True, text=True)
    check(seal.returncode == 0, "the app role's grants", seal.stderr)

    def count(table):
        return pgmode.scalar(db, "SELECT count(*) FROM %s" % table)

    audit = count("audit_log")
    check(audit and audit > 0, "an audit trail to protect", audit)
    check(count("publication") == 1, "an edition to protect")

    def refused(role, sql, why):
        p = pgmode.psql(db, sql, role=role, check=False)
        check(p.returncode != 0, "%s may not: %s" % (role, sql), p.stdout)
        if why:
            check(why in p.stderr, "%s: %s: refused because %s" % (role, sql, why), p.stderr)

    tables = {"audit_log": "id", "publication": "id", "publication_cell": "publication_id",
              "publication_render": "id"}
    for table, col in tables.items():
        for sql in ("UPDATE %s SET %s = %s" % (table, col, col), "DELETE FROM %s" % table,
                    "TRUNCATE %s CASCADE" % table):
            refused("retorno_app", sql, "permission denied")
        for sql in ("ALTER TABLE %s DISABLE TRIGGER ALL" % table,
                    "ALTER TABLE %s ADD COLUMN x integer" % table, "DROP TABLE %s" % table):
            refused("retorno_app", sql, "must be owner")
        # the owner holds every privilege: the triggers refuse
        for sql in ("UPDATE %s SET %s = %s" % (table, col, col), "DELETE FROM %s" % table):
            refused("retorno_owner", sql, None)
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        p = pgmode.psql(db, sql, role="retorno_owner", check=False)
        check("append-only" in p.stderr, "the owner's %s: the database says why" % sql, p.stderr)
    for sql in ("UPDATE publication SET min_cell = 6", "DELETE FROM publication_render"):
        p = pgmode.psql(db, sql, role="retorno_owner", check=False)
        check("a recorded edition never changes" in p.stderr,
              "the owner's %s: the database says why" % sql, p.stderr)
    check(count("audit_log") == audit, "the audit trail intact")
    check(count("publication") == 1, "the edition intact")
    check(pgmode.scalar(db, "SELECT count(*) FROM audit_log WHERE actor = 'x'") == 0,
          "no audit row changed")
    # TRUNCATE fires no row trigger: a statement trigger BEFORE TRUNCATE must refuse it
    for table in tables:
        refused("retorno_owner", "TRUNCATE %s CASCADE" % table, None)
    check(count("audit_log") == audit, "the audit trail intact after the TRUNCATEs")
    check(count("publication") == 1, "the edition intact after the TRUNCATEs")

    # what the server needs it may do: append to the trail, write cases and sessions
    p = pgmode.psql(db, "INSERT INTO audit_log(at, actor, action, target, detail)"
                    " SELECT at, actor, action, target, detail FROM audit_log LIMIT 1",
                    role="retorno_app", check=False)
    check(p.returncode == 0, "retorno_app appends to the audit trail", p.stderr)
    p = pgmode.psql(db, "UPDATE cases SET version = version WHERE case_id = 'S-0001'",
                    role="retorno_app", check=False)
    check(p.returncode == 0, "retorno_app updates a case", p.stderr)
    refused("retorno_app", "TRUNCATE cases CASCADE", "permission denied")
    refused("retorno_app", "CREATE TABLE public.x(i integer)", "permission denied")

    # a server that runs as retorno_app serves (the wrapper runs serve as retorno_app)
    srv = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:0"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = srv.stdout.readline()
    check(line.startswith("http://"), "retorno serve runs as retorno_app",
          line or srv.stderr.read())
    srv.terminate()
    srv.wait(timeout=30)
    subprocess.run(["rm", "-rf", work])
    print("roles: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
