/* cmd_case.c: `retorno case show|history|add|edit|status|transfer|correct|
 * duplicate`. */
#include "cli.h"
#include "../app/messages.h"
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno case show ID\n"
	"       retorno case history ID\n"
	"       retorno case add FIELD=VALUE...\n"
	"       retorno case edit ID FIELD=VALUE...\n"
	"       retorno case status ID NEW_STATUS [--date YYYY-MM-DD] [FIELD=VALUE...]\n"
	"       retorno case transfer ID --office OFFICE --point POINT\n"
	"       retorno case correct ID STATUS --reason TEXT\n"
	"       retorno case duplicate ID --of ORIGINAL\n"
	"       retorno case duplicate ID --restore\n"
	"\n"
	"show      prints one case with its history (audited: it shows personal data)\n"
	"history   prints every change of the case: who, when, from what to what\n"
	"add       registers a case; FIELD is a column of the data dictionary. Without\n"
	"          case_id the program assigns one (MX-2026-000123); without status it\n"
	"          starts as registered\n"
	"edit      changes fields: FIELD= (empty) clears one, fields not named stay\n"
	"          as they are. status, office and registration_point change only by\n"
	"          'status' and 'transfer'\n"
	"status    moves a case forward along registered -> counselled -> approved ->\n"
	"          travel_booked -> departed -> returned, or to withdrawn (until\n"
	"          departure) or ineligible (before approval). --date sets the date\n"
	"          that goes with it (counselling_date, departure_date) and is kept in\n"
	"          the history; a move may carry the fields it needs\n"
	"          (travel_booked: transport_mode=air|ground|air_ground)\n"
	"transfer  moves a case to another office and registration point, until it\n"
	"          departs (recorded in the history)\n"
	"correct   an administrator's correction of a wrong move, backwards; the\n"
	"          reason is recorded\n"
	"duplicate marks a case as a duplicate of ORIGINAL (admins and supervisors):\n"
	"          it keeps its history and can still be shown, but leaves every\n"
	"          list, search, count, export and factsheet; --restore takes the\n"
	"          mark away. ORIGINAL may not be a duplicate itself\n"
	"\n"
	"Every rule of the data dictionary applies. Options:\n"
	"  --date D      with status\n"
	"  --office O    with transfer\n"
	"  --point P     with transfer\n"
	"  --reason R    with correct\n"
	"  --of ID       with duplicate: the original\n"
	"  --restore     with duplicate: not a duplicate any more\n"
	"  -h, --help    print this help\n";

static int print_history_row(void *ctx, const struct history_row *h)
{
	(void)ctx;
	if (!strcmp(h->kind, "edit") && h->fields && !strcmp(h->fields, "duplicate_of"))
		printf("  %s  %-12s %s %s (%s)\n", h->at, h->actor,
		       h->to ? "marked a duplicate of" : "restored, was a duplicate of",
		       h->to ? h->to : h->from ? h->from : "", h->source);
	else if (!strcmp(h->kind, "edit"))
		printf("  %s  %-12s edit: %s (%s)\n", h->at, h->actor, h->fields ? h->fields : "",
		       h->source);
	else if (!strcmp(h->kind, "created"))
		printf("  %s  %-12s created as %s (%s)\n", h->at, h->actor, h->to ? h->to : "",
		       h->source);
	else
		printf("  %s  %-12s %-14s -> %-14s %s%s(%s)%s%s\n", h->at, h->actor,
		       h->from ? h->from : "-", h->to ? h->to : "", h->date ? h->date : "",
		       h->date ? " " : "", h->source, strcmp(h->kind, "status") ? " " : "",
		       strcmp(h->kind, "status") ? h->kind : "");
	if (h->reason)
		printf("      reason: %s\n", h->reason);
	return 0;
}

static void print_case(const struct case_record *rec)
{
	for (int f = 0; f < F_COUNT; f++)
		printf("%-23s %s\n", case_column_name[f], rec->v.v[f] ? rec->v.v[f] : "");
	printf("%-23s %lld\n", "version", (long long)rec->version);
	if (rec->duplicate_of[0])
		printf("%-23s %s\n", "duplicate_of", rec->duplicate_of);
}

/* FIELD=VALUE arguments into a case input; false (after a usage error) when
 * one is not of that form or names no column. */
static bool parse_fields(int n, char **args, struct case_input *in)
{
	memset(in, 0, sizeof(*in));
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(args[i], '=');
		int f = eq ? field_by_name(args[i], (size_t)(eq - args[i])) : -1;
		if (f < 0) {
			cli_usage("case", "'%s' is not FIELD=VALUE with a column of the data dictionary",
				  args[i]);
			return false;
		}
		case_input_set(in, f, eq + 1, strlen(eq + 1));
	}
	return true;
}

static int show(struct cli *c, struct app *app, const struct actor *a, const char *id,
		bool values)
{
	struct app_problem pb;
	if (values) {
		struct case_record rec = { .arena = STRBUF_INIT };
		if (app_case_get(app, a, id, &rec, &pb)) {
			case_record_release(&rec);
			return cli_problem(c, NULL, &pb);
		}
		print_case(&rec);
		case_record_release(&rec);
		printf("\nstatus history:\n");
	}
	if (app_case_history(app, a, id, print_history_row, NULL, &pb))
		return cli_problem(c, NULL, &pb);
	return EXIT_OK;
}

int cmd_case(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "office", required_argument, NULL, 'O' },
		{ "point", required_argument, NULL, 'P' },
		{ "reason", required_argument, NULL, 'r' },
		{ "of", required_argument, NULL, 'o' },
		{ "restore", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *date = NULL, *office = NULL, *point = NULL, *reason = NULL, *of = NULL;
	bool restore = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': date = optarg; break;
		case 'O': office = optarg; break;
		case 'P': point = optarg; break;
		case 'r': reason = optarg; break;
		case 'o': of = optarg; break;
		case 'R': restore = true; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("case", "unknown option");
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs < 1)
		return cli_usage("case", "say what to do: show, history, add, edit, status, "
			       "transfer, correct or duplicate");
	const char *verb = args[0];
	static const char *const verbs[] = { "show", "history", "add", "edit", "status",
					     "transfer", "correct", "duplicate" };
	static const int min_args[] = { 2, 2, 1, 3, 3, 2, 3, 2 };
	int which = -1;
	for (int i = 0; i < (int)ARRAY_SIZE(verbs); i++)
		if (!strcmp(verb, verbs[i]))
			which = i;
	if (which < 0)
		return cli_usage("case", "'%s' is not one of show, history, add, edit, status, "
				 "transfer, correct, duplicate", verb);
	bool is_status = which == 4, is_transfer = which == 5, is_correct = which == 6;
	bool is_duplicate = which == 7;
	if (nargs < min_args[which] || ((which <= 1 || is_transfer || is_duplicate) && nargs != 2) ||
	    (is_correct && nargs != 3))
		return cli_usage("case", which <= 1 ? "give one case ID"
				 : is_duplicate ? "usage: retorno case duplicate ID --of ORIGINAL|--restore"
				 : is_status ? "usage: retorno case status ID NEW_STATUS"
				 : is_correct ? "usage: retorno case correct ID STATUS --reason TEXT"
				 : is_transfer ? "usage: retorno case transfer ID --office O --point P"
				 : which == 3 ? "usage: retorno case edit ID FIELD=VALUE..."
				 : "usage: retorno case add FIELD=VALUE...");
	if (date && !is_status)
		return cli_usage("case", "--date goes with 'case status'");
	if ((office || point) && !is_transfer)
		return cli_usage("case", "--office and --point go with 'case transfer'");
	if (is_transfer && (!office || !point))
		return cli_usage("case", "a transfer needs --office and --point");
	if (reason && !is_correct)
		return cli_usage("case", "--reason goes with 'case correct'");
	if (is_correct && (!reason || !*reason))
		return cli_usage("case", "a correction needs --reason");
	if ((of || restore) && !is_duplicate)
		return cli_usage("case", "--of and --restore go with 'case duplicate'");
	if (is_duplicate && !of == !restore)
		return cli_usage("case", "'case duplicate' needs either --of ORIGINAL or --restore");
	if (is_duplicate && !restore && !*of)
		return cli_usage("case", "--of needs the original's case ID");
	if (!cli_check_date("case", "--date", date))
		return EXIT_USAGE;
	struct case_input in;
	int first_field = which == 2 ? 1 : which == 3 ? 2 : is_status ? 3 : nargs;
	if (!parse_fields(nargs - first_field, args + first_field, &in))
		return EXIT_USAGE;

	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, which <= 1 ? CLI_DB_AUDITED
				      : which == 2 ? CLI_DB_CREATE : CLI_DB_WRITE);
	if (ex)
		return ex;
	if (is_status && !cli_check_code("case", "NEW_STATUS", &app.v, VL_STATUS, args[2])) {
		app_close(&app);
		return EXIT_USAGE;
	}
	if (which <= 1) {
		ex = show(c, &app, &a, args[1], which == 0);
		app_close(&app);
		return ex;
	}
	struct case_record rec = { .arena = STRBUF_INIT };
	struct app_problem pb;
	const char *id = which == 2 ? NULL : args[1];
	char what[96];
	snprintf(what, sizeof(what), "%s %s", c->lang == LANG_ES ? "caso" : "case", id ? id : "");
	int rc;
	switch (which) {
	case 2: rc = app_case_create(&app, &a, &in, &rec, &pb); break;
	case 3: rc = app_case_edit(&app, &a, id, -1, &in, &rec, &pb); break;
	case 4: rc = app_case_move(&app, &a, id, -1, args[2], date, &in, &rec, &pb); break;
	case 5: rc = app_case_transfer(&app, &a, id, -1, office, point, &rec, &pb); break;
	case 7: rc = app_case_mark_duplicate(&app, &a, id, -1, of, &rec, &pb); break;
	default: rc = app_case_correct(&app, &a, id, args[2], reason, &rec, &pb); break;
	}
	if (rc) {
		ex = cli_problem(c, id ? what : NULL, &pb);
	} else if (which == 2) {
		printf("%s registered as %s\n", rec.v.v[F_CASE_ID], rec.v.v[F_STATUS]);
	} else if (is_status || is_correct) {
		printf("%s is now %s\n", id, rec.v.v[F_STATUS]);
	} else if (is_transfer) {
		printf("%s is now at %s/%s\n", id, rec.v.v[F_OFFICE], rec.v.v[F_REGISTRATION_POINT]);
	} else if (is_duplicate) {
		struct strbuf sb = STRBUF_INIT;
		if (rec.duplicate_of[0])
			msg_formatf(&sb, c->lang, "case_marked_duplicate", "%s" MSG_SEP "%s", id,
				    rec.duplicate_of);
		else
			msg_formatf(&sb, c->lang, "case_restored", "%s", id);
		puts(sb.buf);
		strbuf_release(&sb);
	} else {
		printf("%s saved (version %lld)\n", id, (long long)rec.version);
	}
	case_record_release(&rec);
	app_close(&app);
	return ex;
}
