/* demo.c: the synthetic programme generator; see demo.h.
 *
 * The shape follows what AVR factsheets from Mexico and Guatemala report:
 * mostly Honduran, Salvadoran, Guatemalan and Nicaraguan nationals, about
 * seven men in ten, families travelling together, unaccompanied children
 * who always fly, the Guatemala office returning by land only, MPP
 * withdrawals registered in Ciudad Juárez, and a voluntary survey that
 * starts months after the first returns and reaches about one return in ten.
 */
#include "demo.h"
#include "../core/clock.h"

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r) /* splitmix64 */
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int below(struct rng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

static bool chance(struct rng *r, int percent)
{
	return below(r, 100) < percent;
}

struct weighted {
	const char *code;
	int weight;
};

static const char *pick(struct rng *r, const struct weighted *w, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i].weight;
	int x = below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i].weight)
			return w[i].code;
		x -= w[i].weight;
	}
	return w[n - 1].code;
}
#define PICK(r, w) pick(r, w, ARRAY_SIZE(w))

static const struct weighted nationalities[] = {
	{ "HND", 42 }, { "SLV", 20 }, { "GTM", 16 }, { "NIC", 10 }, { "CUB", 4 },
	{ "VEN", 3 }, { "HTI", 2 }, { "COL", 1 }, { "ECU", 1 }, { "PER", 1 },
};
static const struct weighted mx_points[] = {
	{ "mexico_city", 24 }, { "tapachula", 16 }, { "tijuana", 10 }, { "monterrey", 9 },
	{ "piedras_negras", 6 }, { "guanajuato", 5 }, { "san_luis_potosi", 5 }, { "celaya", 4 },
	{ "saltillo", 5 }, { "ciudad_juarez", 16 },
};
static const struct weighted mx_transport[] = { { "ground", 45 }, { "air", 25 }, { "air_ground", 30 } };
static const struct weighted migration_status[] = {
	{ "irregular", 74 }, { "regular", 9 }, { "asylum_seeker", 12 }, { "other", 5 },
};
static const struct weighted adult_education[] = {
	{ "none", 9 }, { "primary", 46 }, { "secondary", 37 }, { "higher", 8 },
};
static const struct weighted adult_occupation[] = {
	{ "agriculture", 26 }, { "construction", 17 }, { "commerce", 14 }, { "manufacturing", 7 },
	{ "domestic_work", 9 }, { "transport", 5 }, { "various", 12 }, { "student", 2 },
	{ "no_occupation", 8 },
};
static const struct weighted statuses[] = {
	{ "returned", 62 }, { "departed", 4 }, { "travel_booked", 6 }, { "approved", 5 },
	{ "counselled", 6 }, { "registered", 4 }, { "withdrawn", 8 }, { "ineligible", 5 },
};
static const struct weighted screening[] = {
	{ "respiratory", 14 }, { "infection", 8 }, { "musculoskeletal", 10 }, { "other", 5 },
};
static const struct weighted journey[] = {
	{ "anxiety", 30 }, { "nervousness", 22 }, { "dehydration", 18 }, { "burns", 4 },
	{ "injury", 9 }, { "other", 4 },
};
static const struct weighted abuses[] = {
	{ "abuse", 6 }, { "violence", 12 }, { "extortion", 18 }, { "threat", 14 }, { "fraud", 9 },
	{ "kidnapping", 4 }, { "exploitation", 5 },
};
static const struct weighted migration_reasons[] = {
	{ "living_conditions", 60 }, { "violence_insecurity", 28 }, { "family_reunification", 14 },
	{ "other", 4 },
};
static const struct weighted return_reasons[] = {
	{ "family", 40 }, { "lack_of_resources", 30 }, { "transit_difficulties", 22 },
	{ "violence_in_transit", 9 }, { "health", 6 }, { "could_not_regularize", 12 }, { "other", 4 },
};
static const struct weighted exit_reasons[] = {
	{ "abandoned_application", 20 }, { "lack_of_funds", 25 }, { "family_reunification", 18 },
	{ "third_party_problems", 8 }, { "document_stolen", 5 }, { "application_denied", 12 },
	{ "homelessness", 6 }, { "other", 6 },
};
static const struct weighted plans[] = {
	{ "find_job", 55 }, { "return_home", 35 }, { "family_reunification", 25 }, { "study", 8 },
	{ "healthcare", 5 }, { "other", 3 },
};

static const char *const women[] = {
	"María", "Ana", "Rosa", "Karla", "Yesenia", "Sofía", "Dania", "Lucía", "Gabriela", "Wendy",
	"Marta", "Iris", "Glenda", "Reina", "Suyapa", "Xiomara", "Daysi", "Fátima", "Lourdes", "Nohemí",
};
static const char *const men[] = {
	"José", "Juan", "Carlos", "Luis", "Jorge", "Óscar", "Néstor", "Elvin", "Mario", "Wilmer",
	"Kevin", "Denis", "Franklin", "Héctor", "Édgar", "Santos", "Marvin", "Ángel", "Jesús", "Walter",
};
static const char *const surnames[] = {
	"López", "Martínez", "Hernández", "García", "Rodríguez", "Mejía", "Flores", "Aguilar",
	"Pérez", "Sánchez", "Reyes", "Cruz", "Ramírez", "Castillo", "Orellana", "Zelaya",
	"Velásquez", "Gómez", "Díaz", "Núñez",
};

/* One person's values, in buffers that case_values points into. */
struct person {
	char case_id[32], group_id[32], given[64], family[64], birth[11], age[4];
	char reg[11], dep[11], couns[11], survey[11];
	char multi[6][96];
};

static void set(struct case_values *cv, int f, const char *s)
{
	cv->v[f] = s;
	cv->len[f] = s ? strlen(s) : 0;
}

/* A multi-select answer: "none" with probability none_pct, else 1-3 codes. */
static const char *multi(struct rng *r, char *buf, size_t size, const struct weighted *w,
			 size_t n, int none_pct, bool has_none)
{
	if (has_none && chance(r, none_pct)) {
		snprintf(buf, size, "none");
		return buf;
	}
	int k = 1 + (chance(r, 35) ? 1 : 0) + (chance(r, 10) ? 1 : 0);
	const char *chosen[3];
	int got = 0;
	for (int tries = 0; got < k && tries < 12; tries++) {
		const char *c = pick(r, w, n);
		bool dup = false;
		for (int i = 0; i < got; i++)
			dup |= chosen[i] == c;
		if (!dup)
			chosen[got++] = c;
	}
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < got; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "", chosen[i]);
	return buf;
}

struct group {
	const char *office, *point, *program, *nationality, *ret_country, *status, *transport;
	const char *travelling_with;
	rt_date reg, couns, dep;
	bool umc, survey_open;
	int size;
};

static void plan_group(struct rng *r, struct group *g, rt_date start, int span_days)
{
	memset(g, 0, sizeof(*g));
	g->reg = start + below(r, span_days);
	g->nationality = PICK(r, nationalities);
	g->ret_country = chance(r, 97) ? g->nationality : "HND";
	g->program = "avr";
	/* Tecún Umán, on the border, returns Central Americans other than
	 * Guatemalans by land; everyone else goes through the Mexico office. */
	if (strcmp(g->nationality, "GTM") != 0 && chance(r, 25)) {
		g->office = "gt";
		g->point = "tecun_uman";
	} else {
		g->office = "mx";
		g->point = PICK(r, mx_points);
		if (!strcmp(g->point, "ciudad_juarez") && chance(r, 45))
			g->program = "mpp";
	}
	int kind = below(r, 100);
	if (kind < 5 && !strcmp(g->office, "mx") && !strcmp(g->program, "avr")) {
		g->umc = true;
		g->size = 1;
		g->travelling_with = "alone";
	} else if (kind < 62) {
		g->size = 1;
		g->travelling_with = chance(r, 82) ? "alone" : "friends";
	} else {
		g->size = 2 + below(r, 4);
		g->travelling_with = chance(r, 85) ? "first_degree_relatives" : "other_relatives";
	}
	g->status = PICK(r, statuses);
	int st = status_from_code(g->status, strlen(g->status));
	bool counselled = status_at_least(st, ST_COUNSELLED) || !strcmp(g->program, "mpp") ||
			  (st == ST_WITHDRAWN && chance(r, 50));
	g->couns = counselled ? g->reg + below(r, 4) : RT_DATE_NONE;
	if (status_at_least(st, ST_TRAVEL_BOOKED))
		g->transport = g->umc ? "air" : !strcmp(g->office, "gt") ? "ground"
			       : PICK(r, mx_transport);
	g->dep = status_at_least(st, ST_DEPARTED) ? g->reg + 4 + below(r, 26) : RT_DATE_NONE;
	g->survey_open = st == ST_RETURNED;
}

static int person_age(struct rng *r, const struct group *g, int member)
{
	if (g->umc)
		return 12 + below(r, 6);
	if (member == 0 || (member == 1 && chance(r, 55)))
		return 18 + below(r, 22) + (chance(r, 25) ? below(r, 30) : 0);
	return below(r, 18);
}

static void fill_person(struct rng *r, const struct group *g, int member, int64_t seq,
			int64_t group_seq, rt_date survey_start, struct person *p,
			struct case_values *cv)
{
	memset(cv, 0, sizeof(*cv));
	snprintf(p->case_id, sizeof(p->case_id), "DEMO-%07lld", (long long)seq);
	set(cv, F_CASE_ID, p->case_id);
	if (g->size > 1) {
		snprintf(p->group_id, sizeof(p->group_id), "G-%07lld", (long long)group_seq);
		set(cv, F_GROUP_ID, p->group_id);
	}
	set(cv, F_PROGRAM, g->program);
	set(cv, F_OFFICE, g->office);
	set(cv, F_REGISTRATION_POINT, g->point);
	format_date(g->reg, p->reg);
	set(cv, F_REGISTRATION_DATE, p->reg);

	int age = person_age(r, g, member);
	bool female = age < 18 ? chance(r, 50) : chance(r, 28);
	set(cv, F_SEX, female ? "female" : "male");
	snprintf(p->given, sizeof(p->given), "%s", female ? women[below(r, 20)] : men[below(r, 20)]);
	snprintf(p->family, sizeof(p->family), "%s %s", surnames[below(r, 20)],
		 surnames[below(r, 20)]);
	set(cv, F_GIVEN_NAMES, p->given);
	set(cv, F_FAMILY_NAMES, p->family);
	if (chance(r, 60)) {
		/* born between (age+1) years and age years before registration */
		rt_date birth = g->reg - (rt_date)(age * 365.2425) - below(r, 360) - 3;
		while (years_between(birth, g->reg) > age)
			birth += 7;
		while (years_between(birth, g->reg) < age)
			birth -= 1;
		format_date(birth, p->birth);
		set(cv, F_BIRTH_DATE, p->birth);
	} else {
		snprintf(p->age, sizeof(p->age), "%d", age);
		set(cv, F_AGE, p->age);
	}
	set(cv, F_NATIONALITY, g->nationality);
	set(cv, F_COUNTRY_OF_RETURN, g->ret_country);
	if (chance(r, 93))
		set(cv, F_MIGRATION_STATUS, PICK(r, migration_status));
	const char *edu, *occ;
	if (age < 5) {
		edu = "none";
		occ = "no_occupation";
	} else if (age < 18) {
		edu = age < 12 ? "primary" : chance(r, 55) ? "secondary" : chance(r, 80) ? "primary" : "none";
		occ = chance(r, 80) ? "student" : "no_occupation";
	} else {
		edu = PICK(r, adult_education);
		occ = PICK(r, adult_occupation);
	}
	if (chance(r, 95))
		set(cv, F_EDUCATION, edu);
	if (chance(r, 92))
		set(cv, F_OCCUPATION_SECTOR, occ);
	set(cv, F_UNACCOMPANIED_MINOR, g->umc ? "yes" : "no");
	set(cv, F_TRAVELLING_WITH, g->travelling_with);
	set(cv, F_TRANSPORT_MODE, g->transport);
	set(cv, F_STATUS, g->status);
	if (g->dep != RT_DATE_NONE) {
		format_date(g->dep, p->dep);
		set(cv, F_DEPARTURE_DATE, p->dep);
	}
	if (g->couns != RT_DATE_NONE) {
		format_date(g->couns, p->couns);
		set(cv, F_COUNSELLING_DATE, p->couns);
	}
	if (g->survey_open && g->dep >= survey_start && chance(r, 11)) {
		format_date(g->reg + below(r, (int)(g->dep - g->reg) + 3), p->survey);
		set(cv, F_SURVEY_DATE, p->survey);
		set(cv, F_HEALTH_SELF_PERCEIVED, chance(r, 78) ? "healthy" : "unwell");
		set(cv, F_HEALTH_SCREENING, multi(r, p->multi[0], 96, screening, ARRAY_SIZE(screening), 62, true));
		set(cv, F_JOURNEY_CONDITIONS, multi(r, p->multi[1], 96, journey, ARRAY_SIZE(journey), 35, true));
		set(cv, F_ABUSES, multi(r, p->multi[2], 96, abuses, ARRAY_SIZE(abuses), 45, true));
		set(cv, F_MIGRATION_REASONS, multi(r, p->multi[3], 96, migration_reasons, ARRAY_SIZE(migration_reasons), 0, false));
		set(cv, F_RETURN_REASONS, multi(r, p->multi[4], 96, return_reasons, ARRAY_SIZE(return_reasons), 4, true));
		bool regularization = chance(r, 30);
		set(cv, F_REGULARIZATION_STARTED, regularization ? "yes" : "no");
		if (regularization && chance(r, 90))
			set(cv, F_MEXICO_EXIT_REASON, PICK(r, exit_reasons));
		set(cv, F_RETURN_PLANS, multi(r, p->multi[5], 96, plans, ARRAY_SIZE(plans), 0, false));
	}
}

int demo_generate(struct store *st, const struct vocab *v, const struct demo_opts *o,
		  struct strbuf *err)
{
	int64_t existing;
	int rc = store_case_total(st, &existing);
	if (rc) {
		strbuf_addf(err, "%s", store_errmsg(st));
		return rc;
	}
	if (existing) {
		strbuf_addf(err, "%s already holds %lld cases; demo data goes only into an empty "
			    "database, never beside real people", store_path(st), (long long)existing);
		return RT_EEXISTS;
	}
	struct case_writer w;
	case_writer_init(&w, st, v, o->actor, "demo");
	char source[96];
	snprintf(source, sizeof(source), "demo --cases %lld --seed %llu", (long long)o->cases,
		 (unsigned long long)o->seed);
	if ((rc = store_begin(st)) || (rc = store_import_start(st, w.now, o->actor, source,
							      &w.import_id))) {
		strbuf_addf(err, "%s", store_errmsg(st));
		return rc;
	}
	struct rng r = { o->seed * 0x2545F4914F6CDD1Dull + 1 };
	const rt_date start = date_from_ymd(2019, 1, 7);
	const int span = 3 * 365;          /* registrations over three years */
	const rt_date survey_start = date_from_ymd(2019, 9, 1);
	struct group g;
	struct person p;
	struct case_values cv;
	struct case_check chk;
	int64_t seq = 0, group_seq = 0;
	while (seq < o->cases && !rc) {
		plan_group(&r, &g, start, span);
		group_seq++;
		for (int m = 0; m < g.size && seq < o->cases && !rc; m++) {
			fill_person(&r, &g, m, ++seq, group_seq, survey_start, &p, &cv);
			/* the database is empty and the ids unique: only inserts */
			int64_t id;
			rc = case_insert(&w, &cv, &chk, &id);
			if (rc == RT_EINVAL) {
				/* a generator bug: say exactly what it produced (the
				 * code and its parameters, unworded: domain/ has no words) */
				strbuf_addf(err, "demo case %s breaks a rule: %s: %s (", p.case_id,
					    case_column_name[chk.issue[0].field], chk.issue[0].code);
				for (const char *a = chk.issue[0].args; *a; a++)
					strbuf_addch(err, *a == MSG_SEP_CHAR ? ',' : *a);
				strbuf_addch(err, ')');
			} else if (rc) {
				strbuf_addf(err, "%s", store_errmsg(st));
			}
			if (o->on_progress && (seq & 0xffff) == 0)
				o->on_progress(o->ctx, seq, o->cases);
		}
	}
	if (!rc)
		rc = store_import_finish(st, w.import_id, w.now, w.inserted, 0);
	if (!rc)
		rc = store_commit(st);
	if (rc) {
		if (!err->len)
			strbuf_addf(err, "%s", store_errmsg(st));
		store_rollback(st);
	}
	return rc;
}
