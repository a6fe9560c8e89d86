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
    got = {}
    for c in p.charts:
        key = (c["indicator"], c["group"], c["track"])
        t.true(key not in got, f"{what}: one chart {key}")
        got[key] = c
    for key, chart in want.items():
        c = got.get(key)
        if c is None:
            t.true(False, f"{what}: chart {key} drawn")
            continue
        t.eq(c["too_few"], mostly_hidden(chart), f"{what}: chart {key} is a sentence iff mostly hidden")
        if c["too_few"]:
            t.eq(c["marks"], [], f"{what}: chart {key}: no marks when mostly hidden")
            continue
        g = {}
        for code, series, count in c["marks"]:
            g[(code, series)] = count
        marks = chart["cells"]
        missing = {k: v for k, v in marks.items() if k not in g or g[k] != v}
        # the stacked charts show a 0 segment for codes absent from a group
        extra = {k: v for k, v in g.items() if k not in marks and v not in (0,)}
        t.eq((missing, extra), ({}, {}), f"{what}: chart {key} numbers equal the JSON")
    for hid in ("returns_total", "umc_total", "children_accompanied", "survey_coverage"):
        v = rep["indicators"][hid].get("value")
        shown = "{:,}".format(v) if v is not None else "x"
        t.true(re.search(r'data-indicator="%s"><span class="value">%s\b' % (hid, re.escape(shown)), page), f"{what}: headline {hid} = {shown}")
    return rep


check_html(db)
check_html(db, "--lang", "es", "--public")
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
