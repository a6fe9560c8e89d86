/* fields.h: what the data dictionary says of each case column: its HXL tag,
 * type, code list, and whether it is required. Indexed by enum case_field. */
#ifndef RETORNO_FIELDS_H
#define RETORNO_FIELDS_H

#include "../store/case_columns.h"
#include "vocab.h"

enum field_type {
	T_ID,     /* 1-64 of [A-Za-z0-9_.-] */
	T_TEXT,   /* free text, at most max_len characters: personal data */
	T_CODE,   /* one code of `list` */
	T_MULTI,  /* codes of `list` separated by single spaces */
	T_DATE,   /* YYYY-MM-DD */
	T_AGE,    /* integer 0-120 */
};

struct field_def {
	const char *hxl;
	enum field_type type;
	int list;         /* for T_CODE/T_MULTI, else VL_NONE */
	bool required;
	bool personal;    /* names and birth date: never in a report */
	size_t max_len;   /* characters, for T_TEXT */
};

extern const struct field_def field_defs[F_COUNT];

/* Column index for a header name, or -1. */
int field_by_name(const char *name, size_t len);

/* Not a column of the interchange file but a case's link to its original
 * when it is marked a duplicate: the field that issues about a marking name
 * (struct case_issue's field). */
#define F_DUPLICATE_OF F_COUNT
/* The name of a field of an issue: a column's, "duplicate_of", or NULL. */
const char *case_field_name(int f);

#endif
