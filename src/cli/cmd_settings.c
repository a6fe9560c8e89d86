/* cmd_settings.c: `retorno settings [show] | set NAME VALUE | set logo --file
 * PATH | unset NAME`: the factsheet's publisher block (app/settings.c). */
#include "cli.h"
#include <errno.h>
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno settings [show]\n"
	"       retorno settings set NAME VALUE\n"
	"       retorno settings set logo --file PATH\n"
	"       retorno settings unset NAME\n"
	"\n"
	"The publisher block of the factsheet, configured once for the database and\n"
	"shown on every factsheet (HTML and PDF), and on every edition published after\n"
	"it is set. Administrators only; every change is audited (settings_set).\n"
	"\n"
	"show   every setting that is set (text values, and the logo's type and size)\n"
	"set    sets one setting; unset removes it\n"
	"\n"
	"Settings:\n"
	"  org_name_en, org_name_es      the organisation's name (1-120 bytes)\n"
	"  disclaimer_en, disclaimer_es  a disclaimer (1-600 bytes)\n"
	"  contact_en, contact_es        how to reach the publisher (1-200 bytes)\n"
	"  logo                          a PNG image (at most 4096 pixels each way) or an\n"
	"                                SVG drawing with no script, event handler,\n"
	"                                entity or external reference; at most 256 KiB.\n"
	"                                The PDF draws a PNG logo; an SVG one is shown\n"
	"                                in the HTML only (the PDF shows the name)\n"
	"Text is UTF-8 on one line, without control or invisible formatting characters.\n"
	"\n"
	"Options:\n"
	"  -f, --file PATH         set: read the value from PATH (the logo's way)\n"
	"  -h, --help              print this help\n"
	"\n"
	"examples: retorno settings set org_name_en 'International Organization for Migration'\n"
	"          retorno settings set org_name_es 'Organización Internacional para las Migraciones'\n"
	"          retorno settings set logo --file logo.png\n";

static int show_one(void *ctx, const struct app_setting *s, const void *value, size_t len)
{
	(void)ctx;
	if (s->blob)
		printf("%-16s %s, %zu bytes\n", s->name, app_logo_type(value, len) ? app_logo_type(value, len) : "?",
		       len);
	else
		printf("%-16s %.*s\n", s->name, (int)len, (const char *)value);
	return 0;
}

/* Reads at most max + 1 bytes of path into sb (one more tells "too large"). */
static int read_value_file(const char *path, size_t max, struct strbuf *sb)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cli_error("cannot read %s: %s", path, strerror(errno));
		return EXIT_DATA;
	}
	char buf[8192];
	size_t n;
	while (sb->len <= max && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		cli_error("cannot read %s: %s", path, strerror(errno));
		return EXIT_DATA;
	}
	return EXIT_OK;
}

int cmd_settings(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': file = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("settings", "unknown option");
		}
	}
	const char *verb = optind < argc ? argv[optind++] : "show";
	bool show = !strcmp(verb, "show"), set = !strcmp(verb, "set"), unset = !strcmp(verb, "unset");
	if (!show && !set && !unset)
		return cli_usage("settings", "unknown action '%s' (show, set or unset)", verb);
	const char *name = NULL, *value = NULL;
	if (!show) {
		if (optind >= argc)
			return cli_usage("settings", "%s needs the name of a setting", verb);
		name = argv[optind++];
		if (!app_setting_find(name))
			return cli_usage("settings", "there is no setting '%s'", name);
	}
	if (set && !file) {
		if (optind >= argc)
			return cli_usage("settings", "set %s needs a value (or --file PATH)", name);
		value = argv[optind++];
	}
	if (optind != argc)
		return cli_usage("settings", "unexpected argument '%s'", argv[optind]);
	if (file && !set)
		return cli_usage("settings", "--file goes with set");
	if (set && app_setting_find(name)->blob && !file)
		return cli_usage("settings", "the logo is read from a file: set logo --file PATH");

	struct strbuf sb = STRBUF_INIT;
	if (file) {
		int ex = read_value_file(file, (size_t)app_setting_find(name)->max, &sb);
		if (ex) {
			strbuf_release(&sb);
			return ex;
		}
		/* a text file's last newline is not part of the value */
		if (!app_setting_find(name)->blob && sb.len && sb.buf[sb.len - 1] == '\n')
			sb.buf[--sb.len] = 0;
	}
	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, show ? CLI_DB_READ : CLI_DB_WRITE);
	if (ex) {
		strbuf_release(&sb);
		return ex;
	}
	struct app_problem pb;
	int rc;
	if (show)
		rc = app_settings_each(&app, &a, show_one, NULL, &pb);
	else if (unset)
		rc = app_setting_set(&app, &a, name, NULL, 0, &pb);
	else if (file)
		rc = app_setting_set(&app, &a, name, sb.buf, sb.len, &pb);
	else
		rc = app_setting_set(&app, &a, name, value, strlen(value), &pb);
	ex = rc ? cli_problem(c, name, &pb) : EXIT_OK;
	if (!rc && !show)
		printf("%s %s\n", name, unset ? "unset" : "set");
	app_close(&app);
	strbuf_release(&sb);
	return ex;
}
