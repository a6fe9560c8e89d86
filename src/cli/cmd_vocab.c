/* cmd_vocab.c: `retorno vocab list|add|set`. */
#include "cli.h"
#include <getopt.h>
#include <math.h>

static const char usage_text[] =
	"usage: retorno vocab list [LIST]\n"
	"       retorno vocab add LIST CODE --en LABEL --es LABEL [options]\n"
	"       retorno vocab set LIST CODE [--label-en LABEL] [--label-es LABEL]\n"
	"                                   [--lat DEGREES --lon DEGREES]\n"
	"\n"
	"list  without LIST: the code lists; with LIST: its codes and labels (and,\n"
	"      for offices and registration points, their rules and coordinates)\n"
	"add   adds a code to an extensible list. Codes are lowercase letters,\n"
	"      digits and '_' (countries: ISO 3166-1 alpha-3). Lists the rules\n"
	"      depend on (program, sex, status, transport_mode, ...) are fixed.\n"
	"set   changes the labels of a code of any list, and the coordinates of\n"
	"      a registration point. A code itself never changes: cases refer to it.\n"
	"      Labels are 1-200 characters, without control characters, not\n"
	"      starting with = + - or @.\n"
	"Both are for administrators, and audited (vocab_add, vocab_set). A running\n"
	"server uses the change from its next request.\n"
	"\n"
	"Options:\n"
	"  --en, --label-en LABEL  English label (required with add)\n"
	"  --es, --label-es LABEL  Spanish label (required with add)\n"
	"  --lat DEGREES           registration point: latitude, -90 to 90 (WGS 84)\n"
	"  --lon DEGREES           registration point: longitude, -180 to 180; with --lat\n"
	"  --office O              add a registration point: the office it belongs to\n"
	"  --programs 'P ...'      add a registration point: programmes it registers\n"
	"                          (avr, mpp)\n"
	"  --country C             add an office: its country (ISO alpha-3)\n"
	"  --transport 'T ...'     add an office: transport modes it uses (ground, air,\n"
	"                          air_ground)\n"
	"  -h, --help              print this help\n"
	"\n"
	"examples: retorno vocab add registration_point reynosa --office mx \\\n"
	"            --programs avr --en Reynosa --es Reynosa --lat 26.09 --lon -98.28\n"
	"          retorno vocab set occupation_sector agriculture \\\n"
	"            --label-es 'Agricultura y pesca'\n"
	"          retorno vocab set registration_point reynosa --lat 26.09 --lon -98.28\n";

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

/* One code: its labels, and an office's or a point's rules and coordinates. */
static void print_code(const struct vocab *v, const struct vocab_item *it)
{
	printf("%-24s %s / %s", it->code, it->label[LANG_EN], it->label[LANG_ES]);
	if (it->list == VL_OFFICE) {
		printf("  [country %s; transport: %s]", it->country, it->attr);
	} else if (it->list == VL_REGISTRATION_POINT) {
		printf("  [office %s; programmes: %s; ",
		       it->office >= 0 ? v->item[it->office].code : "?", it->attr);
		if (isnan(it->lat))
			printf("no coordinates]");
		else
			printf("lat %.15g, lon %.15g]", it->lat, it->lon);
	}
	putchar('\n');
}

static void list_codes(const struct vocab *v, int l)
{
	for (int p = 0; p < v->count[l]; p++)
		print_code(v, vocab_at(v, l, p));
}

/* --lat/--lon as typed: a usage error when not a number of degrees. */
static int degrees(const char *option, const char *s, double *out)
{
	if (vocab_parse_degrees(s, out))
		return cli_usage("vocab", "%s '%s' is not a number of degrees (like 19.43 or -99.13)",
				 option, s);
	return EXIT_OK;
}

int cmd_vocab(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "en", required_argument, NULL, 'e' },
		{ "es", required_argument, NULL, 's' },
		{ "label-en", required_argument, NULL, 'e' },
		{ "label-es", required_argument, NULL, 's' },
		{ "lat", required_argument, NULL, 'y' },
		{ "lon", required_argument, NULL, 'x' },
		{ "office", required_argument, NULL, 'o' },
		{ "programs", required_argument, NULL, 'p' },
		{ "country", required_argument, NULL, 'c' },
		{ "transport", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vocab_new nw = { 0 };
	const char *office = NULL, *programs = NULL, *country = NULL, *transport = NULL;
	const char *lat = NULL, *lon = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': nw.label_en = optarg; break;
		case 's': nw.label_es = optarg; break;
		case 'y': lat = optarg; break;
		case 'x': lon = optarg; break;
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
	const char *verb = nargs ? args[0] : "";
	bool list = !strcmp(verb, "list"), add = !strcmp(verb, "add"), set = !strcmp(verb, "set");
	if (!list && !add && !set)
		return cli_usage("vocab", "say 'list', 'add' or 'set'");
	if (list ? nargs > 2 : nargs != 3)
		return cli_usage("vocab", add ? "usage: retorno vocab add LIST CODE --en L --es L"
				 : set ? "usage: retorno vocab set LIST CODE [--label-en L] "
					 "[--label-es L] [--lat X --lon Y]"
				 : "usage: retorno vocab list [LIST]");
	if (list && (nw.label_en || nw.label_es || office || programs || country || transport ||
		     lat || lon))
		return cli_usage("vocab", "options go with 'vocab add' or 'vocab set'");
	if (set && (office || programs || country || transport))
		return cli_usage("vocab", "--office, --programs, --country and --transport go with "
				 "'vocab add' (a code's rules do not change)");
	if (!lat != !lon)
		return cli_usage("vocab", "give --lat and --lon together");
	if (set && !nw.label_en && !nw.label_es && !lat)
		return cli_usage("vocab", "say what to change: --label-en, --label-es, or --lat "
				 "and --lon");
	double coords[2] = { NAN, NAN };
	int ex;
	if (lat && ((ex = degrees("--lat", lat, &coords[0])) ||
		    (ex = degrees("--lon", lon, &coords[1]))))
		return ex;

	struct app app;
	struct actor a;
	ex = cli_app_open(c, &app, &a, add ? CLI_DB_CREATE : list ? CLI_DB_READ : CLI_DB_WRITE);
	if (ex)
		return ex;
	struct app_problem pb;
	if (list) {
		int l = nargs == 2 ? vocab_list_by_name(args[1]) : VL_NONE;
		if (nargs == 2 && l == VL_NONE)
			ex = cli_usage("vocab", "there is no list '%s'", args[1]);
		else if (nargs == 2)
			list_codes(&app.v, l);
		else
			list_lists(&app.v);
	} else if (set) {
		if (app_vocab_update(&app, &a, args[1], args[2], nw.label_en, nw.label_es,
				     lat ? coords : NULL, &pb))
			ex = cli_problem(c, NULL, &pb);
		else
			/* the code as it is now (the lists were reloaded) */
			print_code(&app.v, vocab_get(&app.v, vocab_list_by_name(args[1]), args[2],
						     strlen(args[2])));
	} else {
		nw.list = args[1];
		nw.code = args[2];
		int l = vocab_list_by_name(nw.list);
		nw.attr = l == VL_OFFICE ? transport : l == VL_REGISTRATION_POINT ? programs
			  : (transport ? transport : programs);
		nw.extra = l == VL_OFFICE ? country : l == VL_REGISTRATION_POINT ? office
			   : (country ? country : office);
		nw.coords = lat != NULL;
		nw.lat = coords[0];
		nw.lon = coords[1];
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
