/* cmd_audit.c: `retorno audit`: reading the audit trail. */
#include "cli.h"
#include "../core/parse.h"
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno audit [--user U] [--case ID] [--action A] [--from DATE] [--to DATE]\n"
	"                     [--limit N]\n"
	"\n"
	"Prints the audit trail, newest first: sign-ins, every read of a case's personal\n"
	"data, every change (before and after), transfers, imports, exports and user\n"
	"administration. The trail is append-only: nothing in retorno changes it, and\n"
	"the database refuses to. Administrators see every row, supervisors the rows of\n"
	"their offices.\n"
	"\n"
	"Options:\n"
	"  --user U      rows by that user (local:LOGIN for the command line)\n"
	"  --case ID     rows about that case id (or file, user name)\n"
	"  --action A    e.g. case_read, case_edit, case_move, case_transfer, export,\n"
	"                import, login, login_failed, user_add\n"
	"  --from DATE   on or after DATE (YYYY-MM-DD)\n"
	"  --to DATE     on or before DATE\n"
	"  --limit N     at most N rows (default 100, up to 500)\n"
	"  -h, --help    print this help\n";

static int print_row(void *ctx, const struct audit_row *r)
{
	(void)ctx;
	printf("%6lld  %s  %-16s %-16s %-20s %-4s %s\n", (long long)r->id, r->at, r->actor,
	       r->action, r->case_id ? r->case_id : "-", r->office ? r->office : "-",
	       r->detail ? r->detail : "");
	return 0;
}

int cmd_audit(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "case", required_argument, NULL, 'c' },
		{ "action", required_argument, NULL, 'a' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "limit", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_query q = { 0 };
	unsigned long long n;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'u': q.user = optarg; break;
		case 'c': q.case_id = optarg; break;
		case 'a': q.action = optarg; break;
		case 'f': q.from = optarg; break;
		case 't': q.to = optarg; break;
		case 'n':
			if (parse_uint(optarg, strlen(optarg), 500, &n) || !n)
				return cli_usage("audit", "--limit takes a number from 1 to 500");
			q.limit = (int)n;
			break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("audit", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("audit", "unexpected argument '%s'", argv[optind]);
	if (!cli_check_date("audit", "--from", q.from) || !cli_check_date("audit", "--to", q.to))
		return EXIT_USAGE;
	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, CLI_DB_READ);
	if (ex)
		return ex;
	struct app_problem pb;
	char next[32];
	if (app_audit_list(&app, &a, &q, print_row, NULL, next, &pb))
		ex = cli_problem(c, NULL, &pb);
	else if (next[0])
		fprintf(stderr, "(more rows: narrow the filters or raise --limit)\n");
	app_close(&app);
	return ex;
}
