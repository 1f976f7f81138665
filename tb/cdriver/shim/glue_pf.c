/* glue_pf.c: tb/cdriver's PF entry points (cdrv_pf.h) over an e1000-family PF mailbox:
 * Linux igb's e1000_mbx.c (igb_read_mbx, ...) or Intel's shared code (e1000_read_mbx, ...).
 *
 * Written for this project. CDRV_PF_HEADER names the driver header that declares struct
 * e1000_hw and the mailbox API; operations go through CDRV_OP_<op> (cdrv_glue.h; the ops of
 * glue.py's "glue_pf.c" entry): init, check_for_msg/ack/rst, read, write, and unlock when
 * the code has one. igb's message handling (tb/drivers/igb.py) runs on top.
 */
#include <stdlib.h>

#include CDRV_PF_HEADER
#include "cdrv_glue.h"
#include "cdrv_pf.h"

#define HW(h) ((struct e1000_hw *)(h))

void *cdrv_pf_new(uintptr_t bar)
{
	struct e1000_hw *hw = calloc(1, sizeof(*hw));

	if (!hw)
		return NULL;
	hw->hw_addr = (void *)bar;
	if (CDRV_S32(CDRV_OP_init(hw))) {
		free(hw);
		return NULL;
	}
	return hw;
}

void cdrv_pf_free(void *h) { free(h); }

/* The ops are expressions over `hw` (a function name, or an hw->... member). */
#define CALL(op, ...) (op)(hw, __VA_ARGS__)

int32_t cdrv_pf_check_for_msg(void *h, uint16_t vf)
{
	struct e1000_hw *hw = HW(h);

	return CALL(CDRV_OP_check_for_msg, vf);
}

int32_t cdrv_pf_check_for_ack(void *h, uint16_t vf)
{
	struct e1000_hw *hw = HW(h);

	return CALL(CDRV_OP_check_for_ack, vf);
}

int32_t cdrv_pf_check_for_rst(void *h, uint16_t vf)
{
	struct e1000_hw *hw = HW(h);

	return CALL(CDRV_OP_check_for_rst, vf);
}

/* Linux igb's read takes `unlock` (false keeps PFU until the reply); Intel's shared code's
 * read has no such argument (its ACK write drops PFU): the pointer's type picks the call. */
typedef s32 (*cdrv_read5)(struct e1000_hw *, u32 *, u16, u16, bool);
typedef s32 (*cdrv_read4)(struct e1000_hw *, u32 *, u16, u16);

int32_t cdrv_pf_read(void *h, uint32_t *msg, uint16_t size, uint16_t vf, int unlock)
{
	struct e1000_hw *hw = HW(h);
	void (*fn)(void) = (void (*)(void))CDRV_OP_read;   /* typed back by _Generic */

	return _Generic(CDRV_OP_read,
			cdrv_read5: CALL((cdrv_read5)fn, msg, size, vf, unlock != 0),
			cdrv_read4: CALL((cdrv_read4)fn, msg, size, vf));
}

int32_t cdrv_pf_write(void *h, uint32_t *msg, uint16_t size, uint16_t vf)
{
	struct e1000_hw *hw = HW(h);

	return CALL(CDRV_OP_write, msg, size, vf);
}

#ifdef CDRV_OP_unlock
int32_t cdrv_pf_unlock(void *h, uint16_t vf)
{
	struct e1000_hw *hw = HW(h);

	return CALL(CDRV_OP_unlock, vf);
}
#endif
