/* Factsheets rendered in several threads at once (as the HTTP server's
 * worker pool will) are byte for byte the ones rendered alone: every format,
 * public and private, English and Spanish, from one demo database. make check
 * runs this file in the dev, ASan+UBSan and ThreadSanitizer builds.
 *
 * RETORNO_THREAD_ITERATIONS=N renders N rounds per thread (default 3), for a
 * longer soak by hand. */
#include "unit.h"
#include "core/parse.h"
#include "domain/database.h"
#include "domain/demo.h"
#include "report/factsheet.h"
#include "report/protect.h"
#include <pthread.h>
#include <unistd.h>

enum { NVARIANT = 4, NFORMAT = 6, NTHREAD = 4, MAX_PAGES = 64 };
enum format { F_JSON, F_CSV, F_TEXT, F_HTML, F_PDF, F_PNG };
static const char *const format_name[NFORMAT] = { "json", "csv", "text", "html", "pdf", "png" };

struct output {
	char *buf;
	size_t len;
};

struct fixture {
	char dir[256];                   /* temporary: the database and PNG pages */
	char db[300];
	struct store *st;
	struct vocab v;
	struct report r[NVARIANT];
	struct output want[NVARIANT][NFORMAT];
	int iterations;
};

struct worker {
	struct fixture *fx;
	pthread_t thread;
	int id;
	int renders, failures;
	char first_failure[160];
};

static void variant_name(int variant, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", variant & 1 ? "public" : "private", variant & 2 ? "es" : "en");
}

static int read_file(const char *path, struct strbuf *sb)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return RT_EIO;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(sb, chunk, n);
	int rc = ferror(f) ? RT_EIO : RT_OK;
	fclose(f);
	return rc;
}

/* Renders one format into out (PNG: every page, each after a "page N, L
 * bytes" line; the files go to dir/<tag>-N.png and are removed). */
static int render(const struct report *r, enum format fmt, const char *dir, const char *tag,
		  struct output *out)
{
	memset(out, 0, sizeof(*out));
	if (fmt == F_PNG) {
		struct strbuf prefix = STRBUF_INIT, all = STRBUF_INIT, page = STRBUF_INIT;
		int pages = 0;
		strbuf_addf(&prefix, "%s/%s", dir, tag);
		int rc = report_render_png(r, prefix.buf, &pages);
		for (int i = 1; i <= pages; i++) {
			struct strbuf path = STRBUF_INIT;
			strbuf_addf(&path, "%s-%d.png", prefix.buf, i);
			strbuf_reset(&page);
			if (read_file(path.buf, &page))
				rc = RT_EIO;
			unlink(path.buf);
			strbuf_addf(&all, "page %d, %zu bytes\n", i, page.len);
			strbuf_add(&all, page.buf, page.len);
			strbuf_release(&path);
		}
		if (pages < 1 || pages > MAX_PAGES)
			rc = RT_ERR;
		strbuf_release(&prefix);
		strbuf_release(&page);
		out->buf = strbuf_detach(&all, &out->len);
		return rc;
	}
	int (*fn)(const struct report *, FILE *) =
		fmt == F_JSON ? report_render_json : fmt == F_CSV ? report_render_csv :
		fmt == F_TEXT ? report_render_text : fmt == F_HTML ? report_render_html :
		report_render_pdf;
	FILE *f = open_memstream(&out->buf, &out->len);
	if (!f)
		return RT_ENOMEM;
	int rc = fn(r, f);
	if (fclose(f))
		rc = RT_EIO;
	return rc;
}

static void output_release(struct output *o)
{
	free(o->buf);
	memset(o, 0, sizeof(*o));
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct strbuf err = STRBUF_INIT;
	*state = fx;   /* teardown cleans up whatever setup got to */
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof(fx->dir), "%s/retorno-threads-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir)) {
		perror(fx->dir);
		return -1;
	}
	snprintf(fx->db, sizeof(fx->db), "%s/demo.db", fx->dir);
	struct demo_opts d = { .cases = 1500, .seed = 11, .actor = "test" };
	if (database_open(fx->db, &fx->st, &fx->v, &err)) {
		fx->st = NULL;
		fprintf(stderr, "%s\n", err.buf);
		return -1;
	}
	if (demo_generate(fx->st, &fx->v, &d, &err)) {
		fprintf(stderr, "%s\n", err.buf);
		return -1;
	}
	for (int k = 0; k < NVARIANT; k++) {
		struct report_opts o = { .program = "avr", .min_cell = 5, .to = "2026-10-31",
					 .public_ = k & 1, .lang = k & 2 ? LANG_ES : LANG_EN };
		struct protect_stats ps;
		if (o.public_ ? report_public(fx->st, &fx->v, &o, NULL, 0, &fx->r[k], &ps, &err)
			      : report_compute(fx->st, &fx->v, &o, &fx->r[k], &err)) {
			fprintf(stderr, "%s\n", err.buf);
			return -1;
		}
		/* a time that is not now: the PDF must take its dates from here */
		snprintf(fx->r[k].generated_at, sizeof(fx->r[k].generated_at), "2001-02-03T04:05:06Z");
	}
	strbuf_release(&err);
	fx->iterations = 3;
	const char *it = getenv("RETORNO_THREAD_ITERATIONS");
	unsigned long long n;
	if (it && !parse_uint(it, strlen(it), 1000, &n) && n > 0)
		fx->iterations = (int)n;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	if (!fx)
		return 0;
	for (int k = 0; k < NVARIANT; k++) {
		report_release(&fx->r[k]);
		for (int f = 0; f < NFORMAT; f++)
			output_release(&fx->want[k][f]);
	}
	if (fx->st)
		database_close(fx->st, &fx->v);
	unlink(fx->db);
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s-wal", fx->db);
	unlink(path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s-shm", fx->db);
	unlink(path.buf);
	strbuf_release(&path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* The PDF's date `key` (cairo writes "(20010203040506Z)" or "(D:...)") holds `digits`. */
static bool pdf_date_is(const struct output *pdf, const char *key, const char *digits)
{
	const char *p = memmem(pdf->buf, pdf->len, key, strlen(key));
	if (!p)
		return false;
	p += strlen(key);
	const char *end = memchr(p, ')', pdf->len - (size_t)(p - pdf->buf));
	return end && memmem(p, (size_t)(end - p), digits, strlen(digits));
}

/* One thread at a time: the reference bytes. */
static void alone(void **state)
{
	struct fixture *fx = *state;
	for (int k = 0; k < NVARIANT; k++) {
		for (int f = 0; f < NFORMAT; f++) {
			assert_int_equal(render(&fx->r[k], f, fx->dir, "alone", &fx->want[k][f]), RT_OK);
			assert_true(fx->want[k][f].len > 1000);
		}
	}
	/* the PDF's dates are the report's generated_at, not the clock's */
	assert_true(pdf_date_is(&fx->want[0][F_PDF], "/CreationDate (", "20010203040506"));
	assert_true(pdf_date_is(&fx->want[0][F_PDF], "/ModDate (", "20010203040506"));
}

/* Each thread, each round: one report (a different one from the other
 * threads), every format, starting at a different format, so that unlike
 * renders overlap too; PNG, by far the slowest (six A4 pages rasterised and
 * compressed), in the first round only. Failures are counted here: cmocka
 * asserts only in the main thread. */
static void *work(void *arg)
{
	struct worker *w = arg;
	struct fixture *fx = w->fx;
	char tag[64];
	for (int it = 0; it < fx->iterations; it++) {
		int k = (w->id + it) % NVARIANT;
		for (int j = 0; j < NFORMAT; j++) {
			int f = (w->id + j) % NFORMAT;
			if (f == F_PNG && it > 0)
				continue;
			struct output got;
			snprintf(tag, sizeof(tag), "t%d-%d", w->id, it);
			int rc = render(&fx->r[k], f, fx->dir, tag, &got);
			const struct output *want = &fx->want[k][f];
			w->renders++;
			if (rc || got.len != want->len || memcmp(got.buf, want->buf, got.len)) {
				if (!w->failures++) {
					char v[32];
					variant_name(k, v, sizeof(v));
					snprintf(w->first_failure, sizeof(w->first_failure),
						 "thread %d, round %d: %s %s: rc %d, %zu bytes, want %zu",
						 w->id, it, v, format_name[f], rc, got.len, want->len);
				}
			}
			output_release(&got);
		}
	}
	return NULL;
}

static void together(void **state)
{
	struct fixture *fx = *state;
	assert_non_null(fx->want[NVARIANT - 1][F_PNG].buf);   /* `alone` ran first */
	struct worker w[NTHREAD];
	for (int i = 0; i < NTHREAD; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].fx = fx;
		w[i].id = i;
		assert_int_equal(pthread_create(&w[i].thread, NULL, work, &w[i]), 0);
	}
	int failures = 0;
	for (int i = 0; i < NTHREAD; i++) {
		assert_int_equal(pthread_join(w[i].thread, NULL), 0);
		assert_int_equal(w[i].renders, fx->iterations * (NFORMAT - 1) + 1);
		if (w[i].failures)
			fprintf(stderr, "differs from the render alone: %s (%d of %d renders)\n",
				w[i].first_failure, w[i].failures, w[i].renders);
		failures += w[i].failures;
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alone),
		cmocka_unit_test(together),
	};
	return cmocka_run_group_tests_name("render threads", tests, setup, teardown);
}
