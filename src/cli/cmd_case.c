/* cmd_case.c: `retorno case show|status|history`. */
#include "cli.h"
#include "../domain/case_write.h"
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno case show ID\n"
	"       retorno case status ID NEW_STATUS [--date YYYY-MM-DD]\n"
	"       retorno case history ID\n"
	"\n"
	"show     prints one case, with its status history (recorded in the audit log:\n"
	"         it shows personal data)\n"
	"status   moves a case forward along registered -> counselled -> approved ->\n"
	"         travel_booked -> departed -> returned, or to withdrawn (until departure)\n"
	"         or ineligible (before approval). --date sets the date that goes with\n"
	"         the new status (counselling_date for counselled, departure_date for\n"
	"         departed) and is kept in the history. All import rules apply.\n"
	"history  prints who changed the case's status, when, from what to what\n";

static int print_history_row(void *ctx, int ncol, const char *const *val)
{
	(void)ctx;
	(void)ncol;
	printf("  %s  %-12s %-14s -> %-14s %s%s(%s)\n", val[0], val[1], val[2] ? val[2] : "-",
	       val[3], val[4] ? val[4] : "", val[4] ? " " : "", val[5]);
	return 0;
}

static int find(struct store *st, const char *id, struct store_case_ref *ref)
{
	int rc = store_case_find(st, id, strlen(id), ref);
	if (rc == RT_ENOTFOUND)
		cli_error("there is no case '%s'", id);
	else if (rc)
		cli_error("%s", store_errmsg(st));
	return rc;
}

static int show(struct cli *c, struct store *st, const char *id, bool values)
{
	struct store_case_ref ref;
	if (find(st, id, &ref))
		return EXIT_DATA;
	if (audit(st, c->actor, values ? "case_show" : "case_history", id, NULL)) {
		cli_error("cannot record this in the audit log, so the case is not shown: %s",
			  store_errmsg(st));
		return EXIT_DATA;
	}
	if (values) {
		struct case_values cv;
		struct strbuf arena = STRBUF_INIT;
		if (store_case_get(st, ref.id, &cv, &arena)) {
			cli_error("%s", store_errmsg(st));
			strbuf_release(&arena);
			return EXIT_DATA;
		}
		for (int f = 0; f < F_COUNT; f++)
			printf("%-23s %s\n", case_column_name[f], cv.v[f] ? cv.v[f] : "");
		strbuf_release(&arena);
		printf("\nstatus history:\n");
	}
	int rc = store_history_each(st, ref.id, print_history_row, NULL);
	if (rc) {
		cli_error("%s", store_errmsg(st));
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int set_status(struct cli *c, struct store *st, const struct vocab *v, const char *id,
		      const char *status, const char *date)
{
	struct case_writer w;
	struct case_check chk;
	case_writer_init(&w, st, v, c->actor, "cli");
	if (store_begin(st)) {
		cli_error("%s", store_errmsg(st));
		return EXIT_DATA;
	}
	int rc = case_set_status(&w, id, status, date, &chk);
	if (!rc && store_commit(st))
		rc = RT_EIO;
	if (!rc) {
		printf("%s is now %s\n", id, status);
		return EXIT_OK;
	}
	store_rollback(st);
	if (rc == RT_ENOTFOUND)
		cli_error("there is no case '%s'", id);
	else if (rc == RT_EINVAL)
		for (int i = 0; i < chk.n; i++)
			cli_error("case %s: %s: %s", id, case_column_name[chk.issue[i].field],
				  chk.issue[i].msg);
	else
		cli_error("%s", store_errmsg(st));
	return EXIT_DATA;
}

int cmd_case(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *date = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': date = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("case", "unknown option");
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs < 1)
		return cli_usage("case", "say what to do: show, status or history");
	const char *verb = args[0];
	bool is_status = !strcmp(verb, "status");
	if (!is_status && strcmp(verb, "show") && strcmp(verb, "history"))
		return cli_usage("case", "'%s' is not one of show, status, history", verb);
	if (nargs != (is_status ? 3 : 2))
		return cli_usage("case", is_status ? "usage: retorno case status ID NEW_STATUS"
						   : "give one case ID");
	if (date && !is_status)
		return cli_usage("case", "--date goes with 'case status'");
	if (!cli_check_date("case", "--date", date))
		return EXIT_USAGE;

	struct store *st;
	struct vocab v;
	int ex = cli_open(c, &st, &v);
	if (ex)
		return ex;
	if (is_status) {
		ex = cli_check_code("case", "NEW_STATUS", &v, VL_STATUS, args[2])
		     ? set_status(c, st, &v, args[1], args[2], date) : EXIT_USAGE;
	} else {
		ex = show(c, st, args[1], !strcmp(verb, "show"));
	}
	database_close(st, &v);
	return ex;
}
