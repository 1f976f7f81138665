/* e1000_osdep.h: Intel shared-code OS layer for the tb/cdriver userspace shim.
 *
 * Written for this project. Driver files in the style of Intel's out-of-tree, BSD and DPDK
 * copies of the e1000 shared code include "e1000_osdep.h" and use the macros below; here
 * they go to the same bridge callbacks as the Linux-style readl/writel/udelay.
 */
#ifndef CDRV_E1000_OSDEP_H
#define CDRV_E1000_OSDEP_H

#include <stdio.h>
#include "cdrv_kernel.h"

#ifndef FALSE
#define FALSE 0
#define TRUE 1
#endif

#define E1000_REGISTER(hw, reg) (reg)
#define E1000_READ_REG(hw, reg) readl((hw)->hw_addr + (reg))
#define E1000_WRITE_REG(hw, reg, value) writel((value), (hw)->hw_addr + (reg))
#define E1000_READ_REG_ARRAY(hw, reg, index) readl((hw)->hw_addr + (reg) + ((index) << 2))
#define E1000_WRITE_REG_ARRAY(hw, reg, index, value) \
	writel((value), (hw)->hw_addr + (reg) + ((index) << 2))
#define E1000_READ_REG_ARRAY_DWORD E1000_READ_REG_ARRAY
#define E1000_WRITE_REG_ARRAY_DWORD E1000_WRITE_REG_ARRAY
#define E1000_WRITE_FLUSH(hw) ((void)E1000_READ_REG((hw), E1000_STATUS))

#define usec_delay(x) udelay(x)
#define usec_delay_irq(x) udelay(x)
#define msec_delay(x) mdelay(x)
#define msec_delay_irq(x) mdelay(x)

#define DEBUGFUNC(F) ((void)0)
#define DEBUGOUT(...) ((void)0)
#define DEBUGOUT1(...) ((void)0)
#define DEBUGOUT2(...) ((void)0)
#define DEBUGOUT3(...) ((void)0)
#define DEBUGOUT7(...) ((void)0)
#define ASSERT(x) ((void)0)

#endif
