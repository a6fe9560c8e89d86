/* cmd_migrate.c: `retorno migrate-to postgresql://...`: the SQLite database
 * copied into an empty PostgreSQL one (app_migrate_to()). */
#include "cli.h"
#include <getopt.h>
#include <unistd.h>

static const char migrate_usage[] =
	"usage: retorno [--db FILE] migrate-to postgresql://USER@HOST/DBNAME [-q]\n"
	"\n"
	"Copies the whole SQLite database FILE into an EMPTY PostgreSQL database\n"
	"(make one with createdb): cases and surveys, their history, the audit\n"
	"trail, users, sessions, tokens, failed sign-ins, code lists, registration\n"
	"points with their coordinates, import batches, published editions with\n"
	"their cells and renders, the counts and the case-number sequences. Ids are\n"
	"kept. The copy is one PostgreSQL transaction: on any failure nothing is\n"
	"written. At the end the rows of every table are counted on both sides and\n"
	"printed; a difference is a failure. A database that is not empty is\n"
	"refused. FILE is not changed but for one audit row (action migrate_to),\n"
	"which the copy holds too. Then use 'retorno --db postgresql://...'.\n"
	"Administrators only. The address may also come from a file of the\n"
	"PostgreSQL client (a service, ~/.pgpass for the password): never put a\n"
	"password on the command line.\n"
	"\n"
	"Options:\n"
	"  -q, --quiet   no progress on standard error\n"
	"  -h, --help    print this help\n";

struct progress {
	bool quiet;
};

static void on_progress(void *ctx, const char *table, int64_t done, int64_t total)
{
	struct progress *p = ctx;
	/* only tables big enough to wait for */
	if (p->quiet || total < 50000)
		return;
	fprintf(stderr, "retorno: copying %s: %lld of %lld rows\n", table, (long long)done,
		(long long)total);
}

int cmd_migrate_to(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct progress pr = { false };
	int opt;
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (opt) {
		case 'q': pr.quiet = true; break;
		case 'h': fputs(migrate_usage, stdout); return EXIT_OK;
		default: return cli_usage("migrate-to", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage("migrate-to", "give the address of the PostgreSQL database to "
				 "copy into (postgresql://USER@HOST/DBNAME)");
	const char *url = argv[optind];
	if (!store_is_address(url))
		return cli_usage("migrate-to", "%s is not a PostgreSQL address "
				 "(postgresql://USER@HOST/DBNAME)", url);
	if (store_is_address(c->db))
		return cli_usage("migrate-to", "--db %s is a PostgreSQL database: migrate-to "
				 "copies a SQLite file (--db FILE)", c->db_shown);
	struct app app;
	struct actor a;
	int ex;
	if ((ex = cli_app_open(c, &app, &a, CLI_DB_WRITE)))
		return ex;
	struct app_problem pb;
	struct strbuf counts = STRBUF_INIT;
	char *shown = store_shown(url);
	if (app_migrate_to(&app, &a, url, on_progress, &pr, &counts, &pb)) {
		ex = cli_problem(c, NULL, &pb);
		if (pb.status == APP_BAD_REQUEST)
			ex = EXIT_USAGE;
	} else {
		fputs(counts.buf, stdout);
		fprintf(stderr, "copied %s into %s\n", c->db_shown, shown);
	}
	free(shown);
	strbuf_release(&counts);
	app_close(&app);
	return ex;
}
