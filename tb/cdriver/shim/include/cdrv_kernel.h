/* cdrv_kernel.h: the one userspace stand-in behind every <linux/...> header of the shim.
 *
 * Part of the cocotb mailbox testbench (tb/cdriver). Written for this project: it declares
 * just enough of the kernel's types and helpers for the igb / igbvf mailbox files to build
 * unmodified with gcc in userspace. Every MMIO access and every delay goes to the bridge
 * through the function pointers of cdrv_runtime.h.
 */
#ifndef CDRV_KERNEL_H
#define CDRV_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>

#include "cdrv_runtime.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef uint64_t dma_addr_t;
typedef uint64_t resource_size_t;
typedef uint32_t gfp_t;

#define __iomem
#define __force
#define __always_unused __attribute__((unused))
#define __maybe_unused __attribute__((unused))
#define __packed __attribute__((packed))
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define BIT(n) (1UL << (n))
#define BIT_ULL(n) (1ULL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))

/* locking: the bridge runs one driver call at a time per instance */
typedef struct { int unused; } spinlock_t;
#define spin_lock_init(l) ((void)(l))
#define spin_lock(l) ((void)(l))
#define spin_unlock(l) ((void)(l))
#define lockdep_assert_held(l) ((void)(l))

/* module boilerplate */
#define EXPORT_SYMBOL(s)
#define EXPORT_SYMBOL_GPL(s)
#define MODULE_LICENSE(s)
#define MODULE_AUTHOR(s)
#define MODULE_DESCRIPTION(s)

/* logging: dropped (the testbench logs what the pins show) */
#ifndef CDRV_NET_DEVICE      /* a family shim that needs more of it defines its own first */
struct net_device { int unused; };
#endif
struct pci_dev { int unused; };
#define netdev_dbg(dev, ...) ((void)0)
#define netdev_err(dev, ...) ((void)0)
#define netdev_info(dev, ...) ((void)0)
#define netdev_warn(dev, ...) ((void)0)
#define pr_debug(...) ((void)0)
#define pr_err(...) ((void)0)
#define pr_info(...) ((void)0)
#define WARN(cond, ...) (!!(cond))
#define WARN_ON(cond) (!!(cond))

/* ethernet */
#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_FRAME_LEN 1514
#define ETH_FCS_LEN 4
#define VLAN_HLEN 4

static inline void eth_zero_addr(u8 *addr) { memset(addr, 0, ETH_ALEN); }
static inline void ether_addr_copy(u8 *dst, const u8 *src) { memcpy(dst, src, ETH_ALEN); }
static inline bool is_zero_ether_addr(const u8 *a)
{
	return !(a[0] | a[1] | a[2] | a[3] | a[4] | a[5]);
}
static inline bool is_multicast_ether_addr(const u8 *a) { return a[0] & 1; }
static inline bool is_valid_ether_addr(const u8 *a)
{
	return !is_multicast_ether_addr(a) && !is_zero_ether_addr(a);
}

/* MMIO: the address is the instance's fake BAR base plus the register offset */
static inline u32 readl(const volatile void *addr)
{
	return cdrv_read_cb((uintptr_t)addr);
}
static inline void writel(u32 value, volatile void *addr)
{
	cdrv_write_cb((uintptr_t)addr, value);
}
#define ioread32(a) readl(a)
#define iowrite32(v, a) writel((v), (a))

/* delays: simulated time on the instance's host */
static inline void udelay(unsigned long us) { cdrv_udelay_cb((u32)us); }
static inline void ndelay(unsigned long ns) { cdrv_udelay_cb((u32)((ns + 999) / 1000)); }
static inline void mdelay(unsigned long ms) { cdrv_udelay_cb((u32)(ms * 1000)); }
static inline void msleep(unsigned int ms) { cdrv_udelay_cb(ms * 1000u); }
static inline void usleep_range(unsigned long lo, unsigned long hi)
{
	(void)hi;
	cdrv_udelay_cb((u32)lo);
}

#endif /* CDRV_KERNEL_H */
