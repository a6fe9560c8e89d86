/* cmd_vocab.c: `retorno vocab list|add`. */
#include "cli.h"
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno vocab list [LIST]\n"
	"       retorno vocab add LIST CODE --en LABEL --es LABEL [options]\n"
	"\n"
	"list  without LIST: the code lists; with LIST: its codes and labels\n"
	"add   adds a code to an extensible list. Codes are lowercase letters,\n"
	"      digits and '_' (countries: ISO 3166-1 alpha-3). Lists the rules\n"
	"      depend on (program, sex, status, transport_mode, ...) are fixed.\n"
	"\n"
	"Options for add:\n"
	"  --en LABEL          English label (required)\n"
	"  --es LABEL          Spanish label (required)\n"
	"  --office O          registration point: the office it belongs to\n"
	"  --programs 'P ...'  registration point: programmes it registers (avr, mpp)\n"
	"  --country C         office: its country (ISO alpha-3)\n"
	"  --transport 'T ...' office: transport modes it uses (ground, air, air_ground)\n"
	"\n"
	"example: retorno vocab add registration_point reynosa --office mx \\\n"
	"           --programs avr --en Reynosa --es Reynosa\n";

static void list_lists(const struct vocab *v)
{
	printf("%-22s %-10s %6s  %s\n", "list", "extensible", "codes", "label");
	for (int l = 0; l < VL_COUNT; l++) {
		size_t n = 0;
		for (size_t i = 0; i < v->n; i++)
			n += v->item[i].list == l;
		printf("%-22s %-10s %6zu  %s / %s\n", vocab_list_names[l],
		       v->extensible[l] ? "yes" : "no", n,
		       v->list_label[l][LANG_EN] ? v->list_label[l][LANG_EN] : "",
		       v->list_label[l][LANG_ES] ? v->list_label[l][LANG_ES] : "");
	}
}

static void list_codes(const struct vocab *v, int l)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct vocab_item *it = &v->item[i];
		if (it->list != l)
			continue;
		printf("%-24s %s / %s", it->code, it->label[LANG_EN], it->label[LANG_ES]);
		if (l == VL_OFFICE)
			printf("  [country %s; transport: %s]", it->country, it->attr);
		else if (l == VL_REGISTRATION_POINT)
			printf("  [office %s; programmes: %s]",
			       it->office >= 0 ? v->item[it->office].code : "?", it->attr);
		putchar('\n');
	}
}

int cmd_vocab(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "en", required_argument, NULL, 'e' },
		{ "es", required_argument, NULL, 's' },
		{ "office", required_argument, NULL, 'o' },
		{ "programs", required_argument, NULL, 'p' },
		{ "country", required_argument, NULL, 'c' },
		{ "transport", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vocab_new nw = { 0 };
	const char *office = NULL, *programs = NULL, *country = NULL, *transport = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': nw.label_en = optarg; break;
		case 's': nw.label_es = optarg; break;
		case 'o': office = optarg; break;
		case 'p': programs = optarg; break;
		case 'c': country = optarg; break;
		case 't': transport = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("vocab", "unknown option");
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs < 1 || (strcmp(args[0], "list") && strcmp(args[0], "add")))
		return cli_usage("vocab", "say 'list' or 'add'");
	bool add = !strcmp(args[0], "add");
	if (add ? nargs != 3 : nargs > 2)
		return cli_usage("vocab", add ? "usage: retorno vocab add LIST CODE --en L --es L"
					      : "usage: retorno vocab list [LIST]");
	if (!add && (nw.label_en || nw.label_es || office || programs || country || transport))
		return cli_usage("vocab", "options go with 'vocab add'");

	struct app app;
	struct actor a;
	int ex = cli_app(c, &app, &a);
	if (ex)
		return ex;
	if (!add) {
		int l = nargs == 2 ? vocab_list_by_name(args[1]) : VL_NONE;
		if (nargs == 2 && l == VL_NONE)
			ex = cli_usage("vocab", "there is no list '%s'", args[1]);
		else if (nargs == 2)
			list_codes(&app.v, l);
		else
			list_lists(&app.v);
	} else {
		struct app_problem pb;
		nw.list = args[1];
		nw.code = args[2];
		int l = vocab_list_by_name(nw.list);
		nw.attr = l == VL_OFFICE ? transport : l == VL_REGISTRATION_POINT ? programs
			  : (transport ? transport : programs);
		nw.extra = l == VL_OFFICE ? country : l == VL_REGISTRATION_POINT ? office
			   : (country ? country : office);
		if (app_vocab_add(&app, &a, &nw, &pb)) {
			/* vocab_add's own message says what is wrong with the code */
			if (pb.detail[0])
				cli_error("%s", pb.detail);
			else
				cli_problem(c, NULL, &pb);
			ex = EXIT_DATA;
		} else {
			printf("added %s to %s\n", nw.code, nw.list);
		}
	}
	app_close(&app);
	return ex;
}
