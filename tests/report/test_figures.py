#!/usr/bin/env python3
"""The factsheet's figures (issue 12) -- the map of registration points, returns
by month, the sex-by-age pyramid: their numbers in the HTML are the JSON's
(charts keyed by data-track + data-indicator), a hidden point has no size, the
PDF has them in both languages, a new point with coordinates is on the map,
and the map's outlines are what scripts/map/build-map.mjs makes (run again,
it gives the committed file byte for byte)."""
import filecmp, html.parser, math, os, re, shutil, subprocess
from reportlib import Checks, report, retorno, setup, workdir, SHARED, HERE

t = Checks("report-figures")
work = workdir()
db = os.path.join(work, "s.db")
setup(db, "import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
demo = os.path.join(work, "d.db")
setup(demo, "demo", "--cases", "1500", "--seed", "4")


class Svgs(html.parser.HTMLParser):
    """Each <svg>: its data-track/data-indicator, its marks' (code, series,
    count or None) and its circles (r, data-code, count or None)."""
    def __init__(self):
        super().__init__()
        self.charts, self.cur = {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.cur = {"marks": {}, "circles": [], "too_few": a.get("data-too-few") == "true"}
            self.charts[(a.get("data-track"), a.get("data-indicator"))] = self.cur
            return
        if self.cur is None:
            return
        count = None if a.get("data-suppressed") == "true" else a.get("data-count")
        count = None if count is None else int(count)
        if "data-code" in a:
            self.cur["marks"].setdefault((a["data-code"], a.get("data-series")), set()).add(count)
        if tag == "circle":
            self.cur["circles"].append((float(a["r"]), a.get("data-code"), count,
                                        a.get("data-suppressed") == "true"))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.cur = None


def val(c):
    return None if c.get("suppressed") else c["count"]


def check_html(dbfile, *args):
    what = " ".join(args) or "default"
    rep = report(dbfile, *args)
    page = retorno(dbfile, "report", "--format", "html", *args).stdout
    p = Svgs()
    p.feed(page)
    I = rep["indicators"]
    # returns by month: one line, a mark per month
    tr = I["returns_by_month"]
    c = p.charts.get((None, "returns_by_month"))
    t.true(c is not None, f"{what}: the trend is drawn")
    want = {(m["code"], None): {val(m)} for m in tr["categories"]}
    t.true(tr["categories"] and tr["categories"][0].get("count", 1) != 0, f"{what}: the trend starts at a month with returns")
    if c and not c["too_few"]:
        t.eq(c["marks"], want, f"{what}: the trend's numbers are the JSON's")
    # the pyramid: (age band, sex)
    py = I["sex_by_age_band"]
    c = p.charts.get((None, "sex_by_age_band"))
    t.true(c is not None, f"{what}: the pyramid is drawn")
    want = {(g["code"], m["code"]): {val(m)} for g in py["groups"] for m in g["categories"]}
    if c and not c["too_few"]:
        got = {k: v for k, v in c["marks"].items() if k in want or v != {0}}
        t.eq(got, want, f"{what}: the pyramid's numbers are the JSON's")
        t.eq(sorted({k[1] for k in c["marks"]}), ["female", "male"], f"{what}: the pyramid: women and men")
    # the map: a mark per point, its count registration_point's
    c = p.charts.get((None, "map"))
    t.true(c is not None, f"{what}: the map is drawn")
    pts = rep["map"]["points"]
    rp = {(g["code"], x["code"]): val(x) for g in I["registration_point"]["groups"] for x in g["categories"]}
    for pt in pts:
        t.eq(None if pt.get("suppressed") else pt["count"], rp.get((pt["office"], pt["code"]), 0),
             f"{what}: map point {pt['code']} is its registration_point category")
    if c and not c["too_few"]:
        t.eq(c["marks"], {(pt["code"], None): {None if pt.get("suppressed") else pt["count"]} for pt in pts},
             f"{what}: the map's numbers are the JSON's")
        sized = [(r, n) for r, code, n, hid in c["circles"] if code and n]
        t.true(sized, f"{what}: the map has circles")
        # area proportional to the count (above the smallest drawn size)
        big = max(sized, key=lambda x: x[1])
        for r, n in sized:
            if r > 1.81:
                t.true(abs(r / big[0] - math.sqrt(n / big[1])) < 0.01, f"{what}: circle of {n}: r {r}")
        t.eq([x for x in c["circles"] if x[3]], [], f"{what}: no circle stands for a hidden count")
        rings = {r for r, code, n, hid in c["circles"] if code is None}
        hidden = [pt for pt in pts if pt.get("suppressed") and pt["lat"] is not None]
        t.eq(rings, {3.4} if hidden else set(), f"{what}: every hidden point has the same ring, whatever its count")
    t.true("&lt;5" not in page and "<5" not in re.sub(r"<[^>]*>", "", page), f"{what}: never <5")
    return rep


check_html(db)
check_html(db, "--lang", "es", "--public")
# the demo's public map hides points (Celaya, Tecún Umán, ...) and is drawn:
# each is the marker in a ring of the one size
rep = check_html(demo, "--public")
t.true(sum(1 for pt in rep["map"]["points"] if pt.get("suppressed")) >= 2, "demo: hidden points on the public map")
check_html(demo, "--public", "--office", "gt", "--lang", "es")
check_html(db, "--public", "--month", "2019-07")

# the PDF has the three figures, in English and in Spanish
for lang, titles in (("en", ["Returns over time", "Returns by month", "Returns by registration point",
                             "Women and men by age", "Natural Earth"]),
                     ("es", ["Retornos a lo largo del tiempo", "Retornos por mes", "Retornos por punto de registro",
                             "Mujeres y hombres por edad", "Natural Earth"])):
    pdf = os.path.join(work, f"f-{lang}.pdf")
    retorno(db, "report", "--format", "pdf", "--lang", lang, "-o", pdf)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    text = re.sub(r"\s+", " ", text)
    for title in titles:
        t.true(title in text, f"pdf {lang}: has '{title}'")

# a point the administrator adds, with its coordinates, is on the map
retorno(db, "vocab", "add", "registration_point", "queretaro", "--office", "mx", "--programs", "avr",
        "--en", "Querétaro", "--es", "Querétaro", "--lat", "20.59", "--lon", "-100.39")
rep = report(db)
q = [pt for pt in rep["map"]["points"] if pt["code"] == "queretaro"]
t.eq([(pt["lat"], pt["lon"], pt["count"], pt["office"]) for pt in q], [(20.59, -100.39, 0, "mx")], "a new point: on the map, 0 returns")
page = retorno(db, "report", "--format", "html").stdout
t.true(re.search(r'<circle[^>]*data-code="queretaro" data-count="0"', page), "a new point: drawn")

# the map's outlines: the build script, run again, gives the committed file
root = os.path.normpath(os.path.join(HERE, "..", ".."))
mapdir = os.path.join(root, "scripts", "map")
node = shutil.which("node")
t.true(node, "node is installed (Node.js 20: scripts/map)")
if node:
    if not os.path.isdir(os.path.join(mapdir, "node_modules", "world-atlas")):
        p = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=mapdir, capture_output=True, text=True)
        t.eq(p.returncode, 0, f"npm ci in scripts/map: {p.stderr[-300:]}")
    out = os.path.join(work, "map_data.c")
    p = subprocess.run([node, "build-map.mjs", "--out", out], cwd=mapdir, capture_output=True, text=True)
    t.eq(p.returncode, 0, f"build-map.mjs runs: {p.stderr[-300:]}")
    t.true(os.path.exists(out) and filecmp.cmp(out, os.path.join(root, "src", "report", "map_data.c"), shallow=False),
           "build-map.mjs gives src/report/map_data.c byte for byte")
t.finish()
