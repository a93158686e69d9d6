// SPDX-License-Identifier: GPL-2.0
/*
 * trace.c - instantiates af_smc's tracepoints (smc_trace.h).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#define CREATE_TRACE_POINTS
#include "smc_trace.h"
