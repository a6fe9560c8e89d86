/* rules.c: every rule of data-dictionary §1 for one case; see rules.h. */
#include "rules.h"
#include "../core/textcheck.h"
#include <stdarg.h>

void case_issue_add(struct case_check *chk, int field, const char *code, const char *fmt, ...)
{
	if (chk->n == CASE_MAX_ISSUES) {
		chk->dropped++;
		return;
	}
	struct case_issue *is = &chk->issue[chk->n++];
	is->field = field;
	is->code = code;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	msg_vaddargs(&sb, fmt, ap);
	va_end(ap);
	msg_copy_args(is->args, sizeof(is->args), sb.buf, sb.len);
	strbuf_release(&sb);
}

static bool has_issue(const struct case_check *chk, int field)
{
	for (int i = 0; i < chk->n; i++)
		if (chk->issue[i].field == field)
			return true;
	return false;
}

#define V(f) (cv->v[f])
#define L(f) (cv->len[f])
/* A value of a code or an event date, for a message: at most 40 bytes. Only
 * codes and dates are ever shown (see shown() below). */
#define SHOW(f) (int)(L(f) > 40 ? 40 : L(f)), V(f)
/* The messages' parameters (see the catalog, app/messages.c, for the words). */
#define SEP MSG_SEP

/* Messages name the column and the rule, never personal data: names, birth
 * dates and ages (and ages computed from a birth date) are not shown. Any
 * other value is shown only when it has the shape of what the column holds,
 * so that a name or a birth date that landed in a code or date column (a
 * shifted or ';'-separated file) is not echoed either: a code of lowercase
 * ASCII letters, digits and '_' (at most 40; a country: 1-3 capital letters),
 * or a date of digits and '-', '/', '.' (at most 10). Returns how many bytes
 * of the value to show (0: none). */
static int shown(int f, const char *s, size_t len)
{
	const struct field_def *d = &field_defs[f];
	if (d->personal || d->type == T_AGE || d->type == T_TEXT || d->type == T_ID)
		return 0;
	bool date = d->type == T_DATE, country = d->list == VL_COUNTRY;
	if (len == 0 || len > (date ? 10u : country ? 3u : 40u))
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool ok = date ? ((c >= '0' && c <= '9') || c == '-' || c == '/' || c == '.')
			: country ? (c >= 'A' && c <= 'Z')
			: ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
		if (!ok)
			return 0;
	}
	return (int)len;
}

static void check_id(const struct case_values *cv, int f, struct case_check *chk)
{
	if (L(f) > 64) {
		case_issue_add(chk, f, "too_long", "64" SEP "%zu", L(f));
		return;
	}
	/* the contract: [A-Za-z0-9_.-], starting with a letter or a digit (an id
	 * such as "-A1" is a formula to a spreadsheet) */
	for (size_t i = 0; i < L(f); i++) {
		char c = V(f)[i];
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || !(c == '_' || c == '.' || c == '-'))) {
			/* one character, never the id: it may be a line of a shifted file */
			size_t n = 1;
			if ((unsigned char)c >= 0x80)
				text_decode(V(f) + i, L(f) - i, &n);
			case_issue_add(chk, f, i == 0 && (c == '_' || c == '.' || c == '-')
				       ? "bad_id_start" : "bad_id", "%.*s", (int)n, V(f) + i);
			return;
		}
	}
}

static void check_text(const struct case_values *cv, int f, struct case_check *chk)
{
	size_t chars = utf8_length(V(f), L(f));
	if (chars > field_defs[f].max_len)
		case_issue_add(chk, f, "too_long", "%zu" SEP "%zu", field_defs[f].max_len, chars);
}

/* "YYYY-MM-DD" whose year parse_date() does not take: the year, else -1. */
static int year_outside(const char *s, size_t len)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (i < 4)
			y = y * 10 + (s[i] - '0');
	}
	return y < 1900 || y > 2199 ? y : -1;
}

static void unknown_code(const struct vocab *v, int f, const char *code, size_t len,
			 struct case_check *chk)
{
	int list = field_defs[f].list;
	if (list == VL_COUNTRY) {
		case_issue_add(chk, f, "unknown_country", "%.*s", shown(f, code, len), code);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	vocab_describe_list(v, list, 12, &sb);
	case_issue_add(chk, f, "unknown_code", "%.*s" SEP "%s" SEP "%s", shown(f, code, len),
		       code, vocab_list_names[list], sb.buf);
	strbuf_release(&sb);
}

static void check_multi(const struct vocab *v, const struct case_values *cv, int f,
			struct case_check *chk)
{
	const char *s = V(f);
	size_t len = L(f), i = 0, ncodes = 0;
	int seen[64];
	bool none = false;
	if (s[0] == ' ' || s[len - 1] == ' ' || memmem(s, len, "  ", 2)) {
		case_issue_add_plain(chk, f, "bad_separator");
		return;
	}
	while (i < len) {
		const char *tok = s + i;
		const char *end = memchr(tok, ' ', len - i);
		size_t n = end ? (size_t)(end - tok) : len - i;
		int item = vocab_find(v, field_defs[f].list, tok, n);
		if (item < 0) {
			unknown_code(v, f, tok, n, chk);
			return;
		}
		for (size_t k = 0; k < ncodes; k++) {
			if (seen[k] == item) {
				case_issue_add(chk, f, "repeated_code", "%.*s", (int)n, tok);
				return;
			}
		}
		if (ncodes == ARRAY_SIZE(seen)) {
			case_issue_add(chk, f, "too_many_codes", "%zu", ARRAY_SIZE(seen));
			return;
		}
		seen[ncodes++] = item;
		if (n == 4 && !memcmp(tok, "none", 4))
			none = true;
		i += n + 1;
	}
	if (none && ncodes > 1)
		case_issue_add_plain(chk, f, "none_with_other");
}

/* Type and code-list checks of one non-empty value. */
static void check_value(const struct vocab *v, const struct case_values *cv, int f,
			struct case_check *chk)
{
	const struct field_def *d = &field_defs[f];
	/* the one check of text (core/textcheck.h): UTF-8, no control or
	 * invisible formatting character, and for free text nothing that a
	 * spreadsheet would run */
	struct text_verdict tv;
	if (text_check(V(f), L(f), d->type == T_TEXT ? TEXT_NO_FORMULA : 0, &tv)) {
		char p1[16], p2[16];
		const char *code = text_verdict_code(&tv, p1, p2);
		case_issue_add(chk, f, code, "%s" SEP "%s", p1, p2);
		return;
	}
	switch (d->type) {
	case T_ID:
		check_id(cv, f, chk);
		break;
	case T_TEXT:
		check_text(cv, f, chk);
		break;
	case T_CODE:
		if (vocab_find(v, d->list, V(f), L(f)) < 0)
			unknown_code(v, f, V(f), L(f), chk);
		break;
	case T_MULTI:
		check_multi(v, cv, f, chk);
		break;
	case T_DATE: {
		rt_date day;
		int year = year_outside(V(f), L(f));
		if (year >= 0 && !d->personal)
			case_issue_add(chk, f, "year_out_of_range", "%d", year);
		else if (year >= 0)
			case_issue_add_plain(chk, f, "year_out_of_range");
		else if (parse_date(V(f), L(f), &day))
			case_issue_add(chk, f, "bad_date", "%.*s", shown(f, V(f), L(f)), V(f));
		break;
	}
	case T_AGE: {
		unsigned long long n;
		if (parse_uint(V(f), L(f), 120, &n))
			case_issue_add_plain(chk, f, "bad_age");
		break;
	}
	}
}

static rt_date date_of(const struct case_values *cv, int f, const struct case_check *chk)
{
	rt_date d;
	if (!V(f) || has_issue(chk, f) || parse_date(V(f), L(f), &d))
		return RT_DATE_NONE;
	return d;
}

static bool is(const struct case_values *cv, int f, const char *code)
{
	size_t n = strlen(code);
	return V(f) && L(f) == n && !memcmp(V(f), code, n);
}

static void check_dates(const struct case_values *cv, rt_date today, struct case_check *chk)
{
	char buf[11];
	rt_date reg = chk->registration;
	if (reg != RT_DATE_NONE && reg > today)
		case_issue_add_plain(chk, F_REGISTRATION_DATE, "future_registration");
	static const int after_registration[] = { F_DEPARTURE_DATE, F_COUNSELLING_DATE,
						  F_SURVEY_DATE };
	rt_date *parsed[] = { &chk->departure, &chk->counselling, &chk->survey };
	for (size_t i = 0; i < ARRAY_SIZE(after_registration); i++) {
		int f = after_registration[i];
		rt_date d = *parsed[i];
		if (d == RT_DATE_NONE)
			continue;
		if (reg != RT_DATE_NONE && d < reg) {
			format_date(reg, buf);
			case_issue_add(chk, f, "before_registration", "%.*s" SEP "%s", SHOW(f),
				       buf);
		} else if (d > today) {
			case_issue_add(chk, f, "future_date", "%.*s", SHOW(f));
		}
	}
	if (chk->birth != RT_DATE_NONE && reg != RT_DATE_NONE && chk->birth > reg)
		case_issue_add_plain(chk, F_BIRTH_DATE, "after_registration");
}

static void check_age(const struct case_values *cv, struct case_check *chk)
{
	chk->age = -1;
	if (!V(F_BIRTH_DATE) && !V(F_AGE)) {
		case_issue_add(chk, F_BIRTH_DATE, "required_one_of", "%s" SEP "%s",
			       case_column_name[F_BIRTH_DATE], case_column_name[F_AGE]);
		return;
	}
	unsigned long long given = 0;
	bool have_age = V(F_AGE) && !has_issue(chk, F_AGE) &&
			parse_uint(V(F_AGE), L(F_AGE), 120, &given) == RT_OK;
	if (chk->birth != RT_DATE_NONE && chk->registration != RT_DATE_NONE &&
	    chk->birth <= chk->registration) {
		int years = years_between(chk->birth, chk->registration);
		if (years > 120) {
			case_issue_add_plain(chk, F_BIRTH_DATE, "age_out_of_range");
			return;
		}
		if (have_age && (int)given != years) {
			case_issue_add_plain(chk, F_AGE, "age_mismatch");
			return;
		}
		chk->age = years;
	} else if (have_age && !V(F_BIRTH_DATE)) {
		chk->age = (int)given;
	}
}

static void check_office_rules(const struct vocab *v, const struct case_values *cv,
			       struct case_check *chk)
{
	const struct vocab_item *office = NULL, *point = NULL;
	if (V(F_OFFICE) && !has_issue(chk, F_OFFICE))
		office = vocab_get(v, VL_OFFICE, V(F_OFFICE), L(F_OFFICE));
	if (V(F_REGISTRATION_POINT) && !has_issue(chk, F_REGISTRATION_POINT))
		point = vocab_get(v, VL_REGISTRATION_POINT, V(F_REGISTRATION_POINT),
				  L(F_REGISTRATION_POINT));
	if (office && point && &v->item[point->office] != office) {
		case_issue_add(chk, F_REGISTRATION_POINT, "point_of_other_office",
			       "%s" SEP "%s" SEP "%s", point->code, v->item[point->office].code,
			       office->code);
	} else if (point && V(F_PROGRAM) && !has_issue(chk, F_PROGRAM) &&
		   !code_in_set(point->attr, V(F_PROGRAM), L(F_PROGRAM))) {
		struct strbuf where = STRBUF_INIT;
		for (size_t i = 0; i < v->n; i++)
			if (v->item[i].list == VL_REGISTRATION_POINT &&
			    code_in_set(v->item[i].attr, V(F_PROGRAM), L(F_PROGRAM)))
				strbuf_addf(&where, "%s%s", where.len ? ", " : "", v->item[i].code);
		if (where.len)
			case_issue_add(chk, F_REGISTRATION_POINT, "program_not_at_point",
				       "%.*s" SEP "%s" SEP "%s", SHOW(F_PROGRAM), point->code,
				       where.buf);
		else
			case_issue_add(chk, F_REGISTRATION_POINT, "program_at_no_point",
				       "%.*s" SEP "%s", SHOW(F_PROGRAM), point->code);
		strbuf_release(&where);
	}
	if (office && V(F_TRANSPORT_MODE) && !has_issue(chk, F_TRANSPORT_MODE) &&
	    !code_in_set(office->attr, V(F_TRANSPORT_MODE), L(F_TRANSPORT_MODE)))
		case_issue_add(chk, F_TRANSPORT_MODE, "transport_not_allowed",
			       "%s" SEP "%s" SEP "%.*s", office->code, office->attr,
			       SHOW(F_TRANSPORT_MODE));
}

static void check_workflow(const struct case_values *cv, struct case_check *chk)
{
	int st = chk->status;
	if (st == ST_NONE)
		return;
	if (status_at_least(st, ST_TRAVEL_BOOKED) && !V(F_TRANSPORT_MODE))
		case_issue_add(chk, F_TRANSPORT_MODE, "required_for_status", "%s" SEP "%s",
			       status_codes[ST_TRAVEL_BOOKED], status_codes[st]);
	if (status_at_least(st, ST_DEPARTED) && !V(F_DEPARTURE_DATE))
		case_issue_add(chk, F_DEPARTURE_DATE, "required_for_status", "%s" SEP "%s",
			       status_codes[ST_DEPARTED], status_codes[st]);
	if (is(cv, F_PROGRAM, "mpp") && status_at_least(st, ST_APPROVED) && !V(F_COUNSELLING_DATE))
		case_issue_add(chk, F_COUNSELLING_DATE, "required_for_mpp_approval", "%s",
			       status_codes[st]);
}

static void check_minor(const struct case_values *cv, struct case_check *chk)
{
	if (!is(cv, F_UNACCOMPANIED_MINOR, "yes"))
		return;
	if (chk->age >= 18)
		case_issue_add_plain(chk, F_UNACCOMPANIED_MINOR, "umc_adult");
	if (V(F_TRANSPORT_MODE) && !has_issue(chk, F_TRANSPORT_MODE) &&
	    !is(cv, F_TRANSPORT_MODE, "air"))
		case_issue_add(chk, F_TRANSPORT_MODE, "umc_must_fly", "%.*s",
			       SHOW(F_TRANSPORT_MODE));
}

static void check_survey(const struct case_values *cv, struct case_check *chk)
{
	if (!V(F_SURVEY_DATE)) {
		struct strbuf which = STRBUF_INIT;
		for (int f = F_FIRST_SURVEY + 1; f < F_COUNT; f++)
			if (V(f))
				strbuf_addf(&which, "%s%s", which.len ? ", " : "", case_column_name[f]);
		if (which.len)
			case_issue_add(chk, F_SURVEY_DATE, "survey_without_date", "%s", which.buf);
		strbuf_release(&which);
	}
	if (V(F_MEXICO_EXIT_REASON) && !is(cv, F_REGULARIZATION_STARTED, "yes"))
		case_issue_add_plain(chk, F_MEXICO_EXIT_REASON, "exit_without_regularization");
}

int case_check(const struct vocab *v, const struct case_values *cv, rt_date today,
	       struct case_check *chk)
{
	chk->n = 0;
	chk->dropped = 0;
	for (int f = 0; f < F_COUNT; f++) {
		if (!V(f)) {
			if (field_defs[f].required)
				case_issue_add_plain(chk, f, "required");
			continue;
		}
		check_value(v, cv, f, chk);
	}
	chk->registration = date_of(cv, F_REGISTRATION_DATE, chk);
	chk->birth = date_of(cv, F_BIRTH_DATE, chk);
	chk->departure = date_of(cv, F_DEPARTURE_DATE, chk);
	chk->counselling = date_of(cv, F_COUNSELLING_DATE, chk);
	chk->survey = date_of(cv, F_SURVEY_DATE, chk);
	chk->status = V(F_STATUS) && !has_issue(chk, F_STATUS)
		      ? status_from_code(V(F_STATUS), L(F_STATUS)) : ST_NONE;

	check_dates(cv, today, chk);
	check_age(cv, chk);
	check_office_rules(v, cv, chk);
	check_workflow(cv, chk);
	check_minor(cv, chk);
	check_survey(cv, chk);
	return chk->n;
}
