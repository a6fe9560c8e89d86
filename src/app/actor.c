/* actor.c: the role table of api.md; see actor.h. */
#include "actor.h"

const char *const role_names[ROLE_COUNT] = { "admin", "supervisor", "caseworker", "analyst" };

int role_from_name(const char *name)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		if (name && !strcmp(name, role_names[r]))
			return r;
	return -1;
}

#define A (1u << ROLE_ADMIN)
#define S (1u << ROLE_SUPERVISOR)
#define C (1u << ROLE_CASEWORKER)
#define N (1u << ROLE_ANALYST)
/* rights[r]: the roles that have right r (one row of api.md's table each) */
static const unsigned rights[R_COUNT] = {
	[R_ADMINISTER] = A,
	[R_CASES] = A | S | C,
	[R_APPROVE] = A | S,
	[R_MOVE] = A | S | C,
	[R_CORRECT] = A,
	[R_TRANSFER] = A | S,
	[R_IMPORT] = A | S,
	[R_REPORT] = A | S | C | N,
	[R_PUBLISH] = A | S | N,
	[R_EXPORT] = A | S,
	[R_AUDIT] = A | S,
	[R_DUPLICATE] = A | S,
};
#undef A
#undef S
#undef C
#undef N

bool actor_may(const struct actor *a, enum right r)
{
	return r >= 0 && r < R_COUNT && a->role >= 0 && a->role < ROLE_COUNT &&
	       (rights[r] & (1u << a->role)) != 0;
}

bool actor_holds(const struct actor *a, const char *office, size_t len)
{
	if (a->all_offices)
		return true;
	if (!office || !len)
		return false;
	return code_in_set(a->offices, office, len);
}

void actor_local(struct actor *a, const char *login, enum lang lang)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "local:%s", login && *login ? login : "unknown");
	a->role = ROLE_ADMIN;
	a->all_offices = true;
	a->lang = lang;
	a->source = "cli";
}
