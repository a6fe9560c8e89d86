/* cmd_import.c: `retorno import FILE.csv`. */
#include "cli.h"
#include "../app/messages.h"
#include "../io/csv_import.h"
#include "../core/parse.h"
#include "../core/textcheck.h"
#include <errno.h>
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
	"Files from Excel: save them as \"CSV UTF-8\". A file separated by ';'\n"
	"(Excel in Spanish) is read as such when its header line is. A UTF-16 file\n"
	"(\"Unicode Text\") or a Windows-1252 one (Excel's plain \"CSV\") is named and\n"
	"refused, unless --encoding says to convert it.\n"
	"\n"
	"Options:\n"
	"  -n, --dry-run                check the file and report, write nothing (without a\n"
	"                               database: against the shipped code lists, creating none)\n"
	"      --encoding ENC           convert from ENC: utf-16, windows-1252, latin1\n"
	"                               (read as windows-1252), utf-8 (the default)\n"
	"      --ignore-unknown-columns skip columns the data dictionary does not define\n"
	"      --max-errors N           list at most N errors (default 100); the rest are counted\n"
	"  -q, --quiet                  no progress or summary, errors only\n"
	"  -h, --help                   print this help\n"
	"\n"
	"FILE may be '-' for standard input.\n";

struct ctx {
	bool quiet, progress;
	off_t size;
	enum lang lang;
};

/* Prints text from the input with control characters (C1 and bidi controls
 * too) shown as '?', so that a hostile file cannot send escape sequences to
 * the officer's terminal. */
static void put_safe(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	text_add_printable(&sb, s, strlen(s));
	fputs(sb.buf ? sb.buf : "", stderr);
	strbuf_release(&sb);
}

/* Prints a message line to stderr (see put_safe) and empties it. */
static void put_line(struct strbuf *line)
{
	put_safe(line->buf);
	fputc('\n', stderr);
	strbuf_reset(line);
}

/* "FILE: line 4, column 19 (transport_mode): message", in the user's language. */
static void on_error(void *p, const struct import_error *e)
{
	struct ctx *c = p;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, e->file);
	if (e->line) {
		strbuf_adds(&sb, ": ");
		msg_formatf(&sb, c->lang, "at_line", "%ld", e->line);
	}
	if (e->line && e->column > 0) {
		strbuf_adds(&sb, ", ");
		msg_formatf(&sb, c->lang, "at_column", "%d", e->column);
	}
	if (e->field)
		strbuf_addf(&sb, " (%s)", e->field);
	strbuf_adds(&sb, ": ");
	msg_format(&sb, c->lang, e->code, e->args);
	put_line(&sb);
	strbuf_release(&sb);
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
		{ "encoding", required_argument, NULL, 'E' },
		{ "ignore-unknown-columns", no_argument, NULL, 'U' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_opts o = { .on_error = on_error, .on_progress = on_progress };
	struct ctx cx = { .lang = c->lang };
	int opt;
	unsigned long long n;
	while ((opt = getopt_long(argc, argv, "nqh", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': o.dry_run = true; break;
		case 'U': o.ignore_unknown_columns = true; break;
		case 'E':
			if (text_encoding_parse(optarg, &o.encoding))
				return cli_usage("import", "--encoding is utf-8, utf-16, windows-1252 "
						 "or latin1, not '%s'", optarg);
			break;
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

	struct app app;
	struct actor a;
	/* a dry run creates nothing: without a database it checks the file
	 * against the shipped code lists, in memory */
	struct cli fresh = *c;
	struct stat db_st;
	if (o.dry_run && !store_is_address(c->db) && stat(c->db, &db_st) != 0 && errno == ENOENT)
		fresh.db = ":memory:";
	int ex = cli_app_open(&fresh, &app, &a, o.dry_run ? CLI_DB_WRITE : CLI_DB_CREATE);
	if (ex)
		return ex;
	struct app_import_result ares;
	struct app_problem pb;
	int status = app_import(&app, &a, &o, &ares, &pb);
	const struct import_result res = ares.r;
	int rc = status == APP_INVALID ? RT_EINVAL : status ? RT_EIO : RT_OK;
	if (cx.progress)
		fputs("\r\033[K", stderr);
	const char *name = strcmp(o.path, "-") ? o.path : "(stdin)";
	size_t shown = o.max_errors ? o.max_errors : 100;
	struct strbuf line = STRBUF_INIT;
	if (rc == RT_EINVAL) {
		if ((size_t)res.errors > shown) {
			msg_formatf(&line, c->lang, "import_more_errors", "%s" MSG_SEP "%lld", name,
				    (long long)(res.errors - (int64_t)shown));
			put_line(&line);
		}
		msg_formatf(&line, c->lang, "import_failed_summary",
			    "%s" MSG_SEP "%lld" MSG_SEP "%lld", name, (long long)res.errors,
			    (long long)res.rows);
		put_line(&line);
		ex = EXIT_DATA;
	} else if (rc) {
		ex = cli_problem(c, NULL, &pb);
	} else if (!cx.quiet) {
		if (res.rows == 0) {
			msg_formatf(&line, c->lang, "import_no_rows", "%s", name);
			put_line(&line);
		} else {
			msg_formatf(&line, c->lang, o.dry_run ? "import_checked" : "import_done",
				    "%s" MSG_SEP "%lld" MSG_SEP "%lld" MSG_SEP "%lld" MSG_SEP "%lld",
				    name, (long long)res.rows, (long long)res.inserted,
				    (long long)res.updated, (long long)ares.unchanged);
			printf("%s\n", line.buf);
		}
	}
	strbuf_release(&line);
	app_close(&app);
	return ex;
}
