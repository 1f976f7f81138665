/* cdrv_ixgbe_kernel.h: the kernel stand-in for Linux ixgbe / ixgbevf, behind every <linux/...>
 * and <net/...> header of shim/ixgbe/include (searched before shim/include).
 *
 * Part of the cocotb mailbox testbench (tb/cdriver). Written for this project. ixgbevf.h and
 * ixgbe.h declare the whole adapter (rings, NAPI, timers, PTP, DCB, IPsec), so their member
 * types must be complete; none of them is ever used by the mailbox code, so each is a
 * placeholder of one member. Only what the mailbox files execute is real: MMIO and delays
 * (cdrv_kernel.h, onto the bridge) and the netdev multicast list ixgbevf's
 * update_mc_addr_list walks (struct net_device below, filled by glue_ixgbevf.c).
 */
#ifndef CDRV_IXGBE_KERNEL_H
#define CDRV_IXGBE_KERNEL_H

/* struct net_device with the multicast list, defined before cdrv_kernel.h's one-member one */
#define CDRV_NET_DEVICE 1
#define MAX_ADDR_LEN 32
struct netdev_hw_addr {
	unsigned char addr[MAX_ADDR_LEN];
};
struct net_device {
	int mc_count;
	struct netdev_hw_addr *mc_list;     /* mc_count entries */
};
#define netdev_mc_count(dev) ((dev)->mc_count)
#define netdev_for_each_mc_addr(ha, dev) \
	for ((ha) = (dev)->mc_list; (ha) < (dev)->mc_list + (dev)->mc_count; (ha)++)

#include "cdrv_kernel.h"

/* ---- sizes and attributes ------------------------------------------------------------- */
#define BITS_PER_LONG __LONG_WIDTH__
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define PAGE_SIZE 4096
#define IFNAMSIZ 16
#define NET_SKB_PAD 64
#define NET_IP_ALIGN 2
#define SKB_WITH_OVERHEAD(x) (x)
#define SKB_DATA_ALIGN(x) ALIGN((x), 64)
#define smp_processor_id() 0
#define MAX_SKB_FRAGS 17
#define VLAN_N_VID 4096
#define VLAN_ETH_FRAME_LEN 1518
#define ____cacheline_internodealigned_in_smp
#define ____cacheline_aligned_in_smp
#define __aligned(x) __attribute__((aligned(x)))
#define fallthrough __attribute__((fallthrough))
#define IS_ENABLED(option) 0
#define DEFINE_DMA_UNMAP_ADDR(name) dma_addr_t name
#define DEFINE_DMA_UNMAP_LEN(name) u32 name
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]
#define DECLARE_HASHTABLE(name, bits) struct hlist_head name[1 << (bits)]
#define cpu_to_le32(x) ((__le32)(x))
#define cpu_to_le64(x) ((__le64)(x))
#define le32_to_cpu(x) ((u32)(x))
#define le16_to_cpu(x) ((u16)(x))
typedef uint16_t __u16;
typedef uint32_t __u32;

static inline bool ether_addr_equal(const u8 *a, const u8 *b) { return !memcmp(a, b, ETH_ALEN); }
static inline bool is_link_local_ether_addr(const u8 *a)
{
	static const u8 base[ETH_ALEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };

	return !memcmp(a, base, 5) && (a[5] & 0xf0) == 0;
}

static inline int test_bit(long nr, const volatile unsigned long *addr)
{
	return (addr[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}
static inline void set_bit(long nr, volatile unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}
static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

/* ---- the adapters' member types: placeholders (never used by the mailbox code) --------- */
#define CDRV_PLACEHOLDER(tag) tag { long cdrv_unused; }
CDRV_PLACEHOLDER(struct u64_stats_sync);
CDRV_PLACEHOLDER(struct xdp_rxq_info);
CDRV_PLACEHOLDER(struct napi_struct);
CDRV_PLACEHOLDER(struct rcu_head);
CDRV_PLACEHOLDER(struct timer_list);
CDRV_PLACEHOLDER(struct work_struct);
CDRV_PLACEHOLDER(struct hlist_node);
CDRV_PLACEHOLDER(struct hlist_head);
CDRV_PLACEHOLDER(struct list_head);
CDRV_PLACEHOLDER(struct cyclecounter);
CDRV_PLACEHOLDER(struct timecounter);
CDRV_PLACEHOLDER(struct ptp_clock_info);
CDRV_PLACEHOLDER(struct hwtstamp_config);
CDRV_PLACEHOLDER(struct mdio_if_info);
/* met only as pointers in the headers' prototypes: declared here, so not in a parameter list */
struct ifreq;
struct ieee_ets;
typedef struct { long cdrv_unused; } cpumask_t;
typedef int netdev_tx_t;
struct static_key_false { int enabled; };
#define DECLARE_STATIC_KEY_FALSE(name) extern struct static_key_false name
#define static_key_enabled(key) ((key)->enabled)
extern unsigned long volatile jiffies;
struct netdev_queue;
static inline struct netdev_queue *netdev_get_tx_queue(const struct net_device *dev, unsigned int i)
{
	(void)dev;
	(void)i;
	return NULL;
}
#define ALIGN(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))

#endif /* CDRV_IXGBE_KERNEL_H */
