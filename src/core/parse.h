/* parse.h: strict, bounded parsing of the small value types retorno reads from
 * untrusted input (CSV cells, query strings, command-line options). Every
 * function takes an explicit length: input need not be NUL-terminated. */
#ifndef RETORNO_PARSE_H
#define RETORNO_PARSE_H

#include "common.h"

/* A calendar date as days since 1970-01-01 (negative before). */
typedef int32_t rt_date;
#define RT_DATE_NONE INT32_MIN

/* Parses exactly "YYYY-MM-DD" (year 1900..2199) and checks the day exists.
 * Returns 0 and sets *out, or RT_EINVAL. */
int parse_date(const char *s, size_t len, rt_date *out);
/* Parses exactly "YYYY-MM" (a calendar month): its first and last day. */
int parse_month(const char *s, size_t len, rt_date *first, rt_date *last);
/* Writes "YYYY-MM-DD" and a NUL into out[11]. */
void format_date(rt_date d, char out[11]);
rt_date date_from_ymd(int y, int m, int d);
void date_to_ymd(rt_date day, int *y, int *m, int *d);
/* Whole years between two dates (age at `on` of someone born `birth`). */
int years_between(rt_date birth, rt_date on);
/* Today's date: $RETORNO_TODAY (YYYY-MM-DD) when set, else the local date. */
rt_date date_today(void);
/* The same, but the date in UTC when $RETORNO_TODAY is not set. */
rt_date date_today_utc(void);

/* Parses a decimal number made only of digits, in [0, max]. */
int parse_uint(const char *s, size_t len, unsigned long long max, unsigned long long *out);

/* Returns true when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t utf8_length(const char *s, size_t len);

#endif
