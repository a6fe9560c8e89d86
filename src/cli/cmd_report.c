/* cmd_report.c: `retorno report`: the factsheet. */
#include "cli.h"
#include "../report/factsheet.h"
#include "../app/messages.h"
#include "../core/parse.h"
#include <errno.h>
#include <getopt.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: retorno report [options]\n"
	"\n"
	"Computes the programme factsheet: every indicator of the report spec, from the\n"
	"case database. By default: people who returned under the AVR programme, all\n"
	"offices, all dates. Names, birth dates and case ids never appear in a report.\n"
	"\n"
	"Options:\n"
	"  -f, --format F          text (default), json, csv; html (one self-contained\n"
	"                          page), pdf (A4), png (one image per A4 page: needs\n"
	"                          -o FILE.png, writes FILE-1.png, FILE-2.png, ...:\n"
	"                          every page, or none when one fails)\n"
	"      --program P         avr (default), mpp, or all\n"
	"      --office O          one office (mx, gt, ...)\n"
	"      --from DATE         departures on or after DATE (registrations_by_month:\n"
	"                          registrations on or after DATE)\n"
	"      --to DATE           departures on or before DATE\n"
	"      --month YYYY-MM     departures in that calendar month (instead of\n"
	"                          --from and --to)\n"
	"      --lang L            en (default) or es: labels only, codes never change\n"
	"      --public            what 'retorno publish' would publish now (and records\n"
	"                          nothing): counts below the threshold, and any number\n"
	"                          that would reveal them, also combined with published\n"
	"                          editions, are hidden. Whole calendar months that are\n"
	"                          over, or the programme to date up to the end of one\n"
	"                          (--to alone; default: up to the end of last month);\n"
	"                          one programme (not all), one office or all\n"
	"      --min-cell N        the threshold for --public (default 5, at least 5)\n"
	"      --age-bands B       factsheet (0-4, 5-12, 13-17, 18-45, 46-59, 60+, default)\n"
	"                          or sadd (0-4, 5-11, 12-17, 18-59, 60+)\n"
	"  -o, --output FILE       write to FILE instead of standard output: written\n"
	"                          beside it and renamed when complete; never over the\n"
	"                          database; a FIFO or device is written into\n"
	"  -h, --help              print this help\n";

/* The pages of a PNG report: FILE.png -> FILE-1.png, FILE-2.png, ... each
 * written to a temporary file; only when every page is written are they
 * renamed into place, so that a failure leaves no page (and the error names
 * the file the user gave). */
struct png_out {
	struct cli *c;
	struct strbuf prefix;
	struct outfile *page;
	int n, alloc;
	int open_rc;             /* outfile_open's refusal or failure */
	struct strbuf err;
};

static FILE *png_page(void *ctx, int n)
{
	struct png_out *p = ctx;
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? 2 * p->alloc : 8;
		p->page = xrealloc(p->page, st_mult((size_t)p->alloc, sizeof(*p->page)));
	}
	struct outfile *o = &p->page[p->n];
	char *path = xmalloc(p->prefix.len + 32);
	snprintf(path, p->prefix.len + 32, "%s-%d.png", p->prefix.buf, n);
	if ((p->open_rc = outfile_open(o, path, p->c->db, false, &p->err))) {
		free(path);
		return NULL;
	}
	p->n++;
	return o->fp;
}

static int write_png(struct cli *c, const struct report *r, const char *out_path)
{
	struct png_out p = { .c = c, .prefix = STRBUF_INIT, .err = STRBUF_INIT };
	size_t len = strlen(out_path);
	strbuf_add(&p.prefix, out_path,
		   len > 4 && !strcmp(out_path + len - 4, ".png") ? len - 4 : len);
	int pages = 0, saved = 0;
	int rc = report_render_png_pages(r, png_page, &p, &pages);
	if (rc && !p.err.len)
		saved = errno ? errno : EIO;
	/* every page complete and on disk, then the renames */
	for (int i = 0; i < p.n && !rc; i++) {
		FILE *f = p.page[i].fp;
		if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
			rc = RT_EIO;
			saved = errno ? errno : EIO;
		}
	}
	int renamed = 0;
	for (int i = 0; i < p.n; i++) {
		struct outfile *o = &p.page[i];
		if (rc) {
			outfile_abandon(o);
		} else if (outfile_close(o, RT_OK, &p.err)) {
			rc = RT_EIO;
			saved = errno;
			strbuf_reset(&p.err);
		} else {
			renamed++;
		}
	}
	/* a rename that failed after others: no page of this report stays */
	for (int i = 0; rc && i < renamed; i++)
		unlink(p.page[i].path);
	for (int i = 0; i < p.n; i++)
		free((char *)p.page[i].path);
	int ex = EXIT_OK;
	if (rc) {
		if (p.err.len)
			cli_error("%s", p.err.buf);
		else
			cli_error("cannot write %s: %s", out_path, strerror(saved));
		ex = p.open_rc == RT_EINVAL ? EXIT_USAGE : EXIT_DATA;
	} else {
		fprintf(stderr, "wrote %d page%s: %s-1.png ... %s-%d.png\n", pages,
			pages == 1 ? "" : "s", p.prefix.buf, p.prefix.buf, pages);
	}
	free(p.page);
	strbuf_release(&p.prefix);
	strbuf_release(&p.err);
	return ex;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "program", required_argument, NULL, 'p' },
		{ "office", required_argument, NULL, 'O' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "month", required_argument, NULL, 'M' },
		{ "lang", required_argument, NULL, 'l' },
		{ "public", no_argument, NULL, 'P' },
		{ "min-cell", required_argument, NULL, 'm' },
		{ "age-bands", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts o = { .program = "avr", .lang = c->lang, .min_cell = 5 };
	const char *format = "text", *out_path = NULL;
	bool min_cell_given = false;
	const char *month = NULL;
	char month_from[11], month_to[11];
	unsigned long long n;
	int opt;
	while ((opt = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'p': o.program = strcmp(optarg, "all") ? optarg : NULL; break;
		case 'O': o.office = optarg; break;
		case 'F': o.from = optarg; break;
		case 'T': o.to = optarg; break;
		case 'M': month = optarg; break;
		case 'l':
			if (strcmp(optarg, "en") && strcmp(optarg, "es"))
				return cli_usage("report", "--lang is en or es");
			o.lang = strcmp(optarg, "es") ? LANG_EN : LANG_ES;
			break;
		case 'P': o.public_ = true; break;
		case 'm':
			if (parse_uint(optarg, strlen(optarg), 1000, &n) || n < 2)
				return cli_usage("report", "--min-cell takes a number from 2 to 1000");
			o.min_cell = (int)n;
			min_cell_given = true;
			break;
		case 'a':
			if (strcmp(optarg, "factsheet") && strcmp(optarg, "sadd"))
				return cli_usage("report", "--age-bands is factsheet or sadd");
			o.sadd_bands = !strcmp(optarg, "sadd");
			break;
		case 'o': out_path = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("report", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("report", "unexpected argument '%s'", argv[optind]);
	bool png = !strcmp(format, "png");
	int (*render)(const struct report *, FILE *) =
		!strcmp(format, "json") ? report_render_json :
		!strcmp(format, "csv") ? report_render_csv :
		!strcmp(format, "text") ? report_render_text :
		!strcmp(format, "html") ? report_render_html :
		!strcmp(format, "pdf") ? report_render_pdf : NULL;
	if (!render && !png)
		return cli_usage("report", "--format is text, json, csv, html, pdf or png, not '%s'",
				 format);
	if (png && !out_path)
		return cli_usage("report", "--format png writes one file per page: give -o FILE.png");
	if (!strcmp(format, "pdf") && !out_path && isatty(STDOUT_FILENO))
		return cli_usage("report", "a PDF is not for the terminal: give -o FILE.pdf");
	if (min_cell_given && !o.public_)
		return cli_usage("report", "--min-cell goes with --public");
	if (month) {
		rt_date first, last;
		if (o.from || o.to)
			return cli_usage("report", "--month goes instead of --from and --to");
		if (parse_month(month, strlen(month), &first, &last))
			return cli_usage("report", "--month '%s' is not a month (expected YYYY-MM)", month);
		format_date(first, month_from);
		format_date(last, month_to);
		o.from = month_from;
		o.to = month_to;
	}
	if (!cli_check_date("report", "--from", o.from) || !cli_check_date("report", "--to", o.to))
		return EXIT_USAGE;
	if (o.from && o.to && strcmp(o.from, o.to) > 0)
		return cli_usage("report", "--from %s is after --to %s", o.from, o.to);
	struct public_period period;
	if (o.public_) {
		/* the periods a public output may cover: a usage error otherwise */
		struct app_problem pb;
		if (app_public_period(&o, NULL, &period, &pb)) {
			struct strbuf sb = STRBUF_INIT;
			msg_format(&sb, c->lang, pb.code, pb.args);
			int ex = cli_usage("report", "%s", sb.buf);
			strbuf_release(&sb);
			return ex;
		}
	}

	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, CLI_DB_READ);
	if (ex)
		return ex;
	if (!cli_check_code("report", "--program", &app.v, VL_PROGRAM, o.program) ||
	    !cli_check_code("report", "--office", &app.v, VL_OFFICE, o.office)) {
		app_close(&app);
		return EXIT_USAGE;
	}
	struct report r;
	struct app_problem pb;
	if (app_report(&app, &a, &o, &r, &pb)) {
		ex = cli_problem(c, NULL, &pb);
		report_release(&r);
		app_close(&app);
		return ex;
	}
	if (png) {
		ex = write_png(c, &r, out_path);
		goto out;
	}
	struct cli_out out;
	if ((ex = cli_out_open(c, &out, out_path)))
		goto out;
	if (cli_out_close(&out, render(&r, out.fp))) {
		cli_error("cannot write the report to %s: %s",
			  out_path ? out_path : "standard output", strerror(errno));
		ex = EXIT_DATA;
	}
out:
	report_release(&r);
	app_close(&app);
	return ex;
}
