/* cmd_export.c: `retorno export`. */
#include "cli.h"
#include "../io/csv_export.h"
#include <errno.h>
#include <getopt.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: retorno export [options]\n"
	"\n"
	"Writes cases as interchange CSV (RFC 4180), one row per person, in the\n"
	"data dictionary's column order. The file holds personal data: it is\n"
	"created readable by you only, and the export is recorded in the audit log.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   write to FILE (default: standard output): written beside\n"
	"                      it and renamed when complete, never over the database;\n"
	"                      a FIFO or device is written into, a symbolic link refused\n"
	"      --hxl           add the HXL hashtag row under the header\n"
	"      --separator C   ',' (the default, RFC 4180) or ';' (what Excel opens in\n"
	"                      Spanish locales; import reads either)\n"
	"      --program P     only programme P (avr, mpp)\n"
	"      --office O      only office O (mx, gt, ...)\n"
	"      --status S      only cases with status S\n"
	"      --from DATE     only cases registered on or after DATE (YYYY-MM-DD)\n"
	"      --to DATE       only cases registered on or before DATE\n"
	"  -h, --help          print this help\n";

int cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "hxl", no_argument, NULL, 'H' },
		{ "separator", required_argument, NULL, 'S' },
		{ "program", required_argument, NULL, 'p' },
		{ "office", required_argument, NULL, 'O' },
		{ "status", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct case_query o = { 0 };
	bool hxl = false, semicolon = false;
	const char *out_path = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out_path = optarg; break;
		case 'H': hxl = true; break;
		case 'S':
			if (strcmp(optarg, ",") && strcmp(optarg, ";"))
				return cli_usage("export", "--separator is ',' or ';', not '%s'",
						 optarg);
			semicolon = optarg[0] == ';';
			break;
		case 'p': o.program = optarg; break;
		case 'O': o.office = optarg; break;
		case 's': o.status = optarg; break;
		case 'f': o.registered_from = optarg; break;
		case 't': o.registered_to = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("export", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("export", "unexpected argument '%s'", argv[optind]);
	if (!cli_check_date("export", "--from", o.registered_from) ||
	    !cli_check_date("export", "--to", o.registered_to))
		return EXIT_USAGE;
	if (o.registered_from && o.registered_to && strcmp(o.registered_from, o.registered_to) > 0)
		return cli_usage("export", "--from %s is after --to %s", o.registered_from,
				 o.registered_to);

	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, CLI_DB_AUDITED);
	if (ex)
		return ex;
	if (!cli_check_code("export", "--program", &app.v, VL_PROGRAM, o.program) ||
	    !cli_check_code("export", "--office", &app.v, VL_OFFICE, o.office) ||
	    !cli_check_code("export", "--status", &app.v, VL_STATUS, o.status)) {
		app_close(&app);
		return EXIT_USAGE;
	}
	struct cli_out out;
	struct app_problem pb;
	if ((ex = cli_out_open(c, &out, out_path)))
		goto out;
	int64_t rows = 0;
	/* the export is audited (committed) before any row is written */
	unsigned format = (hxl ? APP_EXPORT_HXL : 0) | (semicolon ? APP_EXPORT_SEMICOLON : 0);
	int rc = app_export(&app, &a, &o, format, out_path ? out_path : "(stdout)", out.fp, &rows, &pb);
	bool write_failed = ferror(out.fp) != 0;   /* the output, not the database */
	int wrc = cli_out_close(&out, rc ? RT_EIO : RT_OK);
	if (rc && !write_failed) {
		ex = cli_problem(c, NULL, &pb);
		goto out;
	}
	if (rc || wrc) {
		cli_error("cannot write %s: %s", out_path ? out_path : "to standard output",
			  strerror(errno));
		ex = EXIT_DATA;
		goto out;
	}
	if (out_path)
		fprintf(stderr, "exported %lld cases to %s\n", (long long)rows, out_path);
out:
	app_close(&app);
	return ex;
}
