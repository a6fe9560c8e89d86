/* sealed.c: the encrypted backup file; see sealed.h. */
#include "sealed.h"
#include <errno.h>
#include <sodium.h>

#define MAGIC "retorno-sealed"          /* 14 bytes, a NUL, then the version */
#define VERSION 1
#define KDF_ARGON2ID13 1
#define CHUNK 65536u
#define AD_BYTES 56                     /* the header up to the stream's own header */
/* What a file may ask of the key derivation: no more than retorno would
 * use, a little room above (a hostile file must not take the machine). */
#define MAX_OPSLIMIT 16u
#define MAX_MEMLIMIT (1024ull * 1024 * 1024)

_Static_assert(crypto_pwhash_SALTBYTES == 16, "salt of 16 bytes");
_Static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == 24, "stream header");
_Static_assert(SEALED_HEADER_BYTES == 40 + 16 + 24, "header layout");

static void put_le(unsigned char *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

bool sealed_is(const void *head, size_t len)
{
	return len >= 16 && !memcmp(head, MAGIC, sizeof(MAGIC));
}

static int derive(unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES],
		  const char *pass, size_t pass_len, const unsigned char *salt,
		  uint64_t ops, uint64_t mem)
{
	return crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, pass, pass_len,
			     salt, ops, (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) == 0
	       ? RT_OK : RT_ENOMEM;
}

int sealed_write(FILE *in, FILE *out, const char *pass, size_t pass_len, struct strbuf *err)
{
	unsigned char head[SEALED_HEADER_BYTES] = { 0 };
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	crypto_secretstream_xchacha20poly1305_state state;
	uint64_t ops = crypto_pwhash_OPSLIMIT_MODERATE, mem = crypto_pwhash_MEMLIMIT_MODERATE;
	int rc = RT_EIO;
	unsigned char *plain = xmalloc(CHUNK);
	unsigned char *sealed = xmalloc(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);

	memcpy(head, MAGIC, sizeof(MAGIC));
	head[15] = VERSION;
	head[16] = KDF_ARGON2ID13;
	put_le(head + 20, CHUNK, 4);
	put_le(head + 24, ops, 8);
	put_le(head + 32, mem, 8);
	randombytes_buf(head + 40, crypto_pwhash_SALTBYTES);
	if (derive(key, pass, pass_len, head + 40, ops, mem)) {
		strbuf_addf(err, "not enough memory to derive the key from the passphrase");
		goto out;
	}
	crypto_secretstream_xchacha20poly1305_init_push(&state, head + 56, key);
	if (fwrite(head, 1, sizeof(head), out) != sizeof(head))
		goto write_failed;
	for (;;) {
		size_t n = fread(plain, 1, CHUNK, in);
		if (ferror(in)) {
			strbuf_addf(err, "cannot read the copy to encrypt: %s", strerror(errno));
			goto out;
		}
		bool last = n < CHUNK && feof(in);
		if (!last && n == CHUNK) {
			/* a full chunk may be the last: look one byte ahead */
			int c = fgetc(in);
			if (c == EOF) {
				if (ferror(in)) {
					strbuf_addf(err, "cannot read the copy to encrypt: %s",
						    strerror(errno));
					goto out;
				}
				last = true;
			} else {
				ungetc(c, in);
			}
		}
		unsigned long long len;
		crypto_secretstream_xchacha20poly1305_push(
			&state, sealed, &len, plain, n, head, AD_BYTES,
			last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		if (fwrite(sealed, 1, (size_t)len, out) != (size_t)len)
			goto write_failed;
		if (last)
			break;
	}
	rc = RT_OK;
	goto out;
write_failed:
	strbuf_addf(err, "cannot write the encrypted copy: %s", strerror(errno));
out:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&state, sizeof(state));
	sodium_memzero(plain, CHUNK);
	free(plain);
	free(sealed);
	return rc;
}

int sealed_read(FILE *in, FILE *out, const char *pass, size_t pass_len, int *why,
		struct strbuf *err)
{
	unsigned char head[SEALED_HEADER_BYTES];
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	crypto_secretstream_xchacha20poly1305_state state;
	const size_t full = CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
	unsigned char *sealed = xmalloc(full);
	unsigned char *plain = xmalloc(CHUNK);
	int rc = RT_EINVAL;
	*why = SEALED_DAMAGED;

	size_t got = fread(head, 1, sizeof(head), in);
	if (got != sizeof(head) || !sealed_is(head, got)) {
		if (ferror(in))
			goto read_failed;
		strbuf_addf(err, "not an encrypted retorno backup, or cut short");
		goto out;
	}
	uint64_t chunk = get_le(head + 20, 4), ops = get_le(head + 24, 8),
		 mem = get_le(head + 32, 8);
	if (head[15] != VERSION || head[16] != KDF_ARGON2ID13 || head[17] || head[18] ||
	    head[19] || chunk != CHUNK) {
		strbuf_addf(err, "an encrypted backup of another format (version %d): a newer "
			    "retorno wrote it", head[15]);
		goto out;
	}
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > MAX_OPSLIMIT ||
	    mem < crypto_pwhash_MEMLIMIT_MIN || mem > MAX_MEMLIMIT) {
		strbuf_addf(err, "its header asks for a key derivation out of bounds");
		goto out;
	}
	if (derive(key, pass, pass_len, head + 40, ops, mem)) {
		strbuf_addf(err, "not enough memory to derive the key from the passphrase");
		*why = SEALED_IO;
		rc = RT_ENOMEM;
		goto out;
	}
	if (crypto_secretstream_xchacha20poly1305_init_pull(&state, head + 56, key) != 0) {
		strbuf_addf(err, "its header is damaged");
		goto out;
	}
	for (bool first = true;; first = false) {
		size_t n = fread(sealed, 1, full, in);
		if (ferror(in))
			goto read_failed;
		unsigned long long len;
		unsigned char tag = 0;
		if (n < crypto_secretstream_xchacha20poly1305_ABYTES ||
		    crypto_secretstream_xchacha20poly1305_pull(&state, plain, &len, &tag, sealed, n,
							       head, AD_BYTES) != 0) {
			if (first && n >= crypto_secretstream_xchacha20poly1305_ABYTES) {
				*why = SEALED_WRONG_KEY;
				strbuf_addf(err, "the passphrase is wrong, or the file is damaged");
			} else {
				strbuf_addf(err, "the file is damaged or cut short");
			}
			goto out;
		}
		if (fwrite(plain, 1, (size_t)len, out) != (size_t)len) {
			strbuf_addf(err, "cannot write the decrypted copy: %s", strerror(errno));
			*why = SEALED_IO;
			rc = RT_EIO;
			goto out;
		}
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
			if (fgetc(in) != EOF || ferror(in)) {
				strbuf_addf(err, "the file goes on after its end");
				goto out;
			}
			break;
		}
		if (n < full) {
			strbuf_addf(err, "the file is cut short");
			goto out;
		}
	}
	rc = RT_OK;
	*why = 0;
	goto out;
read_failed:
	strbuf_addf(err, "cannot read it: %s", strerror(errno));
	*why = SEALED_IO;
	rc = RT_EIO;
out:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&state, sizeof(state));
	sodium_memzero(plain, CHUNK);
	free(plain);
	free(sealed);
	return rc;
}
