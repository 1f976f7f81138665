/* cdrv_runtime.h: the three callbacks every register access and delay goes through.
 * The bridge (tb/cdriver/bridge.py) sets them with cdrv_set_callbacks() after loading a
 * library; cdrv_runtime.c holds them. Part of the cocotb mailbox testbench (tb/cdriver).
 */
#ifndef CDRV_RUNTIME_H
#define CDRV_RUNTIME_H

#include <stdint.h>

typedef uint32_t (*cdrv_read_fn)(uintptr_t addr);
typedef void (*cdrv_write_fn)(uintptr_t addr, uint32_t value);
typedef void (*cdrv_udelay_fn)(uint32_t us);

extern cdrv_read_fn cdrv_read_cb;
extern cdrv_write_fn cdrv_write_cb;
extern cdrv_udelay_fn cdrv_udelay_cb;

void cdrv_set_callbacks(cdrv_read_fn rd, cdrv_write_fn wr, cdrv_udelay_fn ud);

/* The bridge gives each instance its own non-NULL fake BAR base; register offsets are
 * 16-bit, so (address - base) names the register. */

#endif
