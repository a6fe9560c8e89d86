/* cmd_summary.c: `retorno summary`: case counts by programme, office, status. */
#include "cli.h"
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno summary\n"
	"\n"
	"Prints how many cases the database holds, by programme, office and status.\n"
	"It shows counts only, never personal data.\n";

static int on_row(void *ctx, int ncol, const char *const *val)
{
	(void)ctx;
	(void)ncol;
	printf("  %-5s %-4s %-14s %8s\n", val[0], val[1], val[2], val[3]);
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
	struct store *st;
	struct vocab v;
	int ex = cli_open(c, &st, &v);
	if (ex)
		return ex;
	int64_t total = 0;
	int rc = store_case_total(st, &total);
	if (!rc) {
		printf("%s: %lld cases\n", c->db, (long long)total);
		printf("  %-5s %-4s %-14s %8s\n", "prog", "off", "status", "cases");
		rc = store_case_counts(st, on_row, NULL);
	}
	if (rc) {
		cli_error("%s", store_errmsg(st));
		ex = EXIT_DATA;
	}
	database_close(st, &v);
	return ex;
}
