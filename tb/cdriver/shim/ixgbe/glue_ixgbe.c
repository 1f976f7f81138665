/* glue_ixgbe.c: tb/cdriver's PF entry points (cdrv_ixgbe.h) over Linux ixgbe's mailbox
 * primitives.
 *
 * Written for this project. It includes ixgbe_mbx.c itself (unmodified, from the kernel
 * tree on the include path) so that ixgbe_obtain_mbx_lock_pf, static there, can be called
 * on its own. The instance is a calloc'd struct ixgbe_hw with the board's mac type and
 * mbx.ops = &mbx_ops_generic, then ixgbe_init_mbx_params_pf, as ixgbe_probe and
 * ixgbe_sw_init leave it. It also supplies ixgbe_read_reg, which lives in ixgbe_main.c.
 */
#include <stdlib.h>

#include "ixgbe_mbx.c"
#include "cdrv_ixgbe.h"

#define HW(h) ((struct ixgbe_hw *)(h))

/* ixgbe_probe's boards that run SR-IOV (ixgbe_init_mbx_params_pf accepts these) */
static const enum ixgbe_mac_type cdrv_boards[] = {
	ixgbe_mac_82599EB, ixgbe_mac_X540, ixgbe_mac_X550, ixgbe_mac_X550EM_x,
	ixgbe_mac_x550em_a,
};

/* ixgbe_read_reg as ixgbe_main.c behaves: an all-ones value makes it look at STATUS up to
 * IXGBE_FAILED_READ_RETRIES times, 3 ms apart; a device answering there is read again, one
 * that never does is taken as removed (hw_addr dropped). */
u32 ixgbe_read_reg(struct ixgbe_hw *hw, u32 reg)
{
	u8 __iomem *bar = READ_ONCE(hw->hw_addr);
	u32 value;
	int i;

	if (ixgbe_removed(bar))
		return IXGBE_FAILED_READ_REG;
	value = readl(bar + reg);
	if (likely(value != IXGBE_FAILED_READ_REG))
		return value;
	for (i = 0; i < IXGBE_FAILED_READ_RETRIES; i++) {
		if (readl(bar + IXGBE_STATUS) != IXGBE_FAILED_READ_REG)
			return readl(bar + reg);
		mdelay(3);
	}
	hw->hw_addr = NULL;
	return IXGBE_FAILED_READ_REG;
}

void *cdrv_ixgbe_new(uintptr_t bar)
{
	struct ixgbe_hw *hw = calloc(1, sizeof(*hw));

	if (!hw)
		return NULL;
	hw->hw_addr = (void *)bar;
	hw->mbx.ops = &mbx_ops_generic;
	if (cdrv_ixgbe_set_mac_type(hw, 0)) {
		free(hw);
		return NULL;
	}
	return hw;
}

void cdrv_ixgbe_free(void *h) { free(h); }

int cdrv_ixgbe_set_mac_type(void *h, int board)
{
	if (board < 0 || board >= (int)ARRAY_SIZE(cdrv_boards))
		return -1;
	HW(h)->mac.type = cdrv_boards[board];
	HW(h)->mbx.size = 0;
	ixgbe_init_mbx_params_pf(HW(h));
	return HW(h)->mbx.size ? 0 : -1;
}

int32_t cdrv_ixgbe_check_for_msg(void *h, uint16_t vf) { return ixgbe_check_for_msg(HW(h), vf); }

int32_t cdrv_ixgbe_check_for_ack(void *h, uint16_t vf) { return ixgbe_check_for_ack(HW(h), vf); }

int32_t cdrv_ixgbe_check_for_rst(void *h, uint16_t vf) { return ixgbe_check_for_rst(HW(h), vf); }

int32_t cdrv_ixgbe_obtain_mbx_lock_pf(void *h, uint16_t vf)
{
	return ixgbe_obtain_mbx_lock_pf(HW(h), vf);
}

int32_t cdrv_ixgbe_read(void *h, uint32_t *msg, uint16_t size, uint16_t vf)
{
	return ixgbe_read_mbx(HW(h), msg, size, vf);
}

int32_t cdrv_ixgbe_write(void *h, uint32_t *msg, uint16_t size, uint16_t vf)
{
	return ixgbe_write_mbx(HW(h), msg, size, vf);
}

uint32_t cdrv_ixgbe_mbx_size(void *h) { return HW(h)->mbx.size; }
