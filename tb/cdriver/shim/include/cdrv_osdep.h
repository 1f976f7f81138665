/* cdrv_osdep.h: the OS-layer vocabulary Intel's shared code (the e1000 and ixgbe families, as
 * the out-of-tree, BSD and DPDK copies carry it) expects from its *_osdep.h, for the
 * tb/cdriver userspace shim. Written for this project; e1000_osdep.h and ixgbe_osdep.h add
 * each family's register macros on top. Every access and delay goes to the bridge.
 */
#ifndef CDRV_OSDEP_H
#define CDRV_OSDEP_H

#include <stdio.h>
#include "cdrv_kernel.h"

#ifndef FALSE
#define FALSE 0
#define TRUE 1
#endif
#define STATIC static
#define INLINE inline
#define IOMEM
#define PACKED __attribute__((packed))

/* parameters a build of the shared code does not use */
#define UNREFERENCED_PARAMETER(a) ((void)(a))
#define UNREFERENCED_1PARAMETER(a) ((void)(a))
#define UNREFERENCED_2PARAMETER(a, b) ((void)(a), (void)(b))
#define UNREFERENCED_3PARAMETER(a, b, c) ((void)(a), (void)(b), (void)(c))
#define UNREFERENCED_4PARAMETER(a, b, c, d) ((void)(a), (void)(b), (void)(c), (void)(d))

/* delays: simulated time, as udelay/mdelay */
#define usec_delay(x) udelay(x)
#define usec_delay_irq(x) udelay(x)
#define msec_delay(x) mdelay(x)
#define msec_delay_irq(x) mdelay(x)
#define DELAY(x) udelay(x)

/* logging: dropped (the testbench logs what the pins show); arguments are not evaluated */
#define DEBUGFUNC(F) ((void)0)
#define DEBUGOUT(...) ((void)0)
#define DEBUGOUT1(...) ((void)0)
#define DEBUGOUT2(...) ((void)0)
#define DEBUGOUT3(...) ((void)0)
#define DEBUGOUT4(...) ((void)0)
#define DEBUGOUT5(...) ((void)0)
#define DEBUGOUT6(...) ((void)0)
#define DEBUGOUT7(...) ((void)0)
#define ERROR_REPORT(...) ((void)0)
#define ERROR_REPORT1(...) ((void)0)
#define ERROR_REPORT2(...) ((void)0)
#define ERROR_REPORT3(...) ((void)0)
#define EWARN(...) ((void)0)
#define ASSERT(x) ((void)0)
#define ASSERT_CTX_LOCK_HELD(hw) ((void)(hw))
#define MSGOUT(...) ((void)0)

/* a mutex: the bridge runs one driver call at a time per instance, so it only records */
typedef struct { int held; } cdrv_mutex_t;
static inline void cdrv_mutex_set(cdrv_mutex_t *m, int held) { m->held = held; }
static inline int cdrv_mutex_trylock(cdrv_mutex_t *m)
{
	int was = m->held;

	m->held = 1;
	return !was;
}

/* byte order: the simulation host is little-endian, as the hardware is */
#define CDRV_CPU_TO_LE(x) (x)
#define CDRV_CPU_TO_BE16(x) __builtin_bswap16(x)
#define CDRV_CPU_TO_BE32(x) __builtin_bswap32(x)
#ifndef cpu_to_le16
#define cpu_to_le16(x) ((u16)(x))
#define cpu_to_le32(x) ((u32)(x))
#define cpu_to_le64(x) ((u64)(x))
#define le16_to_cpu(x) ((u16)(x))
#define le32_to_cpu(x) ((u32)(x))
#define le64_to_cpu(x) ((u64)(x))
#endif

/* PCI configuration space: no such thing here (cdrv_osdep.c: reads give 0, writes drop) */
#define CMD_MEM_WRT_INVALIDATE 0x0010
#define PCI_COMMAND_REGISTER 0x04
u16 cdrv_pci_cfg_read16(void *hw, u32 reg);
void cdrv_pci_cfg_write16(void *hw, u32 reg, u16 value);

#endif /* CDRV_OSDEP_H */
