#!/usr/bin/env python3
"""Every indicator of `retorno report --format json`, recomputed independently
with SQL on the same database file, for the shared sample and a demo dataset,
under several filters. Counts, n, missing and shares must all agree."""
import os, sqlite3
from reportlib import Checks, report, retorno, workdir, SHARED

t = Checks("report-sql")

AGE = ("(CASE WHEN c.birth_date IS NOT NULL THEN "
       "CAST(strftime('%Y', c.registration_date) AS INT) - CAST(strftime('%Y', c.birth_date) AS INT)"
       " - (strftime('%m-%d', c.registration_date) < strftime('%m-%d', c.birth_date))"
       " ELSE c.age END)")
FACTSHEET_BANDS = [("0_4", 0, 4), ("5_12", 5, 12), ("13_17", 13, 17), ("18_45", 18, 45), ("46_59", 46, 59), ("60_plus", 60, 999)]
SADD_BANDS = [("0_4", 0, 4), ("5_11", 5, 11), ("12_17", 12, 17), ("18_59", 18, 59), ("60_plus", 60, 999)]
MULTI = ["health_screening", "journey_conditions", "abuses", "migration_reasons", "return_reasons", "return_plans"]
SINGLE = {  # indicator: (column, extra condition, population condition)
    "transport_mode": ("c.transport_mode", ""),
    "umc_transport_mode": ("c.transport_mode", "AND c.unaccompanied_minor = 'yes'"),
    "nationality": ("c.nationality", ""),
    "sex": ("c.sex", ""),
    "migration_status": ("c.migration_status", ""),
    "irregular_by_office": ("c.office", "AND c.migration_status = 'irregular'"),
    "education": ("c.education", ""),
    "no_education_adult_sex": ("c.sex", f"AND c.education = 'none' AND {AGE} >= 18"),
    "occupation_sector": ("c.occupation_sector", ""),
    "travelling_with": ("c.travelling_with", ""),
    "health_self_perceived": ("s.health_self_perceived", "AND s.survey_date IS NOT NULL"),
    "regularization_started": ("s.regularization_started", "AND s.survey_date IS NOT NULL"),
    "mexico_exit_reason": ("s.mexico_exit_reason", "AND s.survey_date IS NOT NULL AND s.regularization_started = 'yes'"),
}
GROUPS = {"registration_point": ("c.office", "c.registration_point"),
          "country_of_return": ("c.office", "c.country_of_return"),
          "sex_by_education": ("c.education", "c.sex"),
          "education_by_occupation": ("c.occupation_sector", "c.education")}


def conditions(program, office, frm, to, date_column, first="1=1"):
    """The report's filters as SQL: (conditions joined by AND, arguments)."""
    w, a = [first], []
    for sql, value in (("c.program = ?", None if program == "all" else program), ("c.office = ?", office),
                       (f"c.{date_column} >= ?", frm), (f"c.{date_column} <= ?", to)):
        if value:
            w.append(sql)
            a.append(value)
    return " AND ".join(w), a


def where(program, office, frm, to):
    """Returns: status returned, departure date in the period."""
    w, a = conditions(program, office, frm, to, "departure_date", "c.status = 'returned'")
    return "FROM cases c LEFT JOIN survey s ON s.case_ref = c.id WHERE " + w, a


def got_cats(ind):
    return {c["code"]: c["count"] for c in ind["categories"]}


def check_shares(ind, n, what):
    for c in ind["categories"]:
        if n:
            t.true(abs(c["share"] - c["count"] / n) <= 0.00005 + 1e-12, f"{what}: share of {c['code']}")


def compare(db, program="avr", office=None, frm=None, to=None, bands="factsheet"):
    args = ["--program", program] + (["--office", office] if office else []) + \
           (["--from", frm] if frm else []) + (["--to", to] if to else []) + ["--age-bands", bands]
    what = f"{os.path.basename(db)} {' '.join(args)}"
    full = report(db, *args)
    I = full["indicators"]
    con = sqlite3.connect(db)
    q = lambda sql, a=(): con.execute(sql, a).fetchall()
    base, a = where(program, office, frm, to)
    returns = q(f"SELECT count(*) {base}", a)[0][0]
    t.eq(I["returns_total"]["value"], returns, f"{what}: returns_total")
    t.eq(I["umc_total"]["value"], q(f"SELECT count(*) {base} AND c.unaccompanied_minor = 'yes'", a)[0][0], f"{what}: umc_total")
    t.eq(I["minors_total"]["value"], q(f"SELECT count(*) {base} AND {AGE} < 18", a)[0][0], f"{what}: minors_total")
    t.eq(I["children_accompanied"]["value"], q(f"SELECT count(*) {base} AND {AGE} < 18 AND c.unaccompanied_minor <> 'yes'", a)[0][0], f"{what}: children_accompanied")
    for ind, (col, cond) in SINGLE.items():
        want = dict(q(f"SELECT {col}, count(*) {base} {cond} AND {col} IS NOT NULL GROUP BY 1", a))
        n = sum(want.values())
        missing = q(f"SELECT count(*) {base} {cond} AND {col} IS NULL", a)[0][0]
        t.eq(got_cats(I[ind]), want, f"{what}: {ind} counts")
        t.eq(I[ind]["n"], n, f"{what}: {ind} n")
        t.eq(I[ind].get("missing", 0), missing, f"{what}: {ind} missing")
        check_shares(I[ind], n, f"{what}: {ind}")
    band_list = SADD_BANDS if bands == "sadd" else FACTSHEET_BANDS
    want = {code: q(f"SELECT count(*) {base} AND {AGE} BETWEEN ? AND ?", a + [lo, hi])[0][0] for code, lo, hi in band_list}
    t.eq(got_cats(I["age_band"]), {k: v for k, v in want.items() if v}, f"{what}: age_band")
    noed = {"under_5": (0, 4), "age_5_17": (5, 17), "adult": (18, 999)}
    want = {k: q(f"SELECT count(*) {base} AND c.education = 'none' AND {AGE} BETWEEN ? AND ?", a + list(r))[0][0] for k, r in noed.items()}
    t.eq(got_cats(I["no_education_age_group"]), {k: v for k, v in want.items() if v}, f"{what}: no_education_age_group")
    fam = f"{base} AND c.travelling_with IN ('first_degree_relatives', 'other_relatives')"
    want = {"age_0_17": q(f"SELECT count(*) {fam} AND {AGE} < 18", a)[0][0], "under_13": q(f"SELECT count(*) {fam} AND {AGE} < 13", a)[0][0]}
    t.eq(got_cats(I["family_minors"]), {k: v for k, v in want.items() if v}, f"{what}: family_minors")
    t.eq(I["family_minors"]["n"], q(f"SELECT count(*) {fam}", a)[0][0], f"{what}: family_minors n")
    for ind, (gcol, col) in GROUPS.items():
        rows = q(f"SELECT {gcol}, {col}, count(*) {base} AND {gcol} IS NOT NULL AND {col} IS NOT NULL GROUP BY 1, 2", a)
        want = {}
        for g, c, n in rows:
            want.setdefault(g, {})[c] = n
        gmissing = dict(q(f"SELECT {gcol}, count(*) {base} AND {gcol} IS NOT NULL AND {col} IS NULL GROUP BY 1", a))
        got = {g["code"]: got_cats(g) for g in I[ind]["groups"] if g["categories"]}
        t.eq(got, want, f"{what}: {ind}")
        t.eq(sorted(g["code"] for g in I[ind]["groups"]), sorted(set(want) | set(gmissing)), f"{what}: {ind} groups")
        for g in I[ind]["groups"]:
            t.eq(g["n"], sum(want.get(g["code"], {}).values()), f"{what}: {ind} group {g['code']} n")
            t.eq(g.get("missing", 0), gmissing.get(g["code"], 0), f"{what}: {ind} group {g['code']} missing")
            check_shares(g, g["n"], f"{what}: {ind} {g['code']}")
    # the figures of issue 12: returns by departure month, from the first month
    # with returns to the last, zeros kept; sex within each age band, the two
    # oldest factsheet bands one row
    want = dict(q(f"SELECT substr(c.departure_date, 1, 7), count(*) {base} GROUP BY 1", a))
    tr = I["returns_by_month"]
    t.eq({c["code"]: c["count"] for c in tr["categories"] if c["count"]}, want, f"{what}: returns_by_month")
    months = [c["code"] for c in tr["categories"]]
    t.eq(months[:1] + months[-1:], ([min(want), max(want)] if want else []), f"{what}: returns_by_month from the first month with returns to the last")
    t.true(all(int(b[:4]) * 12 + int(b[5:]) == int(x[:4]) * 12 + int(x[5:]) + 1 for x, b in zip(months, months[1:])), f"{what}: returns_by_month without gaps")
    t.eq((tr["n"], tr.get("missing", 0), tr.get("order")), (returns, 0, "chronological"), f"{what}: returns_by_month n")
    rows = [(code, lo, hi) for code, lo, hi in band_list]
    if bands != "sadd":
        rows = rows[:4] + [("46_plus", 46, 999)]
    want = {}
    for code, lo, hi in rows:
        for sex, n in q(f"SELECT c.sex, count(*) {base} AND {AGE} BETWEEN ? AND ? GROUP BY 1", a + [lo, hi]):
            want.setdefault(code, {})[sex] = n
    py = I["sex_by_age_band"]
    t.eq({g["code"]: got_cats(g) for g in py["groups"]}, want, f"{what}: sex_by_age_band")
    t.eq([g["code"] for g in py["groups"]], [r[0] for r in rows if r[0] in want], f"{what}: sex_by_age_band rows in age order")
    t.eq({g["code"]: g["n"] for g in py["groups"]}, {k: sum(v.values()) for k, v in want.items()}, f"{what}: sex_by_age_band n")
    surveyed = q(f"SELECT count(*) {base} AND s.survey_date IS NOT NULL", a)[0][0]
    t.eq((I["survey_coverage"]["value"], I["survey_coverage"]["n"]), (surveyed, returns), f"{what}: survey_coverage")
    for ind in MULTI:
        codes = [r[0] for r in q("SELECT code FROM vocab WHERE list = ?", (ind,))]
        sv = f"{base} AND s.survey_date IS NOT NULL"
        want = {code: q(f"SELECT count(*) {sv} AND ' ' || s.{ind} || ' ' LIKE ?", a + [f"% {code} %"])[0][0] for code in codes}
        want = {k: v for k, v in want.items() if v}
        n = q(f"SELECT count(*) {sv} AND s.{ind} IS NOT NULL", a)[0][0]
        mentions = sum(v for k, v in want.items() if k != "none")
        t.eq(got_cats(I[ind]), want, f"{what}: {ind}")
        t.eq((I[ind]["n"], I[ind].get("missing", 0)), (n, surveyed - n), f"{what}: {ind} n, missing")
        check_shares(I[ind], n, f"{what}: {ind}")
        for c in I[ind]["categories"]:
            if c["code"] != "none":
                t.true(abs(c["mention_share"] - c["count"] / mentions) <= 0.00005 + 1e-12, f"{what}: {ind} mention_share {c['code']}")
    if program == "avr":
        # the MPP track equals the same indicators of the mpp report
        m = report(db, *(["--program", "mpp"] + args[2:]))["indicators"]
        tr = full["tracks"]["mpp"]["indicators"]
        for k in ("returns_total", "sex", "age_band", "nationality", "transport_mode"):
            t.eq(tr[k].get("value", tr[k].get("categories")), m[k].get("value", m[k].get("categories")), f"{what}: mpp track {k}")
    # registrations: every status, registration date in the period
    rw, ra = conditions(program, office, frm, to, "registration_date")
    rows = q(f"SELECT c.registration_point, substr(c.registration_date, 1, 7), count(*) FROM cases c WHERE {rw} GROUP BY 1, 2", ra)
    want = {}
    for p, m, n in rows:
        want.setdefault(p, {})[m] = n
    got = {g["code"]: {c["code"]: c["count"] for c in g["categories"] if c["count"]} for g in I["registrations_by_month"]["groups"]}
    t.eq(got, want, f"{what}: registrations_by_month")
    months = [[c["code"] for c in g["categories"]] for g in I["registrations_by_month"]["groups"]]
    t.true(all(m == sorted(m) for m in months), f"{what}: months in order")
    for ind in I.values():
        cs = ind.get("categories", [])
        if cs and ind.get("population") != "registrations" and ind.get("order") != "chronological":
            t.true(all((cs[i]["count"], cs[i + 1]["code"]) >= (cs[i + 1]["count"], cs[i]["code"]) for i in range(len(cs) - 1)), f"{what}: {ind['label']} ordered by count, then code")


work = workdir()
sample = os.path.join(work, "sample.db")
retorno(sample, "import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
compare(sample)
compare(sample, "mpp")
compare(sample, "all", bands="sadd")
compare(sample, "avr", "gt")
compare(sample, "all", None, "2019-06-01", "2020-03-31")
demo = os.path.join(work, "demo.db")
retorno(demo, "demo", "--cases", "20000", "--seed", "3")
compare(demo)
compare(demo, "all", "mx", "2020-01-01", "2020-12-31", "sadd")
compare(demo, "mpp")
t.finish()
