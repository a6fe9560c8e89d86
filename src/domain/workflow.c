/* workflow.c: the status graph; see workflow.h. */
#include "workflow.h"

const char *const status_codes[ST_COUNT] = {
	"registered", "counselled", "approved", "travel_booked", "departed",
	"returned", "withdrawn", "ineligible",
};

/* edges[from] is a bit set of the statuses one arrow away. */
#define B(s) (1u << (s))
static const unsigned edges[ST_COUNT] = {
	[ST_REGISTERED] = B(ST_COUNSELLED) | B(ST_WITHDRAWN) | B(ST_INELIGIBLE),
	[ST_COUNSELLED] = B(ST_APPROVED) | B(ST_WITHDRAWN) | B(ST_INELIGIBLE),
	[ST_APPROVED] = B(ST_TRAVEL_BOOKED) | B(ST_WITHDRAWN),
	[ST_TRAVEL_BOOKED] = B(ST_DEPARTED) | B(ST_WITHDRAWN),
	[ST_DEPARTED] = B(ST_RETURNED),
};

int status_from_code(const char *code, size_t len)
{
	for (int s = 0; s < ST_COUNT; s++)
		if (strlen(status_codes[s]) == len && !memcmp(status_codes[s], code, len))
			return s;
	return ST_NONE;
}

bool status_can_move(int from, int to)
{
	unsigned seen = 0, frontier = B(from);
	while (frontier) {
		unsigned next = 0;
		for (int s = 0; s < ST_COUNT; s++)
			if (frontier & B(s))
				next |= edges[s];
		next &= ~seen;
		seen |= next;
		frontier = next;
	}
	return (seen & B(to)) != 0;
}

bool status_at_least(int status, int stage)
{
	return status >= stage && status <= ST_RETURNED;
}
