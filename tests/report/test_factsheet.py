#!/usr/bin/env python3
"""The printable factsheet (HTML, PDF, PNG): self-contained, well-formed, and
showing exactly the numbers of the JSON report -- suppression included."""
import html.parser, json, os, re, subprocess
from reportlib import Checks, report, retorno, workdir, charts, mostly_hidden, SHARED

t = Checks("factsheet")
work = workdir()
db = os.path.join(work, "s.db")
retorno(db, "import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
demo = os.path.join(work, "d.db")
retorno(demo, "demo", "--cases", "4000", "--seed", "5")


class SvgData(html.parser.HTMLParser):
    """Collects each <svg>'s data-indicator/data-group and its marks' data-*."""
    def __init__(self):
        super().__init__()
        self.charts, self.heads, self.cur = [], {}, None
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in a.items():
            if k in ("src", "href") or (v and re.search(r"(https?:|//|url\()", v)):
                self.urls.append((tag, k, v))
        if tag == "svg":
            self.cur = {"indicator": a.get("data-indicator"), "group": a.get("data-group"),
                        "track": a.get("data-track"), "too_few": a.get("data-too-few") == "true",
                        "marks": []}
            self.charts.append(self.cur)
        elif self.cur is not None and "data-code" in a:
            self.cur["marks"].append((a["data-code"], a.get("data-series"),
                                      None if a.get("data-suppressed") == "true" else int(a["data-count"])))
        if tag == "div" and "data-indicator" in a:
            self.heads[a["data-indicator"]] = None
            self._head = a["data-indicator"]

    def handle_endtag(self, tag):
        if tag == "svg":
            self.cur = None


def parse_charts(p, what):
    """{(indicator, group, track): chart} of a parsed page; a key twice fails."""
    got = {}
    for c in p.charts:
        key = (c["indicator"], c["group"], c["track"])
        t.true(key not in got, f"{what}: one chart {key}")
        got[key] = c
    return got


def compare(want, got):
    """{key: what is wrong} for every chart of the JSON (want) whose drawing
    (got) does not show exactly its numbers. A month with no registration
    before the first month with any is not drawn (docs/report.md, Layout)."""
    bad = {}
    for key, chart in want.items():
        c = got.get(key)
        if c is None:
            bad[key] = "not drawn"
            continue
        if c["too_few"] != mostly_hidden(chart):
            bad[key] = "a sentence iff mostly hidden"
            continue
        if c["too_few"]:
            if c["marks"]:
                bad[key] = "marks of a mostly hidden chart"
            continue
        g = {}
        for code, series, count in c["marks"]:
            if g.get((code, series), count) != count:
                bad[key] = f"{(code, series)} drawn as {g[(code, series)]} and {count}"
            g[(code, series)] = count
        marks = chart["cells"]
        missing = {k: v for k, v in marks.items() if (k not in g and v != 0) or (k in g and g[k] != v)}
        # the stacked charts show a 0 segment for codes absent from a group
        extra = {k: v for k, v in g.items() if k not in marks and v not in (0,)}
        if missing or extra:
            bad[key] = f"numbers differ from the JSON: {missing} {extra}"
    return bad


def mutations(page):
    """Every chart of the page with one of its values changed: (index of the
    chart, its <svg> changed). A shown count goes up by one; a hidden one is
    shown as 1."""
    for i, svg in enumerate(re.findall(r"<svg\b.*?</svg>", page, re.S)):
        m = re.search(r'data-count="(\d+)"', svg)
        if m:
            svg = svg[:m.start()] + f'data-count="{int(m.group(1)) + 1}"' + svg[m.end():]
        else:
            m = re.search(r'data-suppressed="true"', svg)
            if not m:
                continue   # a mostly hidden chart: a sentence, nothing to change
            svg = svg[:m.start()] + 'data-count="1"' + svg[m.end():]
        yield i, svg

def check_html(dbfile, *args):
    what = " ".join(args) or "default"
    page = retorno(dbfile, "report", "--format", "html", *args).stdout
    rep = report(dbfile, *args)
    p = SvgData()
    p.feed(page)
    t.eq(p.urls, [], f"{what}: no src/href/URL in any tag")
    t.true(not re.search(r"https?://|url\(|@import|<script|<img|<link", page), f"{what}: no external URL, script, image or stylesheet")
    t.true("default-src 'none'" in page, f"{what}: CSP forbids every request")
    t.true(page.startswith("<!DOCTYPE html>"), f"{what}: HTML5")
    # every <svg> is well-formed XML
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    t.true(len(svgs) >= 25, f"{what}: {len(svgs)} charts")
    path = os.path.join(work, "charts.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("<charts>" + "".join(svgs) + "</charts>")
    x = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
    t.eq((x.returncode, x.stderr), (0, ""), f"{what}: SVG well-formed (xmllint)")
    # every chart's numbers are the JSON's; a mostly hidden chart is a sentence, no marks
    want = charts(rep)
    got = parse_charts(p, what)
    for key, problem in compare(want, got).items():
        t.true(False, f"{what}: chart {key}: {problem}")
    for hid in ("returns_total", "umc_total", "children_accompanied", "survey_coverage"):
        v = rep["indicators"][hid].get("value")
        shown = "{:,}".format(v) if v is not None else "x"
        t.true(re.search(r'data-indicator="%s"><span class="value">%s\b' % (hid, re.escape(shown)), page), f"{what}: headline {hid} = {shown}")
    return rep


check_html(db)
check_html(db, "--lang", "es", "--public")

# The check above can fail: change one value of any chart, in either track
# (the MPP track's charts have the same indicator ids as the main ones),
# and it must name that chart. Checked on the demo's page, which has both.
for margs in ((), ("--public",)):
    page = retorno(demo, "report", "--format", "html", *margs).stdout
    want = charts(report(demo, *margs))
    p = SvgData()
    p.feed(page)
    t.eq(compare(want, parse_charts(p, "mutation")), {}, f"mutation {margs}: the page as drawn passes")
    keys = [(c["indicator"], c["group"], c["track"]) for c in p.charts]
    t.true(any(k[2] == "mpp" for k in keys), f"mutation {margs}: the page has the MPP track")
    caught, n = [], 0
    for i, svg in mutations(page):
        if keys[i] not in want:
            continue   # not a chart of the JSON's indicators
        n += 1
        q = SvgData()
        q.feed(svg)
        p2 = SvgData()
        p2.charts = p.charts[:i] + q.charts + p.charts[i + 1:]
        bad = compare(want, parse_charts(p2, "mutation"))
        if keys[i] not in bad:
            caught.append(keys[i])
    t.eq(caught, [], f"mutation {margs}: a change to any one of {n} charts is caught, for that chart")
    t.true(n >= 30, f"mutation {margs}: {n} charts mutated")
    t.true(any(keys[i][2] == "mpp" for i, _ in mutations(page)), f"mutation {margs}: MPP charts mutated too")
    # the PDF keys its charts the same way: a named destination
    # chart/TRACK/INDICATOR/GROUP where each starts (- for none)
    pdf = os.path.join(work, "keys.pdf")
    retorno(demo, "report", "--format", "pdf", "-o", pdf, *margs)
    dests = subprocess.run(["pdfinfo", "-dests", pdf], capture_output=True, text=True).stdout
    pkeys = [tuple(None if x == "-" else x for x in (m.group(2), m.group(3), m.group(1)))
             for m in re.finditer(r'"chart/([^/"]+)/([^/"]+)/([^/"]+)"', dests)]   # (indicator, group, track)
    t.eq(sorted(pkeys, key=str), sorted(keys, key=str), f"pdf {margs}: one destination per chart, keyed as the SVG's")
check_html(demo, "--public", "--min-cell", "10")
check_html(demo, "--program", "mpp", "--age-bands", "sadd")
# suppressed values never become bars: no rect carries a hidden value
page = retorno(demo, "report", "--format", "html", "--public").stdout
hidden_rects = re.findall(r'<rect[^>]*width="([0-9.]+)"[^>]*data-suppressed="true"', page)
t.true('data-suppressed="true"' in page, "some values suppressed in the public demo")
t.true(len(hidden_rects) > 0, "including segments of 100% bars, drawn with no width")
t.eq([w for w in hidden_rects if float(w) > 0], [], "a suppressed value is never drawn with a width")
t.true(re.search(r'data-suppressed="true"[^>]*>x</text>', page), "shown as x")
t.true("&lt;5" not in page, "never as <5")


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout


for lang, titles in (("en", ["Assisted Voluntary Return", "Where people registered and where they returned",
                             "Abuses suffered during the journey", "Plans on return", "MPP track",
                             "Registrations by month and registration point", "Women and men in each education level"]),
                     ("es", ["Retorno Voluntario Asistido", "Dónde se registraron y a dónde retornaron",
                             "Abusos sufridos durante el viaje", "Planes al retornar", "Componente MPP",
                             "Registros por mes y punto de registro", "Mujeres y hombres en cada nivel educativo"])):
    pdf = os.path.join(work, f"f-{lang}.pdf")
    retorno(db, "report", "--format", "pdf", "--lang", lang, "-o", pdf)
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    t.eq(q.returncode, 0, f"pdf {lang}: qpdf --check")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    t.true(3 <= pages <= 8, f"pdf {lang}: {pages} A4 pages")
    t.true(re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info), f"pdf {lang}: A4")
    text = pdf_text(pdf)
    for title in titles:
        t.true(title in text, f"pdf {lang}: has '{title}'")
    rep = report(db, "--lang", lang)
    for hid in ("returns_total", "children_accompanied"):
        t.true("{:,}".format(rep["indicators"][hid]["value"]) in text, f"pdf {lang}: headline {hid}")
    t.true(rep["indicators"]["sex"]["label"] in text, f"pdf {lang}: indicator labels in {lang}")
    if lang == "es":
        t.true("People assisted" not in text, "pdf es: no English headline")
    # the PNG pages are the same pages
    prefix = os.path.join(work, f"f-{lang}")
    p = retorno(db, "report", "--format", "png", "--lang", lang, "-o", prefix + ".png")
    pngs = sorted(f for f in os.listdir(work) if f.startswith(f"f-{lang}-") and f.endswith(".png"))
    t.eq(len(pngs), pages, f"png {lang}: one image per PDF page")
    with open(os.path.join(work, pngs[0]), "rb") as f:
        head = f.read(24)
    t.eq(head[:8], b"\x89PNG\r\n\x1a\n", f"png {lang}: a PNG")
    t.eq((int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")), (1240, 1754), f"png {lang}: A4 at 150 dpi")

# public PDF: the suppressed values read "x", never "<5", and no personal data
pdf = os.path.join(work, "pub.pdf")
retorno(db, "report", "--format", "pdf", "--public", "-o", pdf)
text = pdf_text(pdf)
t.true(re.search(r"(?<![\w:])x(?![\w:])", text) and "<5" not in text, "public pdf shows x, not <5")
t.true("Flores López" not in text and "S-0001" not in text, "no names or ids in the PDF")
# a hostile label (an administrator's typo or worse) is text, never markup
hostile = os.path.join(work, "h.db")
label = '<script>alert(1)</script> & "Tijuana" ' + "very long label " * 9
retorno(hostile, "vocab", "add", "registration_point", "evil", "--office", "mx", "--programs", "avr",
        "--en", label, "--es", "x")
with open(os.path.join(SHARED, "data", "sample-cases.csv"), encoding="utf-8") as f:
    lines = f.read().splitlines()
with open(os.path.join(work, "h.csv"), "w", encoding="utf-8") as f:
    f.write(lines[0] + "\n" + lines[2].replace(",tijuana,", ",evil,") + "\n")
retorno(hostile, "import", "-q", os.path.join(work, "h.csv"))
page = retorno(hostile, "report", "--format", "html").stdout
t.true("<script" not in page, "hostile label: no <script> element")
t.true("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Tijuana&quot;" in page, "hostile label escaped")
svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
path = os.path.join(work, "hostile.xml")
with open(path, "w", encoding="utf-8") as f:
    f.write("<charts>" + "".join(svgs) + "</charts>")
t.eq(subprocess.run(["xmllint", "--noout", path]).returncode, 0, "hostile label: SVG still well-formed")
# an empty database still gives a whole factsheet (reading commands never
# create one: an import of a file with only its header does)
empty_pdf, header = os.path.join(work, "empty.pdf"), os.path.join(work, "header.csv")
with open(os.path.join(SHARED, "data", "sample-cases.csv"), encoding="utf-8") as f, \
        open(header, "w", encoding="utf-8") as h:
    h.write(f.readline())
retorno(os.path.join(work, "empty.db"), "import", "-q", header)
retorno(os.path.join(work, "empty.db"), "report", "--format", "pdf", "-o", empty_pdf)
t.eq(subprocess.run(["qpdf", "--check", empty_pdf], capture_output=True).returncode, 0, "empty database: valid PDF")

# usage mistakes
t.eq(retorno(db, "report", "--format", "png", check=False).returncode, 1, "png needs -o")
t.eq(retorno(db, "report", "--format", "svg", check=False).returncode, 1, "unknown format")
t.finish()
