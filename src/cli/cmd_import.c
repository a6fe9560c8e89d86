/* cmd_import.c: `retorno import FILE.csv`. */
#include "cli.h"
#include "../io/csv_import.h"
#include "../core/parse.h"
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: retorno import [options] FILE.csv\n"
	"\n"
	"Loads cases from an interchange CSV file (see docs/data-dictionary in the\n"
	"spec). The file is checked against every rule; if any row has an error,\n"
	"nothing is written and every error is listed with its line and column.\n"
	"A row whose case_id exists already updates that case.\n"
	"\n"
	"Options:\n"
	"  -n, --dry-run                check the file and report, write nothing\n"
	"      --ignore-unknown-columns skip columns the data dictionary does not define\n"
	"      --max-errors N           list at most N errors (default 100); the rest are counted\n"
	"  -q, --quiet                  no progress or summary, errors only\n"
	"  -h, --help                   print this help\n"
	"\n"
	"FILE may be '-' for standard input.\n";

struct ctx {
	bool quiet, progress;
	off_t size;
};

/* Prints text from the input with control characters shown as '?', so that a
 * hostile file cannot send escape sequences to the officer's terminal. */
static void put_safe(const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, stderr);
}

static void on_error(void *p, const struct import_error *e)
{
	(void)p;
	put_safe(e->file);
	if (e->line)
		fprintf(stderr, ": line %ld", e->line);
	if (e->line && e->column > 0)
		fprintf(stderr, ", column %d", e->column);
	if (e->field)
		fprintf(stderr, " (%s)", e->field);
	fputs(": ", stderr);
	put_safe(e->msg);
	fputc('\n', stderr);
}

static void on_progress(void *p, uint64_t bytes, int64_t rows)
{
	struct ctx *c = p;
	if (!c->progress)
		return;
	if (c->size > 0)
		fprintf(stderr, "\rimporting: %3d%%  %lld rows", (int)(bytes * 100 / (uint64_t)c->size),
			(long long)rows);
	else
		fprintf(stderr, "\rimporting: %lld rows", (long long)rows);
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "ignore-unknown-columns", no_argument, NULL, 'U' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_opts o = { .actor = c->actor, .on_error = on_error,
				 .on_progress = on_progress };
	struct ctx cx = { 0 };
	int opt;
	unsigned long long n;
	while ((opt = getopt_long(argc, argv, "nqh", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': o.dry_run = true; break;
		case 'U': o.ignore_unknown_columns = true; break;
		case 'q': cx.quiet = true; break;
		case 'm':
			if (parse_uint(optarg, strlen(optarg), 1000000, &n) || n == 0)
				return cli_usage("import", "--max-errors takes a number from 1 to 1000000");
			o.max_errors = (size_t)n;
			break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("import", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage("import", "give exactly one FILE.csv to import");
	o.path = argv[optind];
	o.ctx = &cx;
	struct stat sb;
	if (strcmp(o.path, "-") && stat(o.path, &sb) == 0)
		cx.size = sb.st_size;
	cx.progress = !cx.quiet && isatty(STDERR_FILENO);

	struct store *st;
	struct vocab v;
	int ex = cli_open(c, &st, &v);
	if (ex)
		return ex;
	struct import_result res;
	struct strbuf err = STRBUF_INIT;
	int rc = csv_import(st, &v, &o, &res, &err);
	if (cx.progress)
		fputs("\r\033[K", stderr);
	const char *name = strcmp(o.path, "-") ? o.path : "(stdin)";
	size_t shown = o.max_errors ? o.max_errors : 100;
	if (rc == RT_EINVAL) {
		if ((size_t)res.errors > shown)
			fprintf(stderr, "%s: ... and %lld more errors\n", name,
				(long long)(res.errors - (int64_t)shown));
		fprintf(stderr, "%s: %lld error%s in %lld rows; nothing was imported\n", name,
			(long long)res.errors, res.errors == 1 ? "" : "s", (long long)res.rows);
		ex = EXIT_DATA;
	} else if (rc) {
		cli_error("%s", err.buf);
		ex = EXIT_DATA;
	} else if (!cx.quiet) {
		if (res.rows == 0)
			fprintf(stderr, "%s: no data rows; nothing to import\n", name);
		else
			printf("%s %s: %lld rows (%lld new, %lld updated)\n",
			       o.dry_run ? "checked, not imported" : "imported", name,
			       (long long)res.rows, (long long)res.inserted, (long long)res.updated);
	}
	strbuf_release(&err);
	database_close(st, &v);
	return ex;
}
