/*
 * e1000_vf.c - the example VF driver's mailbox and configuration messages, written for this
 * project from docs/drivers.md. Behaviour: a one-try lock, and every configuration
 * message reads its reply after a successful posted write (the seed patch's caller).
 */
#include "e1000_vf.h"

static u32 ex_mailbox(struct e1000_hw *hw)
{
	u32 v = E1000_READ_REG(hw, E1000_V2PMAILBOX(0)) | hw->mbx_shadow;

	hw->mbx_shadow |= v & EX_MBX_READ_CLEARS;
	return v;
}

static bool ex_take_bit(struct e1000_hw *hw, u32 mask)
{
	bool seen = (ex_mailbox(hw) & mask) != 0;

	hw->mbx_shadow &= ~mask;
	return seen;
}

static bool ex_lock(struct e1000_hw *hw)
{
	E1000_WRITE_REG(hw, E1000_V2PMAILBOX(0), EX_MBX_VFU);
	return (ex_mailbox(hw) & EX_MBX_VFU) != 0;
}

static s32 ex_write(struct e1000_hw *hw, const u32 *msg, u16 size)
{
	u16 i;

	if (!ex_lock(hw))
		return -E1000_ERR_MBX;
	ex_take_bit(hw, EX_MBX_PFACK);      /* the mailbox is overwritten: drop stale news */
	ex_take_bit(hw, EX_MBX_PFSTS);
	for (i = 0; i != size; ++i)
		E1000_WRITE_REG_ARRAY(hw, E1000_VMBMEM(0), i, msg[i]);
	E1000_WRITE_REG(hw, E1000_V2PMAILBOX(0), EX_MBX_REQ);
	return 0;
}

static s32 ex_read(struct e1000_hw *hw, u32 *msg, u16 size)
{
	u16 i;

	if (!ex_lock(hw))
		return -E1000_ERR_MBX;
	for (i = 0; i != size; ++i)
		msg[i] = E1000_READ_REG_ARRAY(hw, E1000_VMBMEM(0), i);
	E1000_WRITE_REG(hw, E1000_V2PMAILBOX(0), EX_MBX_ACK);
	return 0;
}

static s32 ex_poll(struct e1000_hw *hw, u32 mask)
{
	u32 left = hw->mbx.timeout;

	while (left && !ex_take_bit(hw, mask)) {
		left--;
		usec_delay(hw->mbx.usec_delay);
	}
	if (!left) {
		hw->mbx.timeout = 0;
		return -E1000_ERR_MBX;
	}
	return 0;
}

static s32 ex_send(struct e1000_hw *hw, const u32 *msg, u16 size)
{
	s32 err;

	if (!hw->mbx.timeout)
		return -E1000_ERR_MBX;
	err = ex_write(hw, msg, size);
	return err ? err : ex_poll(hw, EX_MBX_PFACK);
}

static s32 ex_receive(struct e1000_hw *hw, u32 *msg, u16 size)
{
	s32 err = ex_poll(hw, EX_MBX_PFSTS);

	return err ? err : ex_read(hw, msg, size);
}

static s32 ex_request(struct e1000_hw *hw, u32 *msg, u16 size, u16 reply_size)
{
	s32 err = ex_send(hw, msg, size);

	if (!err)
		err = ex_receive(hw, msg, reply_size);
	if (!err && (msg[0] & EX_MSG_NACK))
		err = -E1000_ERR_MBX;
	return err;
}

static s32 ex_reset_hw(struct e1000_hw *hw)
{
	u32 msg[3] = { EX_MSG_RESET, 0, 0 };
	u32 tries = EX_RESET_TRIES;
	u32 ctrl = E1000_READ_REG(hw, E1000_CTRL);

	E1000_WRITE_REG(hw, E1000_CTRL, ctrl | E1000_CTRL_RST);
	while (tries && ex_take_bit(hw, EX_MBX_RSTI | EX_MBX_RSTD)) {
		tries--;
		usec_delay(5);
	}
	if (!tries)
		return -E1000_ERR_MBX;
	hw->mbx.timeout = EX_POLLS;
	ex_send(hw, msg, 1);
	msec_delay(10);
	if (ex_receive(hw, msg, 3) || msg[0] != (EX_MSG_RESET | EX_MSG_ACK))
		return -E1000_ERR_MBX;
	memcpy(hw->mac.perm_addr, &msg[1], 6);
	return 0;
}

static void ex_rar_set(struct e1000_hw *hw, u8 *addr, u32 index)
{
	u32 msg[3] = { EX_MSG_SET_MAC, 0, 0 };

	(void)index;
	memcpy(&msg[1], addr, 6);
	ex_request(hw, msg, 3, 3);
}

static void ex_update_mc(struct e1000_hw *hw, u8 *list, u32 count, u32 rar_used, u32 rar_count)
{
	u32 msg[EX_MBX_WORDS] = { 0 };
	u32 i, hash;

	(void)rar_used;
	(void)rar_count;
	if (count > 30)
		count = 30;
	msg[0] = EX_MSG_SET_MC | (count << EX_MSGINFO_SHIFT);
	for (i = 0; i < count; i++, list += 6) {
		hash = ((list[4] >> 4) | ((u32)list[5] << 4)) & 0xFFF;
		msg[1 + i / 2] |= hash << (16 * (i % 2));
	}
	ex_request(hw, msg, EX_MBX_WORDS, 1);
}

static s32 ex_set_vfta(struct e1000_hw *hw, u16 vid, bool add)
{
	u32 msg[2] = { EX_MSG_SET_VLAN | (add ? 1u << EX_MSGINFO_SHIFT : 0), vid };

	return ex_request(hw, msg, 2, 2);
}

void e1000_rlpml_set_vf(struct e1000_hw *h, u16 max_frame)
{
	u32 msg[2] = { EX_MSG_SET_LPE, max_frame };

	ex_request(h, msg, 2, 1);
}

static s32 ex_check_for_link(struct e1000_hw *hw)
{
	u32 word = 0;

	bool recheck = ex_take_bit(hw, EX_MBX_RSTI | EX_MBX_RSTD) || !hw->mbx.timeout;

	if (recheck)
		hw->mac.get_link_status = 1;
	else if (!hw->mac.get_link_status)
		return 0;           /* nothing to re-check */
	if (!(E1000_READ_REG(hw, E1000_STATUS) & E1000_STATUS_LU))
		return 0;
	if (ex_read(hw, &word, 1))
		return 0;              /* lock collision: try again next time */
	if (!(word & EX_MSG_CTS))
		return (word & EX_MSG_NACK) ? -E1000_ERR_MBX : E1000_SUCCESS;
	if (!hw->mbx.timeout)
		return -E1000_ERR_MBX;
	hw->mac.get_link_status = 0;    /* link up: stop re-checking */
	return 0;
}

static s32 ex_init_mac(struct e1000_hw *hw)
{
	hw->mac.rar_entry_count = 1;
	hw->mac.ops.reset_hw = ex_reset_hw;
	hw->mac.ops.rar_set = ex_rar_set;
	hw->mac.ops.update_mc_addr_list = ex_update_mc;
	hw->mac.ops.set_vfta = ex_set_vfta;
	hw->mac.ops.check_for_link = ex_check_for_link;
	return 0;
}

static s32 ex_init_mbx(struct e1000_hw *hw)
{
	hw->mbx.timeout = 0;
	hw->mbx.usec_delay = EX_POLL_US;
	hw->mbx_shadow = 0;
	return 0;
}

void e1000_init_function_pointers_vf(struct e1000_hw *h)
{
	h->mac.ops.init_params = ex_init_mac;
	h->mbx.ops.init_params = ex_init_mbx;
}
