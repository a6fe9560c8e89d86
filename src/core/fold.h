/* fold.h: names folded for search: lower case, accents removed, runs of
 * spaces and punctuation made one space ("José  HERNÁNDEZ-López" ->
 * "jose hernandez lopez"), so that an officer who types without accents
 * finds the person. Latin letters only are folded; other text is kept. */
#ifndef RETORNO_FOLD_H
#define RETORNO_FOLD_H

#include "common.h"
#include "strbuf.h"

/* Appends the folded form of s[0..len) (UTF-8) to out. */
void fold_append(struct strbuf *out, const char *s, size_t len);

#endif
