/* glue_pf.c: tb/cdriver's PF entry points over Linux igb's mailbox primitives
 * (igb_init_mbx_params_pf, igb_check_for_msg/ack/rst, igb_read_mbx, igb_write_mbx,
 * igb_unlock_mbx). Written for this project; it also supplies the two helpers igb's
 * headers expect from igb_main.c: igb_rd32 (a plain register read here: the fake BAR never
 * vanishes) and igb_get_hw_dev (no net_device in userspace).
 */
#include <stdlib.h>

#include "e1000_mbx.h"
#include "cdrv_pf.h"

#define HW(h) ((struct e1000_hw *)(h))

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

void *cdrv_pf_new(uintptr_t bar)
{
	struct e1000_hw *hw = calloc(1, sizeof(*hw));

	if (!hw)
		return NULL;
	hw->hw_addr = (void *)bar;
	if (igb_init_mbx_params_pf(hw)) {
		free(hw);
		return NULL;
	}
	return hw;
}

void cdrv_pf_free(void *h) { free(h); }

int32_t cdrv_pf_check_for_msg(void *h, uint16_t vf) { return igb_check_for_msg(HW(h), vf); }

int32_t cdrv_pf_check_for_ack(void *h, uint16_t vf) { return igb_check_for_ack(HW(h), vf); }

int32_t cdrv_pf_check_for_rst(void *h, uint16_t vf) { return igb_check_for_rst(HW(h), vf); }

int32_t cdrv_pf_read(void *h, uint32_t *msg, uint16_t size, uint16_t vf, int unlock)
{
	return igb_read_mbx(HW(h), msg, size, vf, unlock != 0);
}

int32_t cdrv_pf_write(void *h, uint32_t *msg, uint16_t size, uint16_t vf)
{
	return igb_write_mbx(HW(h), msg, size, vf);
}

int32_t cdrv_pf_unlock(void *h, uint16_t vf) { return igb_unlock_mbx(HW(h), vf); }
