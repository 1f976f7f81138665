/* e1000_osdep.h: Intel e1000 shared-code OS layer for the tb/cdriver userspace shim.
 *
 * Written for this project. Driver files in the style of Intel's out-of-tree, BSD and DPDK
 * copies of the e1000 shared code include "e1000_osdep.h" and use the macros below; here
 * they go to the same bridge callbacks as the Linux-style readl/writel/udelay. A driver
 * directory's own e1000_osdep.h is left out of the build (tb/cdriver/build.py says so in
 * one line); what else you need from it goes in cdrv_local.h there, included last.
 */
#ifndef CDRV_E1000_OSDEP_H
#define CDRV_E1000_OSDEP_H

#include "cdrv_osdep.h"

#define E1000_REGISTER(hw, reg) (reg)
#define E1000_READ_REG(hw, reg) readl((hw)->hw_addr + (reg))
#define E1000_WRITE_REG(hw, reg, value) writel((value), (hw)->hw_addr + (reg))
#define E1000_READ_REG_ARRAY(hw, reg, index) readl((hw)->hw_addr + (reg) + ((index) << 2))
#define E1000_WRITE_REG_ARRAY(hw, reg, index, value) \
	writel((value), (hw)->hw_addr + (reg) + ((index) << 2))
#define E1000_READ_REG_ARRAY_DWORD E1000_READ_REG_ARRAY
#define E1000_WRITE_REG_ARRAY_DWORD E1000_WRITE_REG_ARRAY
#define E1000_WRITE_FLUSH(hw) ((void)E1000_READ_REG((hw), 0x00008 /* STATUS */))
#define E1000_WRITE_REG_IO(hw, reg, value) E1000_WRITE_REG((hw), (reg), (value))

#define E1000_MUTEX cdrv_mutex_t
#define E1000_MUTEX_INIT(m) cdrv_mutex_set((m), 0)
#define E1000_MUTEX_DESTROY(m) cdrv_mutex_set((m), 0)
#define E1000_MUTEX_LOCK(m) cdrv_mutex_set((m), 1)
#define E1000_MUTEX_TRYLOCK(m) cdrv_mutex_trylock(m)
#define E1000_MUTEX_UNLOCK(m) cdrv_mutex_set((m), 0)

#define E1000_CPU_TO_LE16(x) CDRV_CPU_TO_LE(x)
#define E1000_CPU_TO_LE32(x) CDRV_CPU_TO_LE(x)
#define E1000_CPU_TO_LE64(x) CDRV_CPU_TO_LE(x)

#if __has_include("cdrv_local.h")
#include "cdrv_local.h"
#endif

#endif
