/* workflow.h: the case status graph of data-dictionary §4.
 *
 *   registered → counselled → approved → travel_booked → departed → returned
 *   registered, counselled, approved, travel_booked → withdrawn
 *   registered, counselled → ineligible
 *
 * A move is valid when the target is reachable forward along these arrows
 * (one step or several: an import may report a case two steps further on).
 */
#ifndef RETORNO_WORKFLOW_H
#define RETORNO_WORKFLOW_H

#include "../core/common.h"

enum case_status {
	ST_REGISTERED, ST_COUNSELLED, ST_APPROVED, ST_TRAVEL_BOOKED, ST_DEPARTED,
	ST_RETURNED, ST_WITHDRAWN, ST_INELIGIBLE,
	ST_COUNT, ST_NONE = -1
};
extern const char *const status_codes[ST_COUNT];

int status_from_code(const char *code, size_t len);
/* True when `to` can follow `from` (to != from). */
bool status_can_move(int from, int to);
/* True when the status is on the main line at or after `stage`
 * (so withdrawn and ineligible are never "at or after" anything). */
bool status_at_least(int status, int stage);

#endif
