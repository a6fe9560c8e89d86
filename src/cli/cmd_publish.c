/* cmd_publish.c: `retorno publish` (record an edition of the public
 * factsheet) and `retorno publications` (list them, show one again). */
#include "cli.h"
#include "../app/messages.h"
#include "../core/parse.h"
#include <errno.h>
#include <getopt.h>
#include <unistd.h>

static const char publish_usage[] =
	"usage: retorno publish [--program P] [--office O]\n"
	"                       [--month YYYY-MM | --from DATE --to DATE | --to DATE]\n"
	"                       [--min-cell N] [--format F [-o FILE]]\n"
	"\n"
	"Publishes an edition of the public factsheet: the output that 'report --public'\n"
	"shows, protected jointly with every edition published before it, so that no\n"
	"small count can be worked out from any of them or from their differences. The\n"
	"edition is recorded -- who, when, the filters, every figure, and every format in\n"
	"English and Spanish -- and never changes: 'retorno publications show ID' gives\n"
	"it back exactly. Prints its number and protection figures. Publishing the same\n"
	"filters again with unchanged data gives the recorded edition back and records\n"
	"nothing. Administrators, supervisors and analysts.\n"
	"\n"
	"A public output covers whole calendar months that are over, or the programme to\n"
	"date up to the end of such a month; one office or all offices.\n"
	"\n"
	"Options:\n"
	"      --program P         avr (default) or mpp: one programme\n"
	"      --office O          one office (default: all offices)\n"
	"      --month YYYY-MM     one calendar month\n"
	"      --from DATE         the first day of a month (with --to)\n"
	"      --to DATE           the last day of a month; alone, the programme to date\n"
	"                          up to that day (default: up to the end of last month)\n"
	"      --min-cell N        counts from 1 to N-1 are hidden (default 5, at least 5)\n"
	"  -f, --format F          also write the edition: json, csv, text, html or pdf,\n"
	"                          in the language of --lang\n"
	"  -o, --output FILE       write it to FILE instead of standard output\n"
	"  -h, --help              print this help\n";

static const char publications_usage[] =
	"usage: retorno publications [list]\n"
	"       retorno publications show ID [--format F] [-o FILE]\n"
	"\n"
	"list  the editions of the public factsheet, oldest first: number, when and by\n"
	"      whom, programme, office, period (FIRST..LAST month; ..LAST for the\n"
	"      programme to date), threshold, hidden cells.\n"
	"show  the edition ID exactly as it was published, in the language of --lang.\n"
	"\n"
	"Options of show:\n"
	"  -f, --format F          json (default), csv, text, html or pdf\n"
	"  -o, --output FILE       write to FILE instead of standard output\n"
	"  -h, --help              print this help\n";

static bool known_format(const char *f)
{
	for (int i = 0; i < app_edition_nformats; i++)
		if (!strcmp(app_edition_formats[i], f))
			return true;
	return false;
}

/* A refusal of the period rule: a usage error (exit 1), in the user's language. */
static int period_refused(struct cli *c, const char *cmd, const struct app_problem *pb)
{
	struct strbuf sb = STRBUF_INIT;
	msg_format(&sb, c->lang, pb->code, pb->args);
	int ex = cli_usage(cmd, "%s", sb.buf);
	strbuf_release(&sb);
	return ex;
}

/* Writes edition `id` in `format` to out_path or standard output. */
static int write_edition(struct cli *c, struct app *app, const struct actor *a, int64_t id,
			 const char *format, const char *out_path)
{
	struct cli_out out;
	int ex = cli_out_open(c, &out, out_path);
	if (ex)
		return ex;
	struct app_problem pb;
	if (app_publication_render(app, a, id, format, c->lang, out.fp, &pb)) {
		cli_out_close(&out, RT_ERR);
		if (!pb.code || strcmp(pb.code, "output_failed"))
			return cli_problem(c, NULL, &pb);
		cli_error("cannot write edition %lld to %s: %s", (long long)id,
			  out_path ? out_path : "standard output", strerror(errno));
		return EXIT_DATA;
	}
	if (cli_out_close(&out, RT_OK)) {
		cli_error("cannot write edition %lld to %s: %s", (long long)id,
			  out_path ? out_path : "standard output", strerror(errno));
		return EXIT_DATA;
	}
	return EXIT_OK;
}

int cmd_publish(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "program", required_argument, NULL, 'p' },
		{ "office", required_argument, NULL, 'O' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "month", required_argument, NULL, 'M' },
		{ "min-cell", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts o = { .program = "avr", .lang = c->lang, .min_cell = 5,
				 .public_ = true };
	const char *format = NULL, *out_path = NULL, *month = NULL;
	char month_from[11], month_to[11];
	unsigned long long n;
	int opt;
	while ((opt = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': o.program = strcmp(optarg, "all") ? optarg : NULL; break;
		case 'O': o.office = optarg; break;
		case 'F': o.from = optarg; break;
		case 'T': o.to = optarg; break;
		case 'M': month = optarg; break;
		case 'm':
			if (parse_uint(optarg, strlen(optarg), 1000, &n) || n < 1)
				return cli_usage("publish", "--min-cell takes a number from 5 to 1000");
			o.min_cell = (int)n;
			break;
		case 'f': format = optarg; break;
		case 'o': out_path = optarg; break;
		case 'h': fputs(publish_usage, stdout); return EXIT_OK;
		default: return cli_usage("publish", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("publish", "unexpected argument '%s'", argv[optind]);
	if (format && !known_format(format))
		return cli_usage("publish", "--format is json, csv, text, html or pdf, not '%s'",
				 format);
	if (out_path && !format)
		return cli_usage("publish", "-o goes with --format");
	if (format && !strcmp(format, "pdf") && !out_path && isatty(STDOUT_FILENO))
		return cli_usage("publish", "a PDF is not for the terminal: give -o FILE.pdf");
	if (month) {
		rt_date first, last;
		if (o.from || o.to)
			return cli_usage("publish", "--month goes instead of --from and --to");
		if (parse_month(month, strlen(month), &first, &last))
			return cli_usage("publish", "--month '%s' is not a month (expected YYYY-MM)",
					 month);
		format_date(first, month_from);
		format_date(last, month_to);
		o.from = month_from;
		o.to = month_to;
	}
	if (!cli_check_date("publish", "--from", o.from) || !cli_check_date("publish", "--to", o.to))
		return EXIT_USAGE;
	struct public_period period;
	struct app_problem pb;
	if (app_public_period(&o, NULL, &period, &pb))
		return period_refused(c, "publish", &pb);

	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, CLI_DB_WRITE);
	if (ex)
		return ex;
	if (!cli_check_code("publish", "--program", &app.v, VL_PROGRAM, o.program) ||
	    !cli_check_code("publish", "--office", &app.v, VL_OFFICE, o.office)) {
		app_close(&app);
		return EXIT_USAGE;
	}
	struct app_edition e;
	bool reused;
	if (app_publish(&app, &a, &o, &e, &reused, &pb)) {
		ex = cli_problem(c, NULL, &pb);
		app_close(&app);
		return ex;
	}
	/* the figures go to standard output, unless the edition itself does */
	FILE *say = format && !out_path ? stderr : stdout;
	struct strbuf sb = STRBUF_INIT;
	if (reused)
		msg_formatf(&sb, c->lang, "edition_unchanged", "%lld", (long long)e.id);
	else
		msg_formatf(&sb, c->lang, "edition_recorded",
			    "%lld" MSG_SEP "%d" MSG_SEP "%d" MSG_SEP "%d" MSG_SEP "%lld",
			    (long long)e.id, e.cells, e.hidden, e.hidden_small,
			    (long long)e.people_hidden);
	fprintf(say, "%s\n", sb.buf);
	fflush(say);
	strbuf_release(&sb);
	if (format)
		ex = write_edition(c, &app, &a, e.id, format, out_path);
	app_close(&app);
	return ex;
}

/* "2021-01..2021-03", or "..2021-03" for the programme to date. */
static void period_text(const struct public_period *p, char out[24])
{
	snprintf(out, 24, "%.7s..%.7s", p->from, p->to);
}

static int print_edition(void *ctx, const struct app_edition *e)
{
	int *count = ctx;
	char period[24];
	period_text(&e->period, period);
	printf("%7lld  %-20s  %-16s  %-9s %-7s %-17s %3d  %6d\n", (long long)e->id, e->created_at,
	       e->created_by, e->program, e->office[0] ? e->office : "all", period, e->min_cell,
	       e->hidden);
	(*count)++;
	return 0;
}

static int list_editions(struct cli *c, struct app *app, const struct actor *a)
{
	struct strbuf sb = STRBUF_INIT;
	struct app_problem pb;
	int count = 0;
	msg_format(&sb, c->lang, "editions_header", NULL);
	printf("%s\n", sb.buf);
	strbuf_release(&sb);
	if (app_publications_list(app, a, print_edition, &count, &pb))
		return cli_problem(c, NULL, &pb);
	if (!count) {
		msg_format(&sb, c->lang, "editions_none", NULL);
		fprintf(stderr, "%s\n", sb.buf);
		strbuf_release(&sb);
	}
	return EXIT_OK;
}

int cmd_publications(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *out_path = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'o': out_path = optarg; break;
		case 'h': fputs(publications_usage, stdout); return EXIT_OK;
		default: return cli_usage("publications", "unknown option");
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	bool list = nargs == 0 || (nargs == 1 && !strcmp(args[0], "list"));
	bool show = nargs == 2 && !strcmp(args[0], "show");
	if (!list && !show)
		return cli_usage("publications", "say 'list' or 'show ID'");
	if (list && (format || out_path))
		return cli_usage("publications", "--format and -o go with 'show ID'");
	unsigned long long id = 0;
	if (show && (parse_uint(args[1], strlen(args[1]), INT64_MAX, &id) || !id))
		return cli_usage("publications", "'%s' is not an edition number", args[1]);
	if (!format)
		format = "json";
	if (!known_format(format))
		return cli_usage("publications", "--format is json, csv, text, html or pdf, not '%s'",
				 format);
	if (show && !strcmp(format, "pdf") && !out_path && isatty(STDOUT_FILENO))
		return cli_usage("publications", "a PDF is not for the terminal: give -o FILE.pdf");
	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, CLI_DB_READ);
	if (ex)
		return ex;
	ex = list ? list_editions(c, &app, &a)
		  : write_edition(c, &app, &a, (int64_t)id, format, out_path);
	app_close(&app);
	return ex;
}
