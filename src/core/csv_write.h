/* csv_write.h: RFC 4180 output. A field is quoted only when it must be
 * (it holds a comma, a quote, CR or LF, or starts or ends with a space), so
 * that export is deterministic and byte-identical across round trips. */
#ifndef RETORNO_CSV_WRITE_H
#define RETORNO_CSV_WRITE_H

#include "strbuf.h"

int csv_add_field(struct strbuf *sb, const char *s, size_t len);
/* Writes a whole row: fields separated by commas, ended by CRLF (RFC 4180). */
int csv_add_row(struct strbuf *sb, const char *const *fields, const size_t *lens, size_t n);

#endif
