/* database.c: opening the database for use; see database.h. */
#include "database.h"

int database_open(const char *path, struct store **st, struct vocab *v, struct strbuf *err)
{
	return database_open_with(path, STORE_CREATE, st, v, err);
}

int database_open_with(const char *path, int flags, struct store **st, struct vocab *v,
		       struct strbuf *err)
{
	int64_t nlists;
	int rc = store_open_with(path, flags, st, err);
	if (rc)
		return rc;
	rc = store_lists_count(*st, &nlists);
	if (!rc && nlists == 0)
		rc = vocab_seed(*st, err);
	else if (rc)
		strbuf_addf(err, "%s: %s", store_path(*st), store_errmsg(*st));
	if (!rc)
		rc = vocab_load(v, *st, err);
	if (rc) {
		store_close(*st);
		*st = NULL;
	}
	return rc;
}

void database_close(struct store *st, struct vocab *v)
{
	vocab_release(v);
	store_close(st);
}
