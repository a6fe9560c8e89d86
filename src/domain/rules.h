/* rules.h: the data dictionary's rules for one case (§1), as one function
 * every front end uses: CSV import, `retorno case status`, the demo
 * generator, and the web forms.
 *
 * case_check() reports each problem against the column it is about, as a
 * stable code and the message's parameters; a front end words it in the
 * user's language with msg_format() (app/messages.h), whose catalog has a
 * template for every code used here.
 */
#ifndef RETORNO_RULES_H
#define RETORNO_RULES_H

#include "../core/msg.h"
#include "../core/parse.h"
#include "fields.h"
#include "workflow.h"

#define CASE_MAX_ISSUES 16

struct case_issue {
	int field;           /* enum case_field */
	const char *code;    /* e.g. "required", "unknown_code", "umc_must_fly" */
	char args[256];      /* the message's parameters, separated by MSG_SEP */
};

struct case_check {
	struct case_issue issue[CASE_MAX_ISSUES];
	int n;               /* issues recorded */
	int dropped;         /* issues beyond CASE_MAX_ISSUES */
	/* Parsed values, valid when the field has no issue. */
	rt_date registration, birth, departure, counselling, survey;
	int age;             /* age at registration, -1 when unknown */
	int status;          /* enum case_status, ST_NONE if invalid */
};

/* Checks every rule for cv. `today` bounds dates. Returns chk->n. */
int case_check(const struct vocab *v, const struct case_values *cv, rt_date today,
	       struct case_check *chk);
/* Adds an issue (used also by callers for rules that need the database,
 * such as a duplicate case_id or a backward status move). fmt formats the
 * parameters only, separated by MSG_SEP, in the order of the catalog's
 * placeholders {1}, {2}, ...: e.g. "%zu" MSG_SEP "%zu". Parameters that do
 * not fit in args are cut (with "..."): put a list that can grow last. */
void case_issue_add(struct case_check *chk, int field, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same, for a message without parameters. */
static inline void case_issue_add_plain(struct case_check *chk, int field, const char *code)
{
	case_issue_add(chk, field, code, "%s", "");
}

#endif
