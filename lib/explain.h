/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmefw: causes and remedies of FWUpdLcl error codes (`mefwctl explain`).
 *
 * Built on the code table of kernel/common/mefw_errors.h (number, name,
 * one-line message): for each code it adds what the code means in mefw
 * (which check or firmware status produces it), likely causes, what to
 * try and where the knowledge comes from.  Remedies that come from user
 * forums are labelled as community advice.  Plain data, no state.
 */
#ifndef MEFW_EXPLAIN_H
#define MEFW_EXPLAIN_H

#include <stdbool.h>

#include "mefw.h"

/* at most this many causes, remedies and sources per code */
#define MEFW_EXPLAIN_MAX_ITEMS 8

/**
 * struct mefw_explanation - everything known about one code
 * @code: the number FWUpdLcl prints ("Error 8707")
 * @name: FwUpdateLib.h enumerator ("FWU_GENERAL"); NULL when the code is
 *	not in Intel's enum (8721)
 * @message: one line: FWUpdLcl's words where a public output shows them
 * @confirmed: the code is in Intel's enum (false: only seen in user
 *	reports, meaning unconfirmed)
 * @meaning: what the code means, and which mefw check or firmware status
 *	produces it (or that mefw never reports it)
 * @ncauses: number of entries in @causes (at least 1)
 * @causes: likely causes
 * @nremedies: number of entries in @remedies (at least 1)
 * @remedies: what to try, with mefw commands where they help
 * @nsources: number of entries in @sources (at least 1)
 * @sources: where this comes from
 */
struct mefw_explanation {
	unsigned int code;
	const char *name;
	const char *message;
	bool confirmed;
	const char *meaning;
	unsigned int ncauses;
	const char *causes[MEFW_EXPLAIN_MAX_ITEMS];
	unsigned int nremedies;
	const char *remedies[MEFW_EXPLAIN_MAX_ITEMS];
	unsigned int nsources;
	const char *sources[MEFW_EXPLAIN_MAX_ITEMS];
};

/*
 * Fill @out with the explanation of @code.  0, or -ENOENT when the
 * catalogue has none (then @out is zeroed).
 */
int mefw_explain(unsigned int code, struct mefw_explanation *out);

/* number of explained codes, and the @i-th in ascending order (0 past the end) */
unsigned int mefw_explain_count(void);
unsigned int mefw_explain_code_at(unsigned int i);

/*
 * Parse a code given on the command line: decimal digits only, at most
 * 4294967295.  -EINVAL (not a number) or -ERANGE with a message.
 */
int mefw_explain_parse_code(const char *s, unsigned int *code,
			    struct mefw_error *err);

/*
 * JSON of one explanation: {"code", "name", "message", "meaning",
 * "causes":[], "remedies":[], "sources":[]} ("name" null when unknown to
 * Intel's enum).  malloc()ed string in *@out, or -ENOMEM.
 */
int mefw_explain_to_json(const struct mefw_explanation *e, bool pretty,
			 char **out, struct mefw_error *err);

/*
 * JSON of the catalogue: {"codes":[{"code", "name", "message"}, ...]}.
 * malloc()ed string in *@out, or -ENOMEM.
 */
int mefw_explain_list_to_json(bool pretty, char **out,
			      struct mefw_error *err);

#endif /* MEFW_EXPLAIN_H */
