/* ixgbe_osdep.h: Intel ixgbe shared-code OS layer for the tb/cdriver userspace shim.
 *
 * Written for this project: the IXGBE_* equivalents of e1000_osdep.h for driver files in
 * the style of the BSD and DPDK copies of the ixgbe shared code. A driver directory's own
 * ixgbe_osdep.h is left out of the build; what else you need from it goes in cdrv_local.h.
 */
#ifndef CDRV_IXGBE_OSDEP_H
#define CDRV_IXGBE_OSDEP_H

#include "cdrv_osdep.h"

#define IXGBE_READ_REG(hw, reg) readl((hw)->hw_addr + (reg))
#define IXGBE_WRITE_REG(hw, reg, value) writel((value), (hw)->hw_addr + (reg))
#define IXGBE_READ_REG_ARRAY(hw, reg, index) readl((hw)->hw_addr + (reg) + ((index) << 2))
#define IXGBE_WRITE_REG_ARRAY(hw, reg, index, value) \
	writel((value), (hw)->hw_addr + (reg) + ((index) << 2))
#define IXGBE_WRITE_REG64(hw, reg, value) \
	(IXGBE_WRITE_REG((hw), (reg), (u32)(value)), \
	 IXGBE_WRITE_REG((hw), (reg) + 4, (u32)((u64)(value) >> 32)))
#define IXGBE_WRITE_FLUSH(hw) ((void)IXGBE_READ_REG((hw), 0x00008 /* STATUS */))
#define IXGBE_READ_PCIE_WORD(hw, reg) cdrv_pci_cfg_read16((hw), (reg))
#define IXGBE_WRITE_PCIE_WORD(hw, reg, value) cdrv_pci_cfg_write16((hw), (reg), (value))

#define IXGBE_CPU_TO_LE16(x) CDRV_CPU_TO_LE(x)
#define IXGBE_CPU_TO_LE32(x) CDRV_CPU_TO_LE(x)
#define IXGBE_LE16_TO_CPU(x) CDRV_CPU_TO_LE(x)
#define IXGBE_LE32_TO_CPU(x) CDRV_CPU_TO_LE(x)
#define IXGBE_LE32_TO_CPUS(x) ((void)(x))
#define IXGBE_CPU_TO_BE16(x) CDRV_CPU_TO_BE16(x)
#define IXGBE_CPU_TO_BE32(x) CDRV_CPU_TO_BE32(x)
#define IXGBE_BE16_TO_CPU(x) CDRV_CPU_TO_BE16(x)
#define IXGBE_BE32_TO_CPU(x) CDRV_CPU_TO_BE32(x)
#define IXGBE_NTOHL(x) CDRV_CPU_TO_BE32(x)
#define IXGBE_NTOHS(x) CDRV_CPU_TO_BE16(x)
#define IXGBE_HTONL(x) CDRV_CPU_TO_BE32(x)
#define IXGBE_HTONS(x) CDRV_CPU_TO_BE16(x)

/* the shared code's error classes for ERROR_REPORT (dropped above) */
#define IXGBE_ERROR_SOFTWARE 1
#define IXGBE_ERROR_POLLING 2
#define IXGBE_ERROR_INVALID_STATE 3
#define IXGBE_ERROR_UNSUPPORTED 4
#define IXGBE_ERROR_ARGUMENT 5
#define IXGBE_ERROR_CAUTION 6

/* the lock of the newer BSD copies */
struct ixgbe_lock { cdrv_mutex_t mutex; };
static inline void ixgbe_init_lock(struct ixgbe_lock *l) { cdrv_mutex_set(&l->mutex, 0); }
static inline void ixgbe_acquire_lock(struct ixgbe_lock *l) { cdrv_mutex_set(&l->mutex, 1); }
static inline void ixgbe_release_lock(struct ixgbe_lock *l) { cdrv_mutex_set(&l->mutex, 0); }
static inline void ixgbe_destroy_lock(struct ixgbe_lock *l) { cdrv_mutex_set(&l->mutex, 0); }

#if __has_include("cdrv_local.h")
#include "cdrv_local.h"
#endif

#endif
