/* database.h: opening the case database for use: the store with its schema
 * migrated, the shipped vocabularies seeded into a new file, and the code
 * lists loaded into memory. */
#ifndef RETORNO_DATABASE_H
#define RETORNO_DATABASE_H

#include "vocab.h"

int database_open(const char *path, struct store **st, struct vocab *v, struct strbuf *err);
/* The same, with store_open_with()'s flags (database_open: STORE_CREATE). */
int database_open_with(const char *path, int flags, struct store **st, struct vocab *v,
		       struct strbuf *err);
void database_close(struct store *st, struct vocab *v);

#endif
