/* protect_model.h: the reader's model of publication safety, shared by
 * protect_model.c (what the reader knows: keys, atoms, relations, the
 * published cells) and protect.c (the audit and the hiding). Internal to
 * src/report. */
#ifndef RETORNO_PROTECT_MODEL_H
#define RETORNO_PROTECT_MODEL_H

#include "protect.h"
#include "atoms.h"

/* interned strings */
struct keytab {
	char **name;
	int n, alloc;
	int *slot;             /* open addressing: key id + 1, or 0 */
	size_t nslot;
};


/* A published cell: key over the atoms (pmask x omask x segments of its output). */
struct pcell {
	int key;               /* the atoms' key (a track key without its prefix) */
	int pmask;             /* programmes: one or ATOMS_ALL */
	int out;
	int64_t value;         /* as published (recorded editions) or computed */
	int64_t current;       /* today's value */
	bool hidden;
	bool mentions;         /* a multi-select's mentions: shown while a member is */
	int rcell;             /* the cell in the output's report (new outputs) */
	int delta;             /* column of its late change, or -1 */
	bool shown_anyway;     /* known from what is recorded: never hidden again */
	int row;               /* this round: its fact when shown, or -1 */
	int64_t known;         /* this round: the part of it the reader knows */
	uint64_t same;         /* this round: a hash of its unknowns (cells with the same
				* unknowns and value say the same: hidden together) */
};

struct output {
	int pmask, omask;      /* programmes, offices: one or ATOMS_ALL */
	int s0, s1;
	bool is_new;
	struct report r;       /* new outputs */
	int first, n;          /* its cells in model.cell */
};

/* A relation inside an atom, in keys: the members add up to the totals
 * (le: to at most the totals). key[0 .. n) are members, key[n .. n + nt)
 * totals. */
struct ksum {
	int *key;
	int n, nt;
	bool le;
};

struct model {
	const struct vocab *v;
	int min_cell;
	struct report_atoms *atoms;
	int np, no, ns;
	struct keytab keys;
	struct output *out;
	int nout;
	struct pcell *cell;
	int ncell, alloc_cell;
	/* atom values: val[atom][key], atoms numbered (p * no + o) * ns + s */
	int64_t **val;
	int nval_keys;
	/* the sums that hold inside every atom, per atom (from its report) */
	struct ksum **sums;
	int *nsums;
	int **rel, *nrel;      /* related keys (relate_keys) */
	int *family;           /* per key: its indicator (keys of one indicator are one family) */
	bool all_free;         /* a small model: every key unknown to the reader */
	/* per round */
	bool *free_key;
	bool *shown_for;       /* key * np + p: some output publishes the key for programme p */
	bool prune;            /* a large model: atoms of keys never published for their
				* programme are taken as known (protect.c) */
	int *col_of;           /* atom * nkeys + key -> column, or -1 */
	double big;
};


/* A set of 64-bit hashes (0 is never a member). */
struct hset {
	uint64_t *slot;
	size_t n, alloc;
};
uint64_t hash_ints(const int *v, int n);
/* Adds h; true when it was there already. */
bool hset_add(struct hset *s, uint64_t h);
int cmp_int(const void *a, const void *b);

int key_id(struct keytab *kt, const char *name, bool add);
void keytab_release(struct keytab *kt);

int natoms(const struct model *m);
int atom_index(const struct model *m, int p, int o, int s);
void add_pcell(struct model *m, const struct pcell *c);
/* The atoms' key of a published key, and the programme(s) it counts. */
int atom_key(struct model *m, const char *key, int pmask, int *kmask);
bool is_mentions(const char *key);
/* Reads every atom's values and relations. */
void load_atoms(struct model *m, const struct report_opts *o);
int64_t atom_value(const struct model *m, int a, int key);
/* Today's value of a key over a set of atoms. */
int64_t current_value(const struct model *m, int key, int pmask, int omask, int s0, int s1);
/* One programme or office (its position), ATOMS_ALL, or -2 for a code no
 * longer in the list. */
int set_of(const struct vocab *v, int list, const char *code);
/* The segment that starts at month, or -1. */
int segment_at(const int *bound, int nb, int month);
/* A slice of this output's period for one programme and one office (or
 * all: NULL), and a recorded edition. */
void add_new_output(struct model *m, const struct report_opts *o, const char *program,
		    const char *office, int s0, int s1);
/* A recorded edition's cells over segments s0..s1: those of its own period
 * (to_date false), or those of the programme to date of a monthly edition,
 * keyed PROTECT_TO_DATE "..." (to_date true; s0 is then the first segment). */
void add_edition(struct model *m, const struct pub_edition *ed, int s0, int s1, bool to_date);
/* Whether a recorded edition is a monthly one (it has to-date cells). */
bool edition_has_to_date(const struct pub_edition *ed);
/* For every key, the keys it shares a relation with; related() asks. */
void relate_keys(struct model *m);
bool related(const struct model *m, int a, int b);
/* Numbers every key by its indicator (m->family). */
void key_families(struct model *m);

#endif
