#!/usr/bin/env python3
"""leakcheck: an independent check of the public factsheet's publication safety.

It reads report JSON only (spec/report.md, "JSON shape"), rebuilds the
relations a reader knows from the published figures alone, and works out by
bound propagation the interval every hidden count and every unpublished
quantity (an office's part of a whole, a month's part of a period, ...) can
be narrowed to. It shares no code with the engine (src/report/): it is what
an attacker with a spreadsheet and patience could do, done to a fixed point.

The reader's model (spec "Publication safety"): they have every output
given, know every relation those outputs publish, and know that a hidden
count is at least 1 (a shown 0 is 0; an omitted category is 0).

A leak is
  - a hidden published cell whose interval has fewer than N possible values
    (N = min_cell of its output): it is worked out or narrowed;
  - a count shown in a public output with 1 <= count < N;
  - an unpublished quantity (the difference of two outputs, an office's
    slice of the whole, a month of a period, people of one sex whose
    education is not recorded, ...) whose interval starts in [1, N-1] and
    has fewer than N values: the reader learns a small count that is not 0.
An empty interval (the published figures contradict the relations) is
reported as inconsistent: either a relation of this model is false for
these data or the output hides a zero (which the reader is told not to
expect).

Usage as a module:
    import leakcheck
    outs = [leakcheck.load(path) for path in paths]
    res = leakcheck.check(outs, offices=["gt", "mx"])
    res.leaks, res.hidden, res.inconsistent

Command line:
    leakcheck.py [--each] [--offices gt,mx] [--show N] FILE.json ...
checks the files together (one reader holding them all) and, with --each,
each file alone too; exit 1 on a leak or an inconsistency.

Standard library only (Python 3.11).
"""
import argparse
import collections
import copy
import json
import math
import sys
import time

INF = 10 ** 15          # "no upper bound"; every finite bound is far below
NEG_MONTH = -10 ** 6    # the programme's start: from = null
POS_MONTH = 10 ** 6     # to = null
SHARE_EPS = 0.00005     # shares are published to 4 decimals (round half up)


class Infeasible(Exception):
    pass


# ---------------------------------------------------------------------------
# bound propagation

class Model:
    """Non-negative integer variables with bounds [lo, hi], linear constraints
    sum(a_i x_i) (= or <=) b, and propagation of the bounds to a fixed point
    (each constraint tightens every one of its variables from the others'
    bounds, with integer rounding; a worklist re-examines the constraints of
    every variable whose bound moved)."""

    def __init__(self):
        self.lo, self.hi, self.name = [], [], []
        self.cons = []          # ('u', P, N, b, eq) unit coefficients; ('f', vars, coefs, b, eq)
        self.var_cons = []
        self.steps = 0

    def var(self, name, lo=0, hi=INF):
        self.lo.append(lo)
        self.hi.append(hi)
        self.name.append(name)
        self.var_cons.append([])
        return len(self.lo) - 1

    def tighten(self, v, lo=None, hi=None):
        if lo is not None and lo > self.lo[v]:
            self.lo[v] = lo
        if hi is not None and hi < self.hi[v]:
            self.hi[v] = hi
        if self.lo[v] > self.hi[v]:
            raise Infeasible(f"{self.name[v]}: [{self.lo[v]}, {self.hi[v]}]")

    def add(self, coefs, rhs=0, eq=True):
        """coefs: {var: coefficient}. Adds sum(coef * var) == rhs (eq) or <= rhs."""
        coefs = {v: c for v, c in coefs.items() if c != 0}
        if not coefs:
            if (eq and rhs != 0) or (not eq and rhs < 0):
                raise Infeasible("a constant constraint fails")
            return
        if all(c in (1, -1) for c in coefs.values()) and float(rhs).is_integer():
            P = tuple(v for v, c in coefs.items() if c == 1)
            N = tuple(v for v, c in coefs.items() if c == -1)
            con = ('u', P, N, int(rhs), eq)
        else:
            vs = tuple(coefs)
            con = ('f', vs, tuple(float(coefs[v]) for v in vs), float(rhs), eq)
        ci = len(self.cons)
        self.cons.append(con)
        for v in coefs:
            self.var_cons[v].append(ci)

    def add_unit(self, P, N, rhs=0, eq=True):
        """sum(P) - sum(N) == rhs (eq) or <= rhs; P and N distinct variables."""
        if not P and not N:
            if (eq and rhs != 0) or (not eq and rhs < 0):
                raise Infeasible("a constant constraint fails")
            return
        ci = len(self.cons)
        self.cons.append(('u', tuple(P), tuple(N), rhs, eq))
        vc = self.var_cons
        for v in P:
            vc[v].append(ci)
        for v in N:
            vc[v].append(ci)

    # one constraint: returns the variables whose bounds moved
    def _unit(self, P, N, b, eq):
        lo, hi = self.lo, self.hi
        moved = []
        # sum(P) - sum(N) <= b
        ninf = 0
        vinf = -1
        minS = 0
        for x in P:
            minS += lo[x]
        for y in N:
            h = hi[y]
            if h >= INF:
                ninf += 1
                vinf = y
            else:
                minS -= h
        if ninf == 0:
            slack = b - minS
            if slack < 0:
                raise Infeasible("sum above its bound")
            for x in P:
                nh = lo[x] + slack
                if nh < hi[x]:
                    hi[x] = nh
                    moved.append(x)
            for y in N:
                nl = hi[y] - slack
                if nl > lo[y]:
                    lo[y] = nl
                    moved.append(y)
        elif ninf == 1:
            nl = minS - b
            if nl > lo[vinf]:
                lo[vinf] = nl
                moved.append(vinf)
        if eq:
            # sum(P) - sum(N) >= b
            ninf = 0
            maxS = 0
            for x in P:
                h = hi[x]
                if h >= INF:
                    ninf += 1
                    vinf = x
                else:
                    maxS += h
            for y in N:
                maxS -= lo[y]
            if ninf == 0:
                excess = maxS - b
                if excess < 0:
                    raise Infeasible("sum below its bound")
                for x in P:
                    nl = hi[x] - excess
                    if nl > lo[x]:
                        lo[x] = nl
                        moved.append(x)
                for y in N:
                    nh = lo[y] + excess
                    if nh < hi[y]:
                        hi[y] = nh
                        moved.append(y)
            elif ninf == 1:
                nl = b - maxS
                if nl > lo[vinf]:
                    lo[vinf] = nl
                    moved.append(vinf)
        for v in moved:
            if lo[v] > hi[v]:
                raise Infeasible(f"{self.name[v]}: [{lo[v]}, {hi[v]}]")
        return moved

    def _float(self, vs, cs, b, eq):
        moved = []
        for sense in ((1, -1) if eq else (1,)):
            # sense * sum(c x) <= sense * b
            cc = [sense * c for c in cs]
            bb = sense * b
            lo, hi = self.lo, self.hi
            mins = []
            ninf = 0
            total = 0.0
            for v, c in zip(vs, cc):
                if c > 0:
                    m = c * lo[v]
                elif hi[v] >= INF:
                    m = None
                    ninf += 1
                else:
                    m = c * hi[v]
                mins.append(m)
                if m is not None:
                    total += m
            if ninf > 1:
                continue
            tol = 1e-7 * (1 + abs(bb) + abs(total))
            if ninf == 0 and total > bb + tol:
                raise Infeasible("share constraint fails")
            for v, c, m in zip(vs, cc, mins):
                if ninf == 1 and m is not None:
                    continue
                rest = total - (m if m is not None else 0.0)
                bound = (bb - rest) / c
                if c > 0:
                    nh = math.floor(bound + tol)
                    if nh < hi[v]:
                        hi[v] = nh
                        moved.append(v)
                else:
                    nl = math.ceil(bound - tol)
                    if nl > lo[v]:
                        lo[v] = nl
                        moved.append(v)
            for v in moved:
                if lo[v] > hi[v]:
                    raise Infeasible(f"{self.name[v]}: [{lo[v]}, {hi[v]}] (from a share)")
        return moved

    def propagate(self, max_steps=None, start=None):
        n = len(self.cons)
        if max_steps is None:
            max_steps = 200 * n + 10000
        if start is None:
            queue = collections.deque(range(n))
            inq = bytearray([1]) * n
        else:
            queue = collections.deque(start)
            inq = bytearray(n)
            for ci in start:
                inq[ci] = 1
        cons, var_cons = self.cons, self.var_cons
        steps = 0
        while queue:
            ci = queue.popleft()
            inq[ci] = 0
            con = cons[ci]
            steps += 1
            if steps > max_steps:
                raise RuntimeError("propagation did not settle")
            try:
                if con[0] == 'u':
                    moved = self._unit(con[1], con[2], con[3], con[4])
                else:
                    moved = self._float(con[1], con[2], con[3], con[4])
            except Infeasible as e:
                raise Infeasible(f"{e} in {self.describe(ci)}") from None
            for v in moved:
                for cj in var_cons[v]:
                    if not inq[cj]:
                        inq[cj] = 1
                        queue.append(cj)
        self.steps += steps

    def _feasible_with(self, v, lo=None, hi=None, budget=20000):
        """False if v restricted to [lo, hi] contradicts the constraints
        (found by propagation); the bounds are left as they were."""
        saved_lo, saved_hi = self.lo, self.hi
        self.lo, self.hi = saved_lo[:], saved_hi[:]
        try:
            if lo is not None:
                self.lo[v] = max(self.lo[v], lo)
            if hi is not None:
                self.hi[v] = min(self.hi[v], hi)
            if self.lo[v] > self.hi[v]:
                return False
            self.propagate(max_steps=budget, start=self.var_cons[v])
            return True
        except Infeasible:
            return False
        except RuntimeError:
            return True
        finally:
            self.lo, self.hi = saved_lo, saved_hi

    def shave(self, candidates, width, budget=300000):
        """Probing: while a candidate's interval has from `width` to
        2 * width - 1 values, try each end value alone; an end that
        contradicts the constraints (by propagation) is cut off and the cut
        propagated. Stops when the propagation steps spent reach `budget`.
        Returns the number of cuts."""
        cuts = 0
        stop = self.steps + budget
        for v in candidates:
            if self.steps >= stop:
                break
            while True:
                lo, hi = self.lo[v], self.hi[v]
                if hi >= INF or hi - lo + 1 < width or hi - lo + 1 >= 2 * width:
                    break
                moved = False
                if not self._feasible_with(v, hi=lo):
                    self.tighten(v, lo=lo + 1)
                    moved = True
                elif not self._feasible_with(v, lo=hi):
                    self.tighten(v, hi=hi - 1)
                    moved = True
                if not moved:
                    break
                cuts += 1
                self.propagate(start=self.var_cons[v])
        return cuts

    def describe(self, ci):
        con = self.cons[ci]
        if con[0] == 'u':
            terms = [f"+{self.name[v]}" for v in con[1]] + [f"-{self.name[v]}" for v in con[2]]
            b = con[3]
        else:
            terms = [f"{c:+g}*{self.name[v]}" for v, c in zip(con[1], con[2])]
            b = con[3]
        return " ".join(terms[:12]) + (" ..." if len(terms) > 12 else "") + \
            (" = " if con[4] else " <= ") + str(b)


# ---------------------------------------------------------------------------
# reading an output

HIDDEN = None

# the population (a key) that n + missing adds up to, per indicator id
POPULATION = {
    "transport_mode": "returns_total", "nationality": "returns_total", "sex": "returns_total",
    "age_band": "returns_total", "age_band_sadd": "returns_total",
    "migration_status": "returns_total", "education": "returns_total",
    "occupation_sector": "returns_total", "travelling_with": "returns_total",
    "umc_transport_mode": "umc_total",
    "irregular_by_office": "migration_status:irregular",
    "no_education_age_group": "education:none",
    "no_education_adult_sex": "no_education_age_group:adult",
    "health_self_perceived": "survey_coverage", "regularization_started": "survey_coverage",
    "health_screening": "survey_coverage", "journey_conditions": "survey_coverage",
    "abuses": "survey_coverage", "migration_reasons": "survey_coverage",
    "return_reasons": "survey_coverage", "return_plans": "survey_coverage",
    "mexico_exit_reason": "regularization_started:yes",
}
# categories every relation below may name although no output shows them (0 then)
KNOWN_CODES = {
    "migration_status": ["irregular"], "education": ["none"], "regularization_started": ["yes"],
    "no_education_age_group": ["under_5", "age_5_17", "adult"],
    "travelling_with": ["first_degree_relatives", "other_relatives"],
    "family_minors": ["age_0_17", "under_13"],
    "age_band": ["0_4", "5_12", "13_17", "18_45", "46_59", "60_plus"],
    "age_band_sadd": ["0_4", "5_11", "12_17", "18_59", "60_plus"],
}
CHILD_BANDS = {"age_band": ["0_4", "5_12", "13_17"], "age_band_sadd": ["0_4", "5_11", "12_17"]}
ADULT_BANDS = {"age_band": ["18_45", "46_59", "60_plus"], "age_band_sadd": ["18_59", "60_plus"]}
# breakdowns that are two-way tables: id -> (row indicator, column indicator)
TABLES = {"sex_by_education": ("education", "sex"),
          "education_by_occupation": ("occupation_sector", "education"),
          "sex_by_age_band": ("age_band", "sex")}   # the pyramid (issue 12)
# rows of a table that are several categories of its row indicator together:
# the pyramid's oldest row is the two oldest age bands
TABLE_ROW_PARTS = {"sex_by_age_band": {"46_plus": ("46_59", "60_plus")}}
# indicators whose categories are months (the trend of issue 12): a month's
# count is 0 outside that month
MONTHLY = ("returns_by_month",)
OFFICE_GROUPS = ("registration_point", "country_of_return")


def month_of(date):
    """'YYYY-MM[-DD]' -> months since year 0."""
    return int(date[0:4]) * 12 + int(date[5:7]) - 1


def month_name(m):
    if m <= NEG_MONTH:
        return "start"
    if m >= POS_MONTH:
        return "end"
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


def _last_day(y, m):
    import calendar
    return calendar.monthrange(y, m)[1]


def key_ind(key):
    """the indicator id of a key ('sex:male' -> 'sex')."""
    for i, ch in enumerate(key):
        if ch in "@:#":
            return key[:i]
    return key


class Output:
    """One report JSON, as the reader sees it."""

    def __init__(self, d, name):
        self.name = name
        f = d.get("filters", {})
        self.program = f.get("program") or "all"
        self.office = f.get("office")
        self.public = bool(d.get("public"))
        self.min_cell = int(d.get("min_cell") or 5)
        frm, to = f.get("from"), f.get("to")
        self.whole_months = True
        self.first = NEG_MONTH if not frm else month_of(frm)
        self.last = POS_MONTH if not to else month_of(to)
        if frm and frm[8:10] != "01":
            self.whole_months = False
        if to:
            y, m = int(to[0:4]), int(to[5:7])
            if int(to[8:10]) != _last_day(y, m):
                self.whole_months = False
        self.period = (frm, to)
        self.sadd = d.get("age_bands") == "sadd"
        self.cells = {}          # (ns, key) -> int, or HIDDEN
        self.present = set()     # (ns, indicator id) shown in this output
        self.info = {}           # (ns, id) -> {'kind', 'multi', 'cats', 'groups'}
        self.shares = []         # (ns, count key, n key, share)
        self.mshares = []        # (ns, count key, indicator id, mention_share)
        self.conflicts = []
        for ind_id, obj in d.get("indicators", {}).items():
            self._indicator(self.program, ind_id, obj)
        for tp, t in (d.get("tracks") or {}).items():
            for ind_id, obj in (t.get("indicators") or {}).items():
                self._indicator(tp, ind_id, obj)
        # the map (issue 12): a point's circle is its registration_point
        # category, the same number; one that differs is a conflict
        for p in (d.get("map") or {}).get("points", []):
            if p.get("office") and (self.program, "registration_point") in self.present:
                self._set(self.program, f"registration_point@{p['office']}:{p['code']}",
                          HIDDEN if p.get("suppressed") or p.get("count") is None else int(p["count"]))
        # A monthly edition (docs/report.md, "Monthly editions") is several
        # outputs in one: the month; "to_date", the programme to date up to
        # the month's end; "previous", the previous edition's headline
        # figures (its month and its programme to date) with the changes
        # from them. Each is an output of its own period (self.extra); a
        # shown change is one more relation, this - previous = change,
        # between two outputs (self.changes: (ns, key, this output,
        # previous output, change)).
        self.extra = []
        self.changes = []
        td = d.get("to_date")
        if td is not None:
            self.extra.append(self._part(d, td, f"{name} to_date"))
        pv = d.get("previous")
        if td is not None and pv:
            this = {"indicators": self, "to_date": self.extra[0]}
            for part, frm in (("indicators", pv.get("from")), ("to_date", None)):
                figs = pv.get(part) or {}
                po = self._part(d, {"filters": {"from": frm, "to": pv.get("to")},
                                    "indicators": {k: {kk: vv for kk, vv in v.items()
                                                       if not kk.startswith("change")}
                                                   for k, v in figs.items()}},
                                f"{name} previous {part} (edition {pv.get('edition')})")
                self.extra.append(po)
                for key, v in figs.items():
                    ch = self._num(v, "change")
                    if ch is HIDDEN or ch is False:
                        continue
                    self.changes.append((self.program, key, this[part], po, ch))

    def _part(self, d, part, name):
        """An output of another period inside a monthly edition's JSON."""
        f = dict(d.get("filters", {}))
        f.update({k: v for k, v in (part.get("filters") or {}).items() if k in ("from", "to")})
        sub = {"filters": f, "public": d.get("public"), "min_cell": d.get("min_cell"),
               "age_bands": d.get("age_bands"), "indicators": part.get("indicators") or {},
               "tracks": part.get("tracks") or {}}
        return Output(sub, name)

    def label(self):
        per = f"{self.period[0] or 'start'}..{self.period[1] or 'end'}"
        return f"{self.name} [{self.program} {self.office or 'all'} {per}]"

    def _set(self, ns, key, value):
        k = (ns, key)
        if k in self.cells and self.cells[k] != value:
            old = self.cells[k]
            if old is HIDDEN or value is HIDDEN:
                self.conflicts.append(f"{key} shown in one place and hidden in another")
                if old is HIDDEN:
                    self.cells[k] = value
                return
            self.conflicts.append(f"{key}: {old} and {value}")
            return
        self.cells[k] = value

    @staticmethod
    def _num(o, key):
        """a number of the JSON: int, HIDDEN, or False when absent."""
        if o.get(key + "_suppressed"):
            return HIDDEN
        if key not in o:
            return False
        v = o[key]
        if v is None:
            return HIDDEN
        return int(v)

    def _cats(self, ns, ind_id, prefix, cats, n_key, multi, rec):
        for c in cats:
            code = c["code"]
            rec.add(code)
            key = f"{prefix}:{code}"
            if c.get("suppressed") or c.get("count") is None:
                self._set(ns, key, HIDDEN)
                if "share" in c:
                    self.shares.append((ns, key, n_key, float(c["share"])))
                if "mention_share" in c:
                    self.mshares.append((ns, key, ind_id, float(c["mention_share"])))
                continue
            self._set(ns, key, int(c["count"]))
            if "share" in c:
                self.shares.append((ns, key, n_key, float(c["share"])))
            if multi and "mention_share" in c and code != "none":
                self.mshares.append((ns, key, ind_id, float(c["mention_share"])))

    def _indicator(self, ns, ind_id, obj):
        if ind_id == "age_band" and self.sadd:
            ind_id = "age_band_sadd"
        self.present.add((ns, ind_id))
        info = self.info.setdefault((ns, ind_id), {"kind": None, "multi": False, "cats": set(),
                                                   "groups": {}})
        if "value" in obj or "value_suppressed" in obj:
            info["kind"] = "value"
            self._set(ns, ind_id, self._num(obj, "value"))
            n = self._num(obj, "n") if ind_id == "survey_coverage" else False
            if n is not False:
                # the survey's n is returns_total itself
                self._set(ns, "returns_total", n)
                self.present.add((ns, "returns_total"))
                if "share" in obj:
                    self.shares.append((ns, ind_id, "returns_total", float(obj["share"])))
            return
        if "groups" in obj:
            info["kind"] = "groups"
            for g in obj["groups"]:
                prefix = f"{ind_id}@{g['code']}"
                rec = info["groups"].setdefault(g["code"], set())
                n = self._num(g, "n")
                if n is not False:
                    self._set(ns, prefix + "#n", n)
                m = self._num(g, "missing")
                self._set(ns, prefix + "#missing", 0 if m is False else m)
                self._cats(ns, ind_id, prefix, g.get("categories", []), prefix + "#n", False, rec)
            return
        if "categories" in obj:
            multi = obj.get("unit") == "multi"
            info["kind"] = "categories"
            info["multi"] = multi
            n = self._num(obj, "n")
            if n is not False:
                self._set(ns, ind_id + "#n", n)
            m = self._num(obj, "missing")
            self._set(ns, ind_id + "#missing", 0 if m is False else m)
            self._cats(ns, ind_id, ind_id, obj["categories"], ind_id + "#n", multi, info["cats"])


def load(src, name=None):
    """An Output from a path, an open file or a parsed JSON object."""
    if isinstance(src, dict):
        return Output(src, name or "output")
    if hasattr(src, "read"):
        return Output(json.load(src), name or getattr(src, "name", "output"))
    with open(src, encoding="utf-8") as f:
        return Output(json.load(f), name or src)


# ---------------------------------------------------------------------------
# the relations a reader knows, per namespace (programme), over keys

class Rel:
    __slots__ = ("coefs", "eq", "tag", "closable", "pos", "neg")

    def __init__(self, coefs, eq=True, tag="", closable=True):
        self.coefs = coefs
        self.eq = eq
        self.tag = tag
        self.closable = closable
        unit = all(c in (1, -1) for c in coefs.values())
        self.pos = [k for k, c in coefs.items() if c == 1] if unit else None
        self.neg = [k for k, c in coefs.items() if c == -1] if unit else None


def _template(info, offices):
    """The relations of one programme's outputs over keys. info: id ->
    {'kind', 'multi', 'cats': set, 'groups': {code: set}}, merged over every
    output. Virtual keys (never published) contain '~'."""
    rels = []
    has = info.__contains__

    def cats(i):
        return sorted(info[i]["cats"]) if has(i) else []

    def add(coefs, eq=True, tag="", closable=True):
        # a relation naming an indicator no output shows says nothing: skip it
        for k in coefs:
            if "~" not in k and not has(key_ind(k)):
                return
        rels.append(Rel(coefs, eq, tag, closable))

    for i, codes in KNOWN_CODES.items():
        if has(i) and info[i]["kind"] in ("categories", None):
            info[i]["cats"].update(codes)

    # headline values
    add({"minors_total": 1, "umc_total": -1, "children_accompanied": -1}, tag="minors")
    add({"survey_coverage": 1, "returns_total": -1}, eq=False, tag="survey<=returns")
    add({"umc_total": 1, "minors_total": -1}, eq=False, tag="umc<=minors")

    # categories indicators
    for i, inf in info.items():
        if inf["kind"] != "categories" or i == "family_minors" or i in MONTHLY:
            continue
        cs = cats(i)
        pop = POPULATION.get(i)
        if inf["multi"]:
            for c in cs:
                add({f"{i}:{c}": 1, f"{i}#n": -1}, eq=False, tag=f"{i}: count<=n")
            co = {f"{i}:{c}": 1 for c in cs if c != "none"}
            co[f"{i}#~mentions"] = -1
            add(co, tag=f"{i}: mentions")
        else:
            co = {f"{i}:{c}": 1 for c in cs}
            co[f"{i}#n"] = -1
            add(co, tag=f"{i}: categories=n")
        if pop:
            add({f"{i}#n": 1, f"{i}#missing": 1, pop: -1}, tag=f"{i}: n+missing")

    # ages: child bands = minors; the family and no-education age groups within the bands
    for ab in ("age_band", "age_band_sadd"):
        if not has(ab):
            continue
        co = {f"{ab}:{b}": 1 for b in CHILD_BANDS[ab]}
        co["minors_total"] = -1
        add(co, tag=f"{ab}: child bands=minors")
        cb = CHILD_BANDS[ab]
        add({"no_education_age_group:under_5": 1, f"{ab}:0_4": -1}, eq=False, tag="noed<=band")
        co = {f"{ab}:{b}": -1 for b in cb[1:]}
        co["no_education_age_group:age_5_17"] = 1
        add(co, eq=False, tag="noed<=band")
        co = {f"{ab}:{b}": -1 for b in ADULT_BANDS[ab]}
        co["no_education_age_group:adult"] = 1
        add(co, eq=False, tag="noed<=band")
        add({"no_education_age_group#missing": 1, f"{ab}#missing": -1}, eq=False, tag="noed<=band")
        if ab == "age_band":
            add({"family_minors:under_13": 1, "age_band:0_4": -1, "age_band:5_12": -1}, eq=False,
                tag="family<=band")
            add({"family_minors:age_0_17": 1, "family_minors:under_13": -1, "age_band:13_17": -1},
                eq=False, tag="family<=band")
    # family_minors: n = the two relatives categories; overlapping categories
    add({"family_minors#n": 1, "travelling_with:first_degree_relatives": -1,
         "travelling_with:other_relatives": -1}, tag="family n")
    add({"family_minors:age_0_17": 1, "family_minors#n": -1}, eq=False, tag="family<=n")
    add({"family_minors:under_13": 1, "family_minors:age_0_17": -1}, eq=False, tag="family u13")
    add({"family_minors:age_0_17": 1, "minors_total": -1}, eq=False, tag="family<=minors")
    # sub-populations inside their parent
    for c in cats("umc_transport_mode"):
        add({f"umc_transport_mode:{c}": 1, f"transport_mode:{c}": -1}, eq=False, tag="umc<=all")
    add({"umc_transport_mode#missing": 1, "transport_mode#missing": -1}, eq=False, tag="umc<=all")
    for c in cats("no_education_adult_sex"):
        add({f"no_education_adult_sex:{c}": 1, f"sex:{c}": -1}, eq=False, tag="noed sex<=sex")
        add({f"no_education_adult_sex:{c}": 1, f"sex_by_education@none:{c}": -1}, eq=False,
            tag="noed sex<=sbe")
    add({"no_education_adult_sex#missing": 1, "sex#missing": -1}, eq=False, tag="noed sex<=sex")

    # offices: each office's returns; the groups of registration points and countries
    if any(has(i) for i in OFFICE_GROUPS) or has("irregular_by_office"):
        for i in OFFICE_GROUPS:
            if not has(i):
                continue
            for o in offices:
                g = info[i]["groups"].get(o, set())
                co = {f"{i}@{o}:{c}": 1 for c in sorted(g)}
                co[f"{i}@{o}#n"] = -1
                add(co, tag=f"{i}@{o}: categories=n")
                add({f"{i}@{o}#n": 1, f"{i}@{o}#missing": 1, f"~office@{o}": -1},
                    tag=f"{i}@{o}: n+missing=office")
        if any(has(i) for i in OFFICE_GROUPS):
            co = {f"~office@{o}": 1 for o in offices}
            co["returns_total"] = -1
            add(co, tag="offices=returns")
        for o in offices:
            add({f"irregular_by_office:{o}": 1, f"~office@{o}": -1}, eq=False, tag="irregular<=office")
        if has("irregular_by_office"):
            info["irregular_by_office"]["cats"].update(offices)

    # two-way tables, with the row and the column of people whose field is not recorded
    for t, (ri, ci) in TABLES.items():
        if not has(t):
            continue
        groups = info[t]["groups"]
        parts = TABLE_ROW_PARTS.get(t, {})
        merged = {p: r for r, ps in parts.items() for p in ps}
        rows = sorted(set(groups) | {merged.get(r, r) for r in cats(ri)})
        cols = sorted(set().union(*groups.values()) | set(cats(ci))) if groups else cats(ci)
        for r in rows:
            co = {f"{t}@{r}:{c}": 1 for c in cols}
            co[f"{t}@{r}#n"] = -1
            add(co, tag=f"{t}@{r}: row")
            co = {f"{t}@{r}#n": 1, f"{t}@{r}#missing": 1}
            for p in parts.get(r, (r,)):
                co[f"{ri}:{p}"] = -1
            add(co, tag=f"{t}@{r}: row total")
        co = {f"{t}@~:{c}": 1 for c in cols}
        co[f"{t}@~#missing"] = 1
        co[f"{ri}#missing"] = -1
        add(co, tag=f"{t}: unrecorded row")
        for c in cols:
            co = {f"{t}@{r}:{c}": 1 for r in rows}
            co[f"{t}@~:{c}"] = 1
            co[f"{ci}:{c}"] = -1
            add(co, tag=f"{t}: column {c}")
        co = {f"{t}@{r}#missing": 1 for r in rows}
        co[f"{t}@~#missing"] = 1
        co[f"{ci}#missing"] = -1
        add(co, tag=f"{t}: unrecorded column")

    # the trend (issue 12): the months add up to n, n + missing to the returns
    for i in MONTHLY:
        if has(i):
            co = {f"{i}:{c}": 1 for c in cats(i)}
            co[f"{i}#n"] = -1
            add(co, tag=f"{i}: months=n", closable=False)
            add({f"{i}#n": 1, f"{i}#missing": 1, "returns_total": -1}, tag=f"{i}: n+missing")

    # registrations by month: each point's months add up to its n (months of the slot only)
    if has("registrations_by_month"):
        for p, months in info["registrations_by_month"]["groups"].items():
            co = {f"registrations_by_month@{p}:{m}": 1 for m in sorted(months)}
            co[f"registrations_by_month@{p}#n"] = -1
            add(co, tag=f"registrations@{p}", closable=False)
    return rels


def _closure(rels, limit=4000):
    """Derived relations: A - B or A + B of an equality B and a relation A
    (an equality or an inequality) when that cancels two or more keys and
    leaves a relation no longer than the longer of the two, with unit
    coefficients: a sum replaced by its total (the adult bands plus the
    minors make n; the family's under-13s fit in the 0-4 and 5-12 bands, so
    the 13-17 band is at most the minors less them). Bound propagation uses
    one relation at a time; these give it the combinations a reader would
    write down."""
    base = [r for r in rels if r.closable and all(abs(c) == 1 for c in r.coefs.values())]
    items = [(dict(r.coefs), r.eq) for r in base]
    seen = set()

    def norm(co, eq):
        it = sorted(co.items())
        if eq and it and it[0][1] < 0:
            it = [(k, -c) for k, c in it]
        return tuple(it), eq

    for co, eq in items:
        seen.add(norm(co, eq))
    index = collections.defaultdict(list)
    for i, (co, _) in enumerate(items):
        for k in co:
            index[k].append(i)
    out = []
    queue = list(range(len(items)))
    while queue and len(items) < len(base) + limit:
        a = queue.pop()
        A, aeq = items[a]
        shared = collections.Counter()
        for k in A:
            for b in index[k]:
                if b != a:
                    shared[b] += 1
        for b, nshared in shared.items():
            B, beq = items[b]
            if nshared < 2 or not (aeq or beq):
                continue
            # the inequality (if any) keeps its sign; the equality takes either
            X, Y = (A, B) if not aeq or beq else (B, A)
            eq = aeq and beq
            for sign in (1, -1):
                C = dict(X)
                cancelled = 0
                for k, c in Y.items():
                    v = C.get(k, 0) + sign * c
                    if v == 0:
                        del C[k]
                        cancelled += 1
                    else:
                        C[k] = v
                if cancelled < 2 or not C or len(C) > max(len(A), len(B)):
                    continue
                if any(abs(c) != 1 for c in C.values()):
                    continue
                nk = norm(C, eq)
                if nk in seen:
                    continue
                seen.add(nk)
                items.append((dict(nk[0]), eq))
                idx = len(items) - 1
                for k in C:
                    index[k].append(idx)
                queue.append(idx)
                out.append(Rel(dict(nk[0]), eq, "derived"))
    return out


# ---------------------------------------------------------------------------
# the joint model of many outputs

class Leak:
    def __init__(self, kind, where, key, lo, hi, outputs, value=None):
        self.kind, self.where, self.key, self.lo, self.hi = kind, where, key, lo, hi
        self.outputs = outputs
        self.value = value

    def interval(self):
        hi = "inf" if self.hi >= INF else str(self.hi)
        return f"[{self.lo}, {hi}]"

    def __str__(self):
        what = {"hidden": "hidden cell narrowed", "shown": "small count shown",
                "derived": "unpublished count narrowed"}[self.kind]
        s = f"{what}: {self.where} {self.key} in {self.interval()}"
        if self.value is not None:
            s += f" (shown {self.value})"
        return s


class Result:
    def __init__(self):
        self.leaks = []
        self.hidden = 0          # hidden published cells
        self.cells = 0           # published cells
        self.outputs = 0
        self.inconsistent = None
        self.bounds = {}         # (output name, ns, key) -> (lo, hi) of every hidden cell
        self.notes = []
        self.stats = {}

    @property
    def ok(self):
        return not self.leaks and not self.inconsistent


def _point_offices(outs):
    po = collections.defaultdict(set)
    for o in outs:
        for (ns, key) in o.cells:
            if key.startswith("registration_point@") and ":" in key:
                g, p = key[len("registration_point@"):].split(":", 1)
                po[p].add(g)
    return {p: next(iter(s)) for p, s in po.items() if len(s) == 1}


def _omitted_is_zero(o, ns, key):
    """A key of an indicator the output shows but absent from it: a category
    (or a whole group) with count 0 may be left out, and so may a missing of
    0; an absent n or value of a shown indicator or group is unknown."""
    if ":" in key or key.endswith("#missing"):
        return True
    i = key_ind(key)
    if "@" in key:
        g = key.split("@", 1)[1].split("#", 1)[0]
        return g not in o.info[(ns, i)]["groups"]
    return False


def check(outputs, offices=None, hidden_min=1, derive=True, min_cell=None, probe=100000):
    """Checks the outputs together, as one reader holding all of them.
    offices: the office codes the reader knows exist (default: every office
    code the outputs name). Returns a Result."""
    t0 = time.monotonic()
    res = Result()
    outs = []
    for o in outputs:
        outs += [o] + getattr(o, "extra", [])
    res.outputs = len(outs)
    for o in outs:
        for c in o.conflicts:
            res.notes.append(f"{o.name}: {c}")
    if not outs:
        return res
    periods = {(o.first, o.last) for o in outs}
    if len(periods) > 1 and not all(o.whole_months for o in outs):
        raise ValueError("outputs of different periods must cover whole months to be combined")

    # offices the reader knows
    known = set(offices or [])
    for o in outs:
        if o.office:
            known.add(o.office)
        for (ns, key) in o.cells:
            if key.startswith(OFFICE_GROUPS) and "@" in key:
                known.add(key.split("@", 1)[1].split("#", 1)[0].split(":", 1)[0])
            elif key.startswith("irregular_by_office:"):
                known.add(key.split(":", 1)[1])
    known = sorted(known)
    point_office = _point_offices(outs)

    def key_office(key):
        if key.startswith(OFFICE_GROUPS) and "@" in key:
            return key.split("@", 1)[1].split("#", 1)[0].split(":", 1)[0]
        if key.startswith("irregular_by_office:"):
            return key.split(":", 1)[1]
        if key.startswith("~office@"):
            return key[len("~office@"):]
        if key.startswith("registrations_by_month@"):
            return point_office.get(key.split("@", 1)[1].split("#", 1)[0].split(":", 1)[0])
        return None

    def key_month(key):
        if key.startswith("registrations_by_month@") and ":" in key:
            return month_of(key.rsplit(":", 1)[1])
        if key.startswith(MONTHLY) and ":" in key:
            return month_of(key.rsplit(":", 1)[1])
        return None

    # namespaces (programmes) and what each shows
    nss = sorted({ns for o in outs for (ns, _) in o.present})
    info = {ns: {} for ns in nss}
    for o in outs:
        for (ns, i), inf in o.info.items():
            m = info[ns].setdefault(i, {"kind": inf["kind"], "multi": inf["multi"], "cats": set(),
                                        "groups": {}})
            m["kind"] = m["kind"] or inf["kind"]
            m["multi"] = m["multi"] or inf["multi"]
            m["cats"] |= inf["cats"]
            for g, cs in inf["groups"].items():
                m["groups"].setdefault(g, set()).update(cs)
    templ, universe = {}, {}
    for ns in nss:
        rels = _template(info[ns], known)
        if derive:
            rels += _closure(rels)
        templ[ns] = rels
        keys = set()
        for r in rels:
            keys.update(r.coefs)
        for o in outs:
            keys.update(k for (n, k) in o.cells if n == ns)
        universe[ns] = sorted(keys)

    # elementary periods
    bounds = sorted({o.first for o in outs} | {o.last + 1 for o in outs})
    intervals = list(zip(bounds[:-1], [b - 1 for b in bounds[1:]]))

    def covered(o):
        return [i for i, (a, b) in enumerate(intervals) if a >= o.first and b <= o.last]

    ocover = [covered(o) for o in outs]
    allset = frozenset(known)

    def oset(o):
        return frozenset([o.office]) if o.office else allset

    # atom slots: per namespace and elementary period, one per office with its
    # own output there and one for the offices left over
    atoms = {}   # (ns, interval) -> [officeset]
    for ns in nss:
        for i in range(len(intervals)):
            own, whole = set(), False
            for o, cov in zip(outs, ocover):
                if i in cov and any(n == ns for (n, _) in o.present):
                    if o.office:
                        own.add(o.office)
                    else:
                        whole = True
            slots = [frozenset([x]) for x in sorted(own)]
            rest = allset - own
            if whole and rest:
                slots.append(frozenset(rest))
            if slots:
                atoms[(ns, i)] = slots

    m = Model()
    slot_vars = {}     # (ns, frozenset of atoms (officeset, interval)) -> {key: var}
    published = {}     # var -> [(output, key, value)]

    kinfo = {}

    def exists(key, atom):
        offs, i = atom
        ki = kinfo.get(key)
        if ki is None:
            ki = kinfo[key] = (key_office(key), key_month(key))
        ko, km = ki
        if ko is not None and ko not in offs:
            return False
        if km is not None and not (intervals[i][0] <= km <= intervals[i][1]):
            return False
        return True

    def region_name(ns, aset):
        by = collections.defaultdict(list)
        for offs, i in aset:
            by[offs].append(i)
        parts = []
        for offs in sorted(by, key=sorted):
            name = "all" if offs == allset and len(offs) > 1 else "+".join(sorted(offs))
            ii = sorted(by[offs])
            runs = [[ii[0], ii[0]]]
            for i in ii[1:]:
                if i == runs[-1][1] + 1:
                    runs[-1][1] = i
                else:
                    runs.append([i, i])
            for a, b in runs:
                parts.append(f"{name} {month_name(intervals[a][0])}..{month_name(intervals[b][1])}")
        return f"{ns} " + " + ".join(parts)

    def slot(ns, aset):
        """The variables of a region (a set of atoms): one per key, the
        relations among them, and (for more than one atom) their sums."""
        sk = (ns, aset)
        if sk in slot_vars:
            return slot_vars[sk]
        where = region_name(ns, aset)
        vs = {}
        for key in universe[ns]:
            if any(exists(key, a) for a in aset):
                vs[key] = m.var(f"{where} {key}")
        slot_vars[sk] = vs
        for r in templ[ns]:
            if r.pos is not None:
                m.add_unit([vs[k] for k in r.pos if k in vs], [vs[k] for k in r.neg if k in vs],
                           0, r.eq)
                continue
            co = {}
            for k, c in r.coefs.items():
                v = vs.get(k)
                if v is not None:
                    co[v] = co.get(v, 0) + c
            if co:
                m.add(co, 0, r.eq)
        if len(aset) > 1:
            parts = [slot_vars[(ns, frozenset([a]))] for a in aset]
            for key, v in vs.items():
                m.add_unit([v], [p[key] for p in parts if key in p], 0, True)
        return vs

    for (ns, i), slots in atoms.items():
        for offs in slots:
            slot(ns, frozenset([(offs, i)]))

    def region_of(o, cov, ns):
        offs = oset(o)
        return frozenset((a, i) for i in cov for a in atoms.get((ns, i), []) if a <= offs)

    # nested outputs: the bigger one is the smaller one plus the rest (the
    # difference of two periods, or the whole less an office, as a region)
    regions = collections.defaultdict(set)
    for o, cov in zip(outs, ocover):
        for ns in {n for (n, _) in o.present}:
            if cov:
                regions[ns].add(region_of(o, cov, ns))
    for ns, rs in regions.items():
        rs = sorted(rs, key=len)
        for T in rs:
            vt = slot(ns, T)
            for S in rs:
                if len(S) >= len(T) or not S < T:
                    continue
                vs_, vd = slot(ns, S), slot(ns, T - S)
                for key, v in vt.items():
                    m.add_unit([v], [x[key] for x in (vs_, vd) if key in x], 0, True)

    # outputs: their cells, what they show as 0, their shares; linked to the atoms
    ovars = {}
    for o, cov in zip(outs, ocover):
        if not cov:
            continue
        for ns in nss:
            shown = {i for (n, i) in o.present if n == ns}
            if not shown:
                continue
            vs = slot(ns, region_of(o, cov, ns))
            ovars[(id(o), ns)] = vs
            for key, v in vs.items():
                try:
                    if (ns, key) in o.cells:
                        val = o.cells[(ns, key)]
                        published.setdefault(v, []).append((o, key, val))
                        if val is HIDDEN:
                            m.tighten(v, lo=hidden_min)
                        else:
                            m.tighten(v, lo=val, hi=val)
                    elif "~" not in key and key_ind(key) in shown and _omitted_is_zero(o, ns, key):
                        m.tighten(v, hi=0)       # omitted: 0
                except Infeasible as e:
                    res.inconsistent = res.inconsistent or f"{o.name}: {e} (another output differs)"
            for (n, ck, nk, s) in o.shares:
                if n != ns or (o.cells.get((ns, ck)) is not HIDDEN and
                               o.cells.get((ns, nk)) is not HIDDEN):
                    continue
                if ck in vs and nk in vs:
                    # count / n rounds to s
                    m.add({vs[ck]: 1, vs[nk]: -(s + SHARE_EPS)}, 0, False)
                    m.add({vs[ck]: -1, vs[nk]: (s - SHARE_EPS)}, 0, False)
            for (n, ck, ind_id, s) in o.mshares:
                mk = f"{ind_id}#~mentions"
                if n != ns or ck not in vs or mk not in vs:
                    continue
                m.add({vs[ck]: 1, vs[mk]: -(s + SHARE_EPS)}, 0, False)
                m.add({vs[ck]: -1, vs[mk]: (s - SHARE_EPS)}, 0, False)

    # the changes from the previous edition: this - previous = change
    for o in outs:
        for (ns, key, a, b, ch) in getattr(o, "changes", []):
            va, vb = ovars.get((id(a), ns), {}).get(key), ovars.get((id(b), ns), {}).get(key)
            if va is None or vb is None or va == vb:
                continue
            try:
                m.add({va: 1, vb: -1}, ch, True)
            except Infeasible as e:
                res.inconsistent = res.inconsistent or f"{o.name}: change of {key}: {e}"

    res.stats = {"variables": len(m.lo), "constraints": len(m.cons), "slots": len(slot_vars),
                 "intervals": len(intervals)}
    N = min_cell or min(o.min_cell for o in outs)
    try:
        if res.inconsistent:
            raise Infeasible(res.inconsistent)
        m.propagate()
        if probe:
            hidden = [v for v, pubs in published.items() if any(p[2] is HIDDEN for p in pubs)]
            res.stats["cuts"] = m.shave(hidden, N, budget=probe)
    except Infeasible as e:
        res.inconsistent = str(e)
    except RuntimeError as e:
        res.inconsistent = str(e)
    res.stats["steps"] = m.steps
    res.model, res.published = m, published
    res.stats["seconds"] = round(time.monotonic() - t0, 3)

    # published cells
    names = [o.name for o in outs]
    seen_cells = set()
    for o in outs:
        for (ns, key), val in o.cells.items():
            if (o.name, ns, key) in seen_cells:
                continue
            seen_cells.add((o.name, ns, key))
            res.cells += 1
            if val is HIDDEN:
                res.hidden += 1
    if res.inconsistent:
        return res
    for v, pubs in published.items():
        lo, hi = m.lo[v], m.hi[v]
        for (o, key, val) in pubs:
            n = min_cell or o.min_cell
            ns = m.name[v].split(" ", 1)[0]
            k = key if ns == o.program else f"{ns}/{key}"
            if val is HIDDEN:
                res.bounds[(o.name, ns, key)] = (lo, hi)
                if hi - lo + 1 < n:
                    res.leaks.append(Leak("hidden", o.label(), k, lo, hi, names))
            elif o.public and 1 <= val < n:
                res.leaks.append(Leak("shown", o.label(), k, val, val, [o.name], value=val))
    for v in range(len(m.lo)):
        if v in published:
            continue
        lo, hi = m.lo[v], m.hi[v]
        if 1 <= lo <= N - 1 and hi - lo + 1 < N:
            where, key = m.name[v].rsplit(" ", 1)
            res.leaks.append(Leak("derived", where, key, lo, hi, names))
    return res


# ---------------------------------------------------------------------------
# the proof that the check can fail: primary suppression only

def primary_only(d, min_cell=5):
    """A private report (true values) with only its small counts hidden, the
    way a naive publisher would: every count 1..min_cell-1 becomes null with
    its suppressed flag, and the shares that would give it away go."""
    d = copy.deepcopy(d)
    d["public"] = True
    d["min_cell"] = min_cell

    def small(v):
        return isinstance(v, int) and not isinstance(v, bool) and 1 <= v < min_cell

    def hide(o, key):
        o[key] = None
        o[key + "_suppressed"] = True

    def cats(obj, n_hidden):
        for c in obj.get("categories", []):
            if small(c.get("count")):
                for k in ("count", "share", "mention_share"):
                    c.pop(k, None)
                c["suppressed"] = True
            elif n_hidden:
                c.pop("share", None)

    def indicator(obj):
        if "value" in obj:
            if small(obj["value"]):
                hide(obj, "value")
                obj.pop("share", None)
            if small(obj.get("n")):
                hide(obj, "n")
                obj.pop("share", None)
            return
        for o in [obj] + obj.get("groups", []):
            nh = small(o.get("n"))
            if nh:
                hide(o, "n")
            if small(o.get("missing")):
                hide(o, "missing")
            cats(o, nh)

    for obj in d.get("indicators", {}).values():
        indicator(obj)
    for t in (d.get("tracks") or {}).values():
        for obj in (t.get("indicators") or {}).values():
            indicator(obj)
    return d


# ---------------------------------------------------------------------------

def summarize(res, show=10, out=sys.stdout, title="check"):
    kinds = collections.Counter(l.kind for l in res.leaks)
    print(f"{title}: {res.outputs} outputs, {res.cells} cells, {res.hidden} hidden, "
          f"{len(res.leaks)} leaks ({kinds.get('hidden', 0)} hidden cells narrowed, "
          f"{kinds.get('derived', 0)} unpublished counts, {kinds.get('shown', 0)} small shown)"
          f"{'; INCONSISTENT: ' + res.inconsistent if res.inconsistent else ''}"
          f" [{res.stats.get('variables', 0)} vars, {res.stats.get('constraints', 0)} constraints, "
          f"{res.stats.get('seconds', 0)} s]", file=out)
    for note in res.notes[:show]:
        print(f"  note: {note}", file=out)
    for leak in res.leaks[:show]:
        print(f"  {leak}", file=out)
    if len(res.leaks) > show:
        print(f"  ... and {len(res.leaks) - show} more", file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", help="report JSON files (report --format json)")
    ap.add_argument("--each", action="store_true", help="also check each file alone")
    ap.add_argument("--offices", help="comma-separated office codes the reader knows")
    ap.add_argument("--primary-only", action="store_true",
                    help="first turn each (private) report into primary suppression only")
    ap.add_argument("--min-cell", type=int, help="N for --primary-only and the leak test")
    ap.add_argument("--hidden-min", type=int, default=1,
                    help="what the reader assumes of a hidden count (default 1)")
    ap.add_argument("--show", type=int, default=20, help="leaks to print per check")
    a = ap.parse_args(argv)
    outs = []
    for f in a.files:
        with open(f, encoding="utf-8") as fh:
            d = json.load(fh)
        if a.primary_only:
            d = primary_only(d, a.min_cell or 5)
        outs.append(Output(d, f))
    offices = a.offices.split(",") if a.offices else None
    bad = False
    if a.each:
        for o in outs:
            r = check([o], offices=offices, hidden_min=a.hidden_min, min_cell=a.min_cell)
            summarize(r, a.show, title=o.name)
            bad |= not r.ok
    r = check(outs, offices=offices, hidden_min=a.hidden_min, min_cell=a.min_cell)
    summarize(r, a.show, title="together" if len(outs) > 1 else outs[0].name)
    bad |= not r.ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
