/* actor.h: who is acting, and what their role lets them do (api.md, "Roles").
 *
 * Every use case in app.h takes the acting user. The command line acts as the
 * local administrator `local:LOGIN`, or as an existing user named by --as; the
 * server as the user of the session or bearer token. The role table lives in
 * actor.c and nowhere else.
 */
#ifndef RETORNO_ACTOR_H
#define RETORNO_ACTOR_H

#include "../core/common.h"
#include "../domain/vocab.h"

enum role { ROLE_ADMIN, ROLE_SUPERVISOR, ROLE_CASEWORKER, ROLE_ANALYST, ROLE_COUNT };
extern const char *const role_names[ROLE_COUNT];
/* The role with that name, or -1. */
int role_from_name(const char *name);

/* The rights of the role table, one per row of api.md. */
enum right {
	R_ADMINISTER,   /* users, tokens, code lists, settings */
	R_CASES,        /* list / read / create / edit cases of their offices */
	R_APPROVE,      /* move a case to approved or ineligible */
	R_MOVE,         /* the other status moves */
	R_CORRECT,      /* correct a status backwards, with a reason */
	R_TRANSFER,     /* transfer a case out of an office they hold */
	R_IMPORT,       /* import a file of cases */
	R_REPORT,       /* factsheet of their offices, and its public preview */
	R_PUBLISH,      /* publish an edition */
	R_EXPORT,       /* export personal data */
	R_AUDIT,        /* audit trail of their offices */
	R_DUPLICATE,    /* mark a case as a duplicate of another, and restore it */
	R_COUNT
};

#define ACTOR_NAME_MAX 96
#define ACTOR_OFFICES_MAX 256   /* bytes of the space-separated office list */

struct actor {
	char name[ACTOR_NAME_MAX];     /* "local:root", or a user's name */
	int64_t user_id;               /* 0 for the local administrator */
	enum role role;
	bool all_offices;
	char offices[ACTOR_OFFICES_MAX]; /* space-separated office codes (when !all_offices) */
	enum lang lang;
	const char *source;            /* "cli", "api", "web": kept in the case history */
};

/* The command line's local administrator, `local:LOGIN`. */
void actor_local(struct actor *a, const char *login, enum lang lang);
bool actor_may(const struct actor *a, enum right r);
/* True when the actor holds the office (every office for all_offices). */
bool actor_holds(const struct actor *a, const char *office, size_t len);
/* The office list for a store query: NULL when the actor holds every office. */
static inline const char *actor_scope(const struct actor *a)
{
	return a->all_offices ? NULL : a->offices;
}

#endif
