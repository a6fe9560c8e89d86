/* messages.h: the words of retorno's messages, in English and Spanish.
 *
 * Below the front ends a message is a stable code ("umc_must_fly") and its
 * parameters as text, separated by MSG_SEP (core/msg.h). The catalog
 * (messages.c) holds, for each code, an English and a Spanish template;
 * a front end words a message with msg_format() in the user's language.
 *
 * Templates use {1} ... {9} for the parameters, and {N?one|other} for a word
 * that agrees with parameter N: "one" when the parameter is exactly "1",
 * "other" otherwise (the rule of both English and Spanish), and {N:text} for
 * text (which may hold placeholders {M}) written only when parameter N is not
 * empty: "{1:'{1}' }is not a date" words a value when the caller gives one and
 * leaves it out when it may not be shown (personal data, see domain/rules.c).
 * A '{' that starts none of these is an ordinary character.
 *
 * Adding a message: pass a new code with its parameters where the problem is
 * found (case_issue_add() in domain/, report() in io/csv_import.c, ...), and
 * add the code with both templates to the table in messages.c; the unit test
 * tests/unit/test_messages.c fails for a code passed to case_issue_add(),
 * msg_format() or the import's report() without an entry.
 * A code, once used, never changes meaning: front ends and API clients may
 * rely on it. Only the words change.
 *
 * Depends on core/ only, so that every layer's front end can use it.
 */
#ifndef RETORNO_MESSAGES_H
#define RETORNO_MESSAGES_H

#include "../core/lang.h"
#include "../core/msg.h"
#include "../core/strbuf.h"

/* Appends the message `code` with its parameters `args` (MSG_SEP-separated;
 * NULL means none) worded in `lang` to out. A parameter the template does not
 * have is left empty. An unknown code is written as itself followed by its
 * parameters ("some_code: a, b"), so that it is still readable. */
void msg_format(struct strbuf *out, enum lang lang, const char *code, const char *args);
/* The same, with the parameters formatted as msg_addargs() does. */
void msg_formatf(struct strbuf *out, enum lang lang, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The catalog, for tests and for listing the codes. */
struct msg_def {
	const char *code;
	const char *text[2];   /* indexed by enum lang */
};
extern const struct msg_def msg_catalog[];
extern const size_t msg_catalog_size;
/* The entry for code, or NULL. */
const struct msg_def *msg_find(const char *code);

#endif
