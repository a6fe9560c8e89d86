#!/usr/bin/env python3
"""The honest markers of a public factsheet (docs/report.md, "Hidden cells in
the human formats"): in text, CSV, HTML and PDF a hidden number reads `x`,
never "<5"; every hidden cell of the JSON is an `x` in its chart; the marker
is explained on every PDF page and in every HTML section that shows it; a
mostly hidden chart is one sentence; hidden categories come after the shown
ones. Sample and demo data, several offices and months, both languages."""
import csv, html.parser, io, os, re, subprocess
from reportlib import Checks, report, retorno, workdir, charts, mostly_hidden, SHARED

t = Checks("report-markers")
work = workdir()
sample = os.path.join(work, "s.db")
retorno(sample, "import", "-q", os.path.join(SHARED, "data", "sample-cases.csv"))
demo = os.path.join(work, "d.db")
retorno(demo, "demo", "--cases", "3000", "--seed", "3")

KEY = {"en": "x: hidden to protect people in small groups (fewer than 5)",
       "es": "x: oculto para proteger a personas de grupos pequeños (menos de 5)"}
TOO_FEW = {"en": "Most figures of this chart are hidden to protect people in small groups, so it is not drawn.",
           "es": "La mayoría de las cifras de este gráfico están ocultas para proteger a personas de grupos pequeños; por eso no se dibuja."}
# a value that states a bound instead of hiding: <5, < 5, &lt;5, ≤4
BOUND = re.compile(r"<\s*\d|&lt;\s*\d|≤|&le;")
# the marker as a word of its own ("n = x", "x", "Women x", "29 (x)"), not the key's "x:"
MARK = re.compile(r"(?<![\w:.-])x(?![\w:])")
# natural order in charts (factsheet.c ordinal()); months are chronological
ORDINAL = ("age_band", "education", "no_education_age_group", "family_minors")


class Page(html.parser.HTMLParser):
    """Each <svg>'s attributes and marks (text, tspan, rect with data-code,
    with their text), each <section>'s text, the headline values."""

    def __init__(self):
        super().__init__()
        self.charts, self.sections, self.heads = [], [], {}
        self.cur = self.mark = self.sec = self.head = None
        self.after_headline = ""    # what follows the headline figures, up to the first <section>

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sec = {"text": "", "headline": a.get("class") == "headline"}
            self.sections.append(self.sec)
        if tag == "svg":
            self.cur = {"key": (a.get("data-indicator"), a.get("data-group"), a.get("data-track")),
                        "too_few": a.get("data-too-few") == "true", "marks": [], "text": ""}
            self.charts.append(self.cur)
        elif self.cur is not None and "data-code" in a:
            m = {"tag": tag, "code": a["data-code"], "series": a.get("data-series"),
                 "hidden": a.get("data-suppressed") == "true", "text": ""}
            self.cur["marks"].append(m)
            if tag in ("text", "tspan"):
                self.mark = m
        if tag == "div" and "data-indicator" in a:
            self.head = a["data-indicator"]
            self.heads[self.head] = ""

    def handle_endtag(self, tag):
        if tag == "svg":
            self.cur = None
        if tag in ("text", "tspan"):
            self.mark = None
        if tag == "section":
            self.sec = None
        if tag == "span" and self.head:
            self.head = None    # the value is the first span

    def handle_data(self, data):
        if self.sec is not None:
            self.sec["text"] += data + " "
        elif self.sections and self.sections[-1]["headline"] and len(self.sections) == 1:
            self.after_headline += data
        if self.cur is not None:
            self.cur["text"] += data + " "
        if self.mark is not None:
            self.mark["text"] += data
        if self.head:
            self.heads[self.head] += data


def check_html(page, rep, lang, what):
    p = Page()
    p.feed(page)
    got = {c["key"]: c for c in p.charts}
    t.eq(len(got), len(p.charts), f"{what}: html: one chart per (indicator, group, track)")
    hidden_cells = 0
    for key, chart in charts(rep).items():
        c = got.get(key)
        if c is None:
            t.true(False, f"{what}: html: chart {key} drawn")
            continue
        t.eq(c["too_few"], mostly_hidden(chart), f"{what}: html: chart {key} is a sentence iff mostly hidden")
        if c["too_few"]:
            t.true(TOO_FEW[lang] in re.sub(r"\s+", " ", c["text"]), f"{what}: html: chart {key} says why it is not drawn")
            continue
        shown = {}
        for m in c["marks"]:
            if m["tag"] in ("text", "tspan"):
                shown.setdefault((m["code"], m["series"]), []).append(m)
        for cell, count in chart["cells"].items():
            if count is not None:
                continue
            hidden_cells += 1
            marks = shown.get(cell, [])
            t.true(marks and all(m["hidden"] and re.search(r"(^|\s)x$", m["text"]) for m in marks),
                   f"{what}: html: hidden {key} {cell} reads x: {[m['text'] for m in marks]}")
        if key[0] not in ORDINAL and key[0] not in ("registrations_by_month", "returns_by_month") and key[0] not in ("sex_by_education", "education_by_occupation", "sex_by_age_band"):
            order = [m["hidden"] for m in c["marks"] if m["tag"] in ("text", "rect")]
            t.true(order == sorted(order), f"{what}: html: chart {key}: hidden values after the shown ones")
    for m in (m for c in p.charts for m in c["marks"] if m["hidden"] and m["tag"] != "rect"):
        t.true(re.search(r"(^|\s)x$", m["text"]), f"{what}: html: a hidden mark reads x, not {m['text']!r}")
    for hid, v in p.heads.items():
        ind = rep["indicators"][hid]
        if ind.get("value_suppressed"):
            t.eq(v, "x", f"{what}: html: headline {hid} hidden reads x")
    # the key: after the headline figures when they show an x, in every section that does
    for sec in p.sections:
        if sec["headline"]:
            if MARK.search(sec["text"]):
                t.true(KEY[lang] in p.after_headline, f"{what}: html: key under the headline figures")
        elif MARK.search(sec["text"]):
            t.true(KEY[lang] in sec["text"], f"{what}: html: key in section '{sec['text'][:40]}'")
    return hidden_cells, sum(c["too_few"] for c in p.charts)


def check_csv(text, rep, what):
    rows = list(csv.reader(io.StringIO(text)))
    head, body = rows[0], rows[2:]
    col = {h: i for i, h in enumerate(head)}
    hidden_rows = 0
    last = {}
    for r in body:
        ind_id, group, code = r[col["indicator"]], r[col["group"]], r[col["category"]]
        track, _, iid = ind_id.rpartition(".")
        inds = rep["tracks"][track.replace("_track", "")]["indicators"] if track else rep["indicators"]
        ind = inds[iid]
        if code:
            lst = next(g for g in ind["groups"] if g["code"] == group) if group else ind
            cat = next(c for c in lst["categories"] if c["code"] == code)
            hidden, n_hidden = bool(cat.get("suppressed")), bool(lst.get("n_suppressed"))
            if iid != "registrations_by_month":
                prev = last.get((ind_id, group), False)
                t.true(hidden or not prev, f"{what}: csv: {ind_id} {group}: {code} shown after a hidden one")
                last[(ind_id, group)] = hidden
        else:
            hidden, n_hidden = bool(ind.get("value_suppressed")), bool(ind.get("n_suppressed"))
        hidden_rows += hidden
        if hidden:
            t.eq((r[col["count"]], r[col["share"]], r[col["mention_share"]]), ("", "", ""),
                 f"{what}: csv: {ind_id} {group} {code}: hidden count and shares empty")
        if n_hidden:
            t.eq((r[col["n"]], r[col["share"]]), ("", ""), f"{what}: csv: {ind_id} {group} {code}: hidden n, no share")
        t.eq(r[col["suppressed"]], "yes" if hidden or n_hidden else "", f"{what}: csv: {ind_id} {group} {code}: suppressed flag")
        for k in ("n", "count", "share", "mention_share"):
            t.true(re.fullmatch(r"[0-9.]*", r[col[k]]), f"{what}: csv: {ind_id} {code}: {k} is a number or empty")
    return hidden_rows


def check_text(text, rep, lang, what):
    cats = [(c["label"]) for ind in rep["indicators"].values() for c in ind.get("categories", [])
            if c.get("suppressed")]
    for label in cats:
        t.true(re.search(r"^\s+%s\s+x\s+x$" % re.escape(label), text, re.M), f"{what}: text: hidden '{label}' reads x x")
    if cats:
        t.true(KEY[lang] in text, f"{what}: text: the key under the headline figures")


def check_pdf(path, lang, what):
    pages = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout.split("\f")[:-1]
    marked = 0
    for i, page in enumerate(pages, 1):
        flat = re.sub(r"\s+", " ", page)
        t.true(not BOUND.search(page), f"{what}: pdf page {i}: no <5")
        if MARK.search(page.replace(KEY[lang], "")):
            marked += 1
            t.true(KEY[lang] in flat, f"{what}: pdf page {i} shows x: the key is on it")
    return marked, re.sub(r"\s+", " ", "".join(pages)).count(TOO_FEW[lang])


def check(db, args, lang, formats=("text", "csv", "html", "pdf")):
    """Checks the public outputs of db for args in lang; returns how many
    charts are sentences. (Each public output is protected anew, which takes
    time: the cases below share out the formats.)"""
    what = f"{os.path.basename(db)} {' '.join(args)} {lang}"
    args = ["--public", "--lang", lang, *args]
    rep = report(db, *args)
    out = {f: retorno(db, "report", "--format", f, *args).stdout for f in formats if f != "pdf"}
    for f, s in out.items():
        t.true(not BOUND.search(s), f"{what}: {f}: no <5")
    too_few = None
    if "html" in out:
        n_hidden, too_few = check_html(out["html"], rep, lang, what)
        t.true(n_hidden > 0 or too_few, f"{what}: something hidden to look at ({n_hidden} cells, {too_few} sentences)")
    if "csv" in out:
        t.true(check_csv(out["csv"], rep, what) > 0, f"{what}: csv: some rows hidden")
    if "text" in out:
        check_text(out["text"], rep, lang, what)
    if "pdf" in formats:
        path = os.path.join(work, "f.pdf")
        retorno(db, "report", "--format", "pdf", "-o", path, *args)
        marked, sentences = check_pdf(path, lang, what)
        t.true(marked > 0, f"{what}: pdf: some page shows x")
        if too_few is not None:
            t.eq(sentences, too_few, f"{what}: pdf: one sentence per mostly hidden chart")
    return too_few


# a small case: one office, one month, six returns -- mostly sentences, in both languages
for lang, formats in (("en", ("text", "csv", "html", "pdf")), ("es", ("text", "html", "pdf"))):
    too_few = check(sample, ["--office", "gt", "--month", "2019-07"], lang, formats)
    t.true(too_few >= 10, f"small case {lang}: {too_few} charts replaced by the sentence")
check(sample, ["--office", "mx", "--month", "2020-08"], "es")
check(demo, ["--office", "mx", "--month", "2021-06"], "en")
check(demo, [], "es", ("csv", "html", "pdf"))
# a private report has no marker, no key and no sentence
private = retorno(sample, "report", "--format", "html", "--office", "gt", "--month", "2019-07").stdout
t.true("data-suppressed" not in private and KEY["en"] not in private and TOO_FEW["en"] not in private,
       "private report: nothing hidden, no key, no sentence")
t.finish()
