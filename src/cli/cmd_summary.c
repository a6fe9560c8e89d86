/* cmd_summary.c: `retorno summary`: case counts by programme, office, status. */
#include "cli.h"
#include "../core/parse.h"
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno summary\n"
	"\n"
	"Prints how many cases the database holds, by programme, office and status.\n"
	"It shows counts only, never personal data.\n";

struct counts {
	struct strbuf rows;
	int64_t total;
};

static int on_row(void *ctx, int ncol, const char *const *val)
{
	struct counts *c = ctx;
	unsigned long long n = 0;
	(void)ncol;
	parse_uint(val[3], strlen(val[3]), INT64_MAX, &n);
	c->total += (int64_t)n;
	strbuf_addf(&c->rows, "  %-5s %-4s %-14s %8s\n", val[0], val[1], val[2], val[3]);
	return 0;
}

int cmd_summary(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage_text, stdout);
			return EXIT_OK;
		}
		return cli_usage("summary", "unknown option");
	}
	if (optind != argc)
		return cli_usage("summary", "unexpected argument '%s'", argv[optind]);
	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, CLI_DB_READ);
	if (ex)
		return ex;
	struct counts cn = { STRBUF_INIT, 0 };
	struct app_problem pb;
	if (app_case_counts(&app, &a, on_row, &cn, &pb)) {
		ex = cli_problem(c, NULL, &pb);
	} else {
		/* the cases of the actor's offices: all of them for the local administrator */
		printf("%s: %lld cases\n", c->db_shown, (long long)cn.total);
		printf("  %-5s %-4s %-14s %8s\n", "prog", "off", "status", "cases");
		fputs(cn.rows.buf, stdout);
	}
	strbuf_release(&cn.rows);
	app_close(&app);
	return ex;
}
