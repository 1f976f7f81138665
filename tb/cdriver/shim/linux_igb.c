/* linux_igb.c: the two helpers Linux igb's headers expect from igb_main.c, for the
 * linux-igb variant: igb_rd32 (a plain register read here: the fake BAR never vanishes) and
 * igb_get_hw_dev (no net_device in userspace). Written for this project.
 */
#include "e1000_hw.h"

u32 igb_rd32(struct e1000_hw *h, u32 offset)
{
	u8 *bar = h->hw_addr;

	return bar ? readl(bar + offset) : 0xFFFFFFFFu;
}

struct net_device *igb_get_hw_dev(struct e1000_hw *h)
{
	(void)h;
	return NULL;
}
