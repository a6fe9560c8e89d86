/* banned.h: unbounded or unchecked libc calls we never use (after git's banned.h).
 * Included last by every translation unit through core/common.h, so any use of
 * these names is a compile error that points at the safe replacement. */
#ifndef RETORNO_BANNED_H
#define RETORNO_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_use_strbuf_or_parse_helpers

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef gets
#define gets(x) BANNED(gets)

#endif
