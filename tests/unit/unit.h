/* unit.h: what every unit test includes: the project's common header, then cmocka. */
#ifndef RETORNO_UNIT_H
#define RETORNO_UNIT_H
#include "core/common.h"
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#endif
