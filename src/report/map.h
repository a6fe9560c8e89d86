/* map.h: the factsheet's map of registration points (CHART_MAP in chart.h).
 *
 * The country outlines are data, generated once from Natural Earth (public
 * domain) by scripts/map/build-map.mjs into map_data.c and committed: the
 * build needs no network and a render makes no request. Coordinates are
 * whole hundredths of a degree (WGS 84), longitude then latitude; a ring is
 * closed by the renderer. */
#ifndef RETORNO_MAP_H
#define RETORNO_MAP_H

#include <stdint.h>

struct map_box {
	int west, east, south, north;   /* hundredths of a degree */
};

struct map_ring {
	int country;                     /* ISO 3166-1 numeric (484 Mexico, 320 Guatemala) */
	int start, n;                    /* its points: map_pts[2 * start ...], n pairs */
};

extern const struct map_box map_box;
extern const struct map_ring map_rings[];
extern const int map_nrings;
extern const int16_t map_pts[];
extern const int map_npts;

#endif
