#!/usr/bin/env python3
"""The printed factsheet as its readers see it (docs/report.md, "Layout"):
every word of every PDF page, measured where it is drawn (pdftotext -bbox),
stays inside the margins and above the footer, never overlaps another word,
and is never cut with "…". A failure names the chart the word is in (the
PDF's named destinations chart/TRACK/INDICATOR/GROUP, docs/report.md). Run on the demo programme, the sample, the sample
with this year's cases (seven years of months), one month, and a programme
with 21 registration points and 40 occupations, in English and Spanish,
plain and public.

  RETORNO_BIN=./retorno python3 tests/report/test_layout.py [--keep DIR]
"""
import csv, html.parser, os, random, re, subprocess, sys
from reportlib import Checks, retorno, setup, workdir, SHARED

t = Checks("report-layout")
work = workdir()
if "--keep" in sys.argv:   # keep the PDFs to look at
    work = sys.argv[sys.argv.index("--keep") + 1]
    os.makedirs(work, exist_ok=True)

# the page (src/report/factsheet.h): A4, 36 pt margins, the footer's line at the bottom margin
PAGE_W, PAGE_H, MARGIN = 595.276, 841.890, 36.0
FOOTER_TOP = PAGE_H - MARGIN        # the footer's text starts here
SLACK = 0.75                        # pdftotext rounds boxes; glyph boxes are font boxes


def words(pdf):
    """[(page, [(xmin, ymin, xmax, ymax, word)])] of a PDF, from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for m in re.finditer(r"<page [^>]*>(.*?)</page>", out, re.S):
        ws = []
        for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                             m.group(1)):
            ws.append((float(w.group(1)), float(w.group(2)), float(w.group(3)), float(w.group(4)),
                       html.unescape(w.group(5))))
        pages.append(ws)
    return pages


def charts_at(pdf):
    """{page: [(left, top, key)]}: where each chart starts (its named destination)."""
    out = subprocess.run(["pdfinfo", "-dests", pdf], capture_output=True, text=True).stdout
    at = {}
    for m in re.finditer(r'^\s*(\d+) \[ XYZ\s+([\d.]+)\s+([\d.]+)[^\]]*\] "chart/([^"]+)"', out, re.M):
        at.setdefault(int(m.group(1)), []).append((float(m.group(2)), PAGE_H - float(m.group(3)), m.group(4)))
    return at


def chart_of(at, page, x, y):
    """The chart a word at (x, y) of a page is in: the last one that starts above and left of it."""
    best = None
    for left, top, key in at.get(page, []):
        if left <= x + 1 and top <= y + 1 and (best is None or (top, left) > best[:2]):
            best = (top, left, key)
    return best[2] if best else "-"


def overlap(a, b):
    """Whether two word boxes overlap by more than the slack both ways. A
    font box is taller than the ink (accents, descenders): vertically only an
    overlap of more than a third of the smaller box counts."""
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    hmin = min(a[3] - a[1], b[3] - b[1])
    return dx > SLACK and dy > max(SLACK, hmin / 3)


def check_pdf(pdf, what):
    """Fails for any word over the footer or a margin, any two words that
    overlap, any label cut with an ellipsis. Returns the pages' words."""
    pages = words(pdf)
    at = charts_at(pdf)
    t.true(len(pages) > 0, f"{what}: has pages")
    bad_margin, bad_footer, bad_overlap, cut = [], [], [], []
    for n, ws in enumerate(pages, 1):
        body = []
        for w in ws:
            x0, y0, x1, y1, s = w
            if x0 < MARGIN - SLACK or x1 > PAGE_W - MARGIN + SLACK or y0 < MARGIN - SLACK \
                    or y1 > PAGE_H - MARGIN / 2:
                bad_margin.append((n, chart_of(at, n, x0, y0), s, round(x0), round(y0)))
            if y0 >= FOOTER_TOP - SLACK:
                continue   # the footer line itself
            if y1 > FOOTER_TOP - 1:
                bad_footer.append((n, chart_of(at, n, x0, y0), s, round(y0), round(y1)))
            body.append(w)
            if s.endswith("…") and len(s) > 1:
                cut.append((n, chart_of(at, n, x0, y0), s))
        # overlaps: sort by top, compare with the words that start above one's bottom
        body.sort(key=lambda w: w[1])
        for i, a in enumerate(body):
            for b in body[i + 1:]:
                if b[1] > a[3]:
                    break
                if overlap(a, b):
                    bad_overlap.append((n, chart_of(at, n, a[0], a[1]), a[4], b[4], round(a[0]), round(a[1])))
        # the footer: one line, below every other word
        foot = [w for w in ws if w[1] >= FOOTER_TOP - SLACK]
        t.true(foot and re.search(r"\d+$", foot[-1][4]), f"{what}: page {n} has its footer")
    t.eq(bad_margin[:5], [], f"{what}: no word outside the margins")
    t.eq(bad_footer[:5], [], f"{what}: no word crosses the footer")
    t.eq(bad_overlap[:5], [], f"{what}: no two words overlap")
    t.eq(cut[:5], [], f"{what}: no label cut with …")
    return pages


def render(db, name, *args):
    pdf = os.path.join(work, name + ".pdf")
    retorno(db, "report", "--format", "pdf", "-o", pdf, *args)
    return pdf


def sample_rows():
    with open(os.path.join(SHARED, "data", "sample-cases.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[2:]


def shift_year(d, year):
    if not d:
        return d
    y, m, day = d.split("-")
    return f"{year}-{m}-{'28' if m == '02' and day == '29' else day}"


def this_year(header, rows, path, year=2026, last_month=10):
    """The sample's cases again, registered (and returned) this year, up to last_month."""
    col = {c: i for i, c in enumerate(header)}
    out = []
    for k, r in enumerate(rows):
        r = list(r)
        r[col["case_id"]] = f"Y-{k:05d}"
        r[col["group_id"]] = f"YG-{r[col['group_id']]}" if r[col["group_id"]] else ""
        dates = [c for c in ("registration_date", "departure_date", "counselling_date", "survey_date") if r[col[c]]]
        month = 1 + k % last_month
        base = r[col["registration_date"]]
        for c in dates:   # keep the order of the dates: move them all by the same months
            y, m, d = r[col[c]].split("-")
            delta = (int(y) - int(base[:4])) * 12 + int(m) - int(base[5:7])
            mm = month + delta
            yy = year + (mm - 1) // 12
            mm = (mm - 1) % 12 + 1
            r[col[c]] = f"{yy:04d}-{mm:02d}-{min(int(d), 28):02d}"
        if r[col["birth_date"]]:
            r[col["birth_date"]] = shift_year(r[col["birth_date"]], int(r[col["birth_date"]][:4]) + year - int(base[:4]))
        if any(r[col[c]] > f"{year}-{last_month:02d}-28" for c in dates):
            continue
        out.append(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(out)


def wide_programme(db, path, seed=12):
    """A programme with 21 registration points (long names among them) and 40
    occupation sectors, each with some returns; seven years of registrations."""
    header, rows = sample_rows()
    col = {c: i for i, c in enumerate(header)}
    points = ["reynosa", "nuevo_laredo", "matamoros", "nogales", "mexicali", "ciudad_acuna",
              "agua_prieta", "ojinaga", "veracruz", "oaxaca"]
    long = {"reynosa": ("Reynosa-Matamoros border crossing point", "Paso fronterizo Reynosa-Matamoros"),
            "nuevo_laredo": ("Nuevo Laredo International Bridge", "Puente Internacional Nuevo Laredo")}
    for p in points:
        en, es = long.get(p, (p.replace("_", " ").title(),) * 2)
        setup(db, "vocab", "add", "registration_point", p, "--office", "mx", "--programs", "avr",
              "--en", en, "--es", es)
    occ = [f"trade_{i:02d}" for i in range(31)]
    for i, o in enumerate(occ):
        en = f"Trade number {i} and related services" if i % 3 == 0 else f"Trade {i}"
        setup(db, "vocab", "add", "occupation_sector", o, "--en", en, "--es", f"Oficio número {i} y servicios afines")
    rnd = random.Random(seed)
    mx_points = ["mexico_city", "tijuana", "tapachula", "monterrey", "piedras_negras", "guanajuato",
                 "san_luis_potosi", "celaya", "saltillo", "ciudad_juarez"] + points
    out = []
    k = 0
    for year in range(2019, 2026):
        for r in rows:
            if r[col["office"]] != "mx" or r[col["program"]] != "avr":
                continue
            r = list(r)
            k += 1
            r[col["case_id"]] = f"W-{k:05d}"
            r[col["group_id"]] = ""
            r[col["travelling_with"]] = "alone" if r[col["travelling_with"]] else ""
            r[col["registration_point"]] = mx_points[k % len(mx_points)]
            r[col["occupation_sector"]] = occ[k % len(occ)] if k % 4 else r[col["occupation_sector"]]
            base = int(r[col["registration_date"]][:4])
            for c in ("registration_date", "departure_date", "counselling_date", "survey_date", "birth_date"):
                if r[col[c]]:
                    r[col[c]] = shift_year(r[col[c]], int(r[col[c]][:4]) + year - base)
            out.append(r)
    rnd.shuffle(out)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(out)
    setup(db, "import", "-q", path)


# ---- the fixtures ----
header, rows = sample_rows()
sample = os.path.join(work, "sample.db")
setup(sample, "import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
long = os.path.join(work, "long.db")
setup(long, "import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
this_year(header, rows, os.path.join(work, "this-year.csv"))
setup(long, "import", "-q", os.path.join(work, "this-year.csv"))
demo = os.path.join(work, "demo.db")
setup(demo, "demo", "--cases", "3000", "--seed", "7")
wide = os.path.join(work, "wide.db")
wide_programme(wide, os.path.join(work, "wide.csv"))

RUNS = [
    ("demo", demo, ()),
    ("demo-es-public", demo, ("--lang", "es", "--public", "--to", "2021-12-31")),
    ("sample", sample, ()),
    ("sample-es", sample, ("--lang", "es")),
    ("long", long, ()),
    ("long-public", long, ("--public", "--to", "2026-10-31")),
    ("one-month", sample, ("--from", "2019-03-01", "--to", "2019-03-31")),
    ("one-month-es-public", demo, ("--lang", "es", "--public", "--month", "2020-06")),
    ("wide", wide, ()),
    ("wide-es", wide, ("--lang", "es")),
]
if "--only" in sys.argv:
    RUNS = [r for r in RUNS if r[0] in sys.argv[sys.argv.index("--only") + 1].split(",")]
for name, db, args in RUNS:
    check_pdf(render(db, name, *args), name)

t.finish()
