/* schema.h: the ordered schema migrations (schema.c). */
#ifndef RETORNO_SCHEMA_H
#define RETORNO_SCHEMA_H
#include "../core/common.h"
extern const char *const schema_migrations[];
extern const int schema_version;
#endif
