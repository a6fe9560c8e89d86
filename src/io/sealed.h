/* sealed.h: the encrypted backup file (`retorno backup --encrypt`).
 *
 * A sealed file is a header, then the database in chunks encrypted with
 * libsodium's crypto_secretstream_xchacha20poly1305 (authenticated: a
 * changed, reordered, cut or extended file is refused), under a key derived
 * from a passphrase by argon2id (crypto_pwhash) with a random salt.
 *
 * Header (80 bytes, integers little-endian):
 *   0  16  magic "retorno-sealed" NUL, then the format version (1)
 *  16   1  key derivation: 1 = argon2id v1.3
 *  17   3  zero
 *  20   4  plaintext bytes per chunk (65536)
 *  24   8  argon2 opslimit
 *  32   8  argon2 memlimit, bytes
 *  40  16  salt
 *  56  24  secretstream header
 * Then chunks of (bytes per chunk + 17) bytes, the last one shorter or equal
 * and tagged FINAL; nothing may follow it. Every chunk authenticates bytes
 * 0..55 of the header as additional data.
 */
#ifndef RETORNO_SEALED_H
#define RETORNO_SEALED_H

#include "../core/common.h"
#include "../core/strbuf.h"

#define SEALED_HEADER_BYTES 80

/* True when these first bytes (16 at least) are a sealed file's. */
bool sealed_is(const void *head, size_t len);

/* Encrypts everything `in` holds (to its end) into `out`. RT_OK, or RT_EIO
 * (err says what failed). */
int sealed_write(FILE *in, FILE *out, const char *pass, size_t pass_len, struct strbuf *err);

enum sealed_failure {
	SEALED_IO = 1,           /* reading or writing failed (errno) */
	SEALED_WRONG_KEY,        /* the first chunk does not open: wrong passphrase (or damage) */
	SEALED_DAMAGED,          /* a bad header, a later chunk that does not open, cut short, or
				    bytes after the end */
};
/* Decrypts `in` (from its first byte) into `out`. RT_OK, or RT_EINVAL /
 * RT_EIO with *why (enum sealed_failure) and err. What was written to `out`
 * before a failure is not to be used. */
int sealed_read(FILE *in, FILE *out, const char *pass, size_t pass_len, int *why,
		struct strbuf *err);

#endif
