"""A stand-in for another project's copy of Intel's e1000 shared code, written for this
project's tests and README walkthrough (our own C, from docs/drivers.md and docs/hardware.md;
not Intel's, Linux's or any BSD's code): the layout and the vocabulary such a copy has.

    e1000_osdep.h   the framework's OS layer: includes <sys/fwk_bus.h>, which is not here
    e1000_hw.h      struct e1000_hw (mac and mbx ops; no set_vfta op), registers
    e1000_mbx.h/.c  mailbox primitives, VF and PF, through hw->mbx.ops
    e1000_api.h     the umbrella header the .c files include
    e1000_vf.h      a standalone VF header with a struct e1000_hw of its own (unused here)
    e1000_vf.c      the VF operations (only when role is "vf"): e1000_vfta_set_vf and
                    e1000_promisc_set_vf are plain functions, as in that code base

Every OS-layer macro the shim must cover is used somewhere (OSDEP_MACROS lists them).

    .venv/bin/python -m tests.shared_code_copy DIR [--pf] [--write-only]
"""

import argparse
from pathlib import Path

OSDEP_MACROS = ("STATIC", "E1000_MUTEX", "E1000_MUTEX_INIT", "E1000_MUTEX_LOCK",
                "E1000_MUTEX_TRYLOCK", "E1000_MUTEX_UNLOCK", "E1000_MUTEX_DESTROY",
                "UNREFERENCED_1PARAMETER", "UNREFERENCED_2PARAMETER", "UNREFERENCED_3PARAMETER",
                "UNREFERENCED_4PARAMETER", "DEBUGFUNC", "DEBUGOUT", "DEBUGOUT1", "DEBUGOUT2",
                "DEBUGOUT3", "DEBUGOUT7", "msec_delay", "msec_delay_irq", "usec_delay",
                "usec_delay_irq", "E1000_WRITE_FLUSH", "E1000_READ_REG_ARRAY",
                "E1000_WRITE_REG_ARRAY", "ASSERT", "TRUE", "FALSE")

OSDEP_H = """\
/* e1000_osdep.h - this copy's OS layer: its framework's bus access and logging */
#ifndef _E1000_OSDEP_H_
#define _E1000_OSDEP_H_
#include <sys/fwk_bus.h>
#define E1000_READ_REG(hw, reg) fwk_bus_read_4((hw)->back, (reg))
#define E1000_WRITE_REG(hw, reg, v) fwk_bus_write_4((hw)->back, (reg), (v))
#endif
"""

HW_H = """\
/* e1000_hw.h - the hardware struct and registers of this e1000 shared-code copy */
#ifndef _E1000_HW_H_
#define _E1000_HW_H_
#include "e1000_osdep.h"

#define E1000_CTRL        0x00000
#define E1000_STATUS      0x00008
#define E1000_VMBMEM(n)   (0x00800 + 64 * (n))
#define E1000_V2PMAILBOX(n) (0x00C40 + 4 * (n))
#define E1000_P2VMAILBOX(n) (0x00C00 + 4 * (n))
#define E1000_MBVFICR     0x00C80
#define E1000_VFLRE       0x00C88
#define E1000_CTRL_RST    0x04000000
#define E1000_STATUS_LU   0x00000002

#define E1000_SUCCESS      0
#define E1000_ERR_MAC_INIT 5
#define E1000_ERR_MBX      15

/* replies the VF reads after each configuration message (0: write-only, the 2011 callers) */
#define E1000_VF_READS_REPLIES @READS@

struct e1000_hw;

enum e1000_promisc_type {
	e1000_promisc_disabled = 0,
	e1000_promisc_unicast = 1,
	e1000_promisc_multicast = 2,
	e1000_promisc_enabled = 3,
};

struct e1000_mac_operations {
	s32 (*init_params)(struct e1000_hw *);
	s32 (*check_for_link)(struct e1000_hw *);
	s32 (*reset_hw)(struct e1000_hw *);
	void (*update_mc_addr_list)(struct e1000_hw *, u8 *, u32);
	int (*rar_set)(struct e1000_hw *, u8 *, u32);
};

struct e1000_mbx_operations {
	s32 (*init_params)(struct e1000_hw *);
	s32 (*read)(struct e1000_hw *, u32 *, u16, u16);
	s32 (*write)(struct e1000_hw *, u32 *, u16, u16);
	s32 (*read_posted)(struct e1000_hw *, u32 *, u16, u16);
	s32 (*write_posted)(struct e1000_hw *, u32 *, u16, u16);
	s32 (*check_for_msg)(struct e1000_hw *, u16);
	s32 (*check_for_ack)(struct e1000_hw *, u16);
	s32 (*check_for_rst)(struct e1000_hw *, u16);
};

struct e1000_mac_info {
	struct e1000_mac_operations ops;
	u8 addr[6];
	u8 perm_addr[6];
	u16 rar_entry_count;
	bool get_link_status;
};

struct e1000_mbx_info {
	struct e1000_mbx_operations ops;
	u32 timeout;
	u32 usec_delay;
	u16 size;
	E1000_MUTEX mbx_mutex;
};

struct e1000_dev_spec_vf {
	u32 v2p_mailbox;   /* read-to-clear mailbox bits seen, not yet taken */
};

struct e1000_hw {
	void *back;
	u8 *hw_addr;
	struct e1000_mac_info mac;
	struct e1000_mbx_info mbx;
	union {
		struct e1000_dev_spec_vf vf;
	} dev_spec;
};

#include "e1000_mbx.h"
#endif
"""

MBX_H = """\
/* e1000_mbx.h - mailbox bits, message format and the mailbox API */
#ifndef _E1000_MBX_H_
#define _E1000_MBX_H_

#define E1000_V2PMAILBOX_REQ   0x00000001
#define E1000_V2PMAILBOX_ACK   0x00000002
#define E1000_V2PMAILBOX_VFU   0x00000004
#define E1000_V2PMAILBOX_PFSTS 0x00000010
#define E1000_V2PMAILBOX_PFACK 0x00000020
#define E1000_V2PMAILBOX_RSTI  0x00000040
#define E1000_V2PMAILBOX_RSTD  0x00000080
#define E1000_V2PMAILBOX_R2C_BITS 0x000000B0
#define E1000_P2VMAILBOX_STS   0x00000001
#define E1000_P2VMAILBOX_ACK   0x00000002
#define E1000_P2VMAILBOX_PFU   0x00000008
#define E1000_MBVFICR_VFREQ_VF1 0x00000001
#define E1000_MBVFICR_VFACK_VF1 0x00010000

#define E1000_VFMAILBOX_SIZE   16
#define E1000_VT_MSGTYPE_ACK   0x80000000
#define E1000_VT_MSGTYPE_NACK  0x40000000
#define E1000_VT_MSGTYPE_CTS   0x20000000
#define E1000_VT_MSGINFO_SHIFT 16
#define E1000_VF_RESET         0x01
#define E1000_VF_SET_MAC_ADDR  0x02
#define E1000_VF_SET_MULTICAST 0x03
#define E1000_VF_SET_VLAN      0x04
#define E1000_VF_SET_LPE       0x05
#define E1000_VF_SET_PROMISC   0x06
#define E1000_VF_SET_PROMISC_UNICAST   (0x01 << E1000_VT_MSGINFO_SHIFT)
#define E1000_VF_SET_PROMISC_MULTICAST (0x02 << E1000_VT_MSGINFO_SHIFT)

#define E1000_VF_MBX_INIT_TIMEOUT 2000   /* polls of a posted message */
#define E1000_VF_MBX_INIT_DELAY   500    /* us between polls */

s32 e1000_read_mbx(struct e1000_hw *, u32 *, u16, u16);
s32 e1000_write_mbx(struct e1000_hw *, u32 *, u16, u16);
s32 e1000_read_posted_mbx(struct e1000_hw *, u32 *, u16, u16);
s32 e1000_write_posted_mbx(struct e1000_hw *, u32 *, u16, u16);
s32 e1000_check_for_msg(struct e1000_hw *, u16);
s32 e1000_check_for_ack(struct e1000_hw *, u16);
s32 e1000_check_for_rst(struct e1000_hw *, u16);
void e1000_init_mbx_ops_generic(struct e1000_hw *);
s32 e1000_init_mbx_params_vf(struct e1000_hw *);
s32 e1000_init_mbx_params_pf(struct e1000_hw *);
#endif
"""

API_H = """\
/* e1000_api.h - what the rest of the driver includes */
#ifndef _E1000_API_H_
#define _E1000_API_H_
#include "e1000_hw.h"

void e1000_init_function_pointers_vf(struct e1000_hw *hw);
void e1000_rlpml_set_vf(struct e1000_hw *hw, u16 max_size);
void e1000_vfta_set_vf(struct e1000_hw *hw, u16 vid, bool set);
s32 e1000_promisc_set_vf(struct e1000_hw *hw, enum e1000_promisc_type type);
#endif
"""

VF_H = """\
/* e1000_vf.h - a standalone VF header of this copy, with a hardware struct of its own */
#ifndef _E1000_VF_H_
#define _E1000_VF_H_
struct e1000_hw {
	void *back;
	unsigned long io_base;   /* this build's layout differs from e1000_hw.h's */
};
#endif
"""

MBX_C = """\
/* e1000_mbx.c - mailbox primitives of the VF and the PF, written for the testbench */
#include "e1000_api.h"

STATIC s32 e1000_null_mbx_check_for_flag(struct e1000_hw *hw, u16 mbx_id)
{
	UNREFERENCED_2PARAMETER(hw, mbx_id);
	DEBUGFUNC("e1000_null_mbx_check_for_flag");
	return E1000_SUCCESS;
}

STATIC s32 e1000_null_mbx_transact(struct e1000_hw *hw, u32 *msg, u16 size, u16 mbx_id)
{
	UNREFERENCED_4PARAMETER(hw, msg, size, mbx_id);
	return E1000_SUCCESS;
}

/* every op harmless until a role's init sets the real ones */
void e1000_init_mbx_ops_generic(struct e1000_hw *hw)
{
	struct e1000_mbx_info *mbx = &hw->mbx;

	mbx->ops.read = e1000_null_mbx_transact;
	mbx->ops.write = e1000_null_mbx_transact;
	mbx->ops.read_posted = e1000_read_posted_mbx;
	mbx->ops.write_posted = e1000_write_posted_mbx;
	mbx->ops.check_for_msg = e1000_null_mbx_check_for_flag;
	mbx->ops.check_for_ack = e1000_null_mbx_check_for_flag;
	mbx->ops.check_for_rst = e1000_null_mbx_check_for_flag;
	E1000_MUTEX_INIT(&mbx->mbx_mutex);
}

s32 e1000_read_mbx(struct e1000_hw *hw, u32 *msg, u16 size, u16 mbx_id)
{
	if (size > hw->mbx.size)
		size = hw->mbx.size;
	return hw->mbx.ops.read ? hw->mbx.ops.read(hw, msg, size, mbx_id) : -E1000_ERR_MBX;
}

s32 e1000_write_mbx(struct e1000_hw *hw, u32 *msg, u16 size, u16 mbx_id)
{
	if (size > hw->mbx.size || !hw->mbx.ops.write)
		return -E1000_ERR_MBX;
	return hw->mbx.ops.write(hw, msg, size, mbx_id);
}

s32 e1000_check_for_msg(struct e1000_hw *hw, u16 mbx_id)
{
	return hw->mbx.ops.check_for_msg(hw, mbx_id);
}

s32 e1000_check_for_ack(struct e1000_hw *hw, u16 mbx_id)
{
	return hw->mbx.ops.check_for_ack(hw, mbx_id);
}

s32 e1000_check_for_rst(struct e1000_hw *hw, u16 mbx_id)
{
	return hw->mbx.ops.check_for_rst(hw, mbx_id);
}

/* poll `check` until it succeeds or the budget runs out; out of budget: timeout 0 */
STATIC s32 e1000_poll_mbx(struct e1000_hw *hw, s32 (*check)(struct e1000_hw *, u16), u16 mbx_id)
{
	struct e1000_mbx_info *mbx = &hw->mbx;
	u32 left;

	for (left = mbx->timeout; left; left--) {
		if (!check(hw, mbx_id))
			return E1000_SUCCESS;
		usec_delay(mbx->usec_delay);
	}
	DEBUGOUT1("mailbox poll gave up on mailbox %d\\n", mbx_id);
	mbx->timeout = 0;
	return -E1000_ERR_MBX;
}

s32 e1000_read_posted_mbx(struct e1000_hw *hw, u32 *msg, u16 size, u16 mbx_id)
{
	s32 ret_val = e1000_poll_mbx(hw, hw->mbx.ops.check_for_msg, mbx_id);

	return ret_val ? ret_val : hw->mbx.ops.read(hw, msg, size, mbx_id);
}

s32 e1000_write_posted_mbx(struct e1000_hw *hw, u32 *msg, u16 size, u16 mbx_id)
{
	struct e1000_mbx_info *mbx = &hw->mbx;
	s32 ret_val = -E1000_ERR_MBX;

	if (!mbx->timeout)
		return ret_val;
	E1000_MUTEX_LOCK(&mbx->mbx_mutex);
	ret_val = mbx->ops.write(hw, msg, size, mbx_id);
	if (!ret_val)
		ret_val = e1000_poll_mbx(hw, mbx->ops.check_for_ack, mbx_id);
	E1000_MUTEX_UNLOCK(&mbx->mbx_mutex);
	return ret_val;
}

/* the message buffer of VF n (the VF's own view: n = 0) into msg */
STATIC void e1000_copy_from_buffer(struct e1000_hw *hw, u32 *msg, u16 size, u16 n)
{
	u16 i;

	for (i = 0; i < size; i++)
		msg[i] = E1000_READ_REG_ARRAY(hw, E1000_VMBMEM(n), i);
}

/* ---- VF side: one mailbox register, some of its bits cleared by reading */
STATIC u32 e1000_read_v2p_mailbox(struct e1000_hw *hw)
{
	u32 v2p = E1000_READ_REG(hw, E1000_V2PMAILBOX(0)) | hw->dev_spec.vf.v2p_mailbox;

	hw->dev_spec.vf.v2p_mailbox |= v2p & E1000_V2PMAILBOX_R2C_BITS;
	return v2p;
}

STATIC s32 e1000_take_bits_vf(struct e1000_hw *hw, u32 mask)
{
	u32 v2p = e1000_read_v2p_mailbox(hw);

	hw->dev_spec.vf.v2p_mailbox &= ~mask;
	return (v2p & mask) ? E1000_SUCCESS : -E1000_ERR_MBX;
}

STATIC s32 e1000_check_for_msg_vf(struct e1000_hw *hw, u16 mbx_id)
{
	UNREFERENCED_1PARAMETER(mbx_id);
	return e1000_take_bits_vf(hw, E1000_V2PMAILBOX_PFSTS);
}

STATIC s32 e1000_check_for_ack_vf(struct e1000_hw *hw, u16 mbx_id)
{
	UNREFERENCED_1PARAMETER(mbx_id);
	return e1000_take_bits_vf(hw, E1000_V2PMAILBOX_PFACK);
}

STATIC s32 e1000_check_for_rst_vf(struct e1000_hw *hw, u16 mbx_id)
{
	UNREFERENCED_1PARAMETER(mbx_id);
	return e1000_take_bits_vf(hw, E1000_V2PMAILBOX_RSTI | E1000_V2PMAILBOX_RSTD);
}

STATIC s32 e1000_obtain_mbx_lock_vf(struct e1000_hw *hw)
{
	E1000_WRITE_REG(hw, E1000_V2PMAILBOX(0), E1000_V2PMAILBOX_VFU);
	return (e1000_read_v2p_mailbox(hw) & E1000_V2PMAILBOX_VFU) ? E1000_SUCCESS : -E1000_ERR_MBX;
}

STATIC s32 e1000_write_mbx_vf(struct e1000_hw *hw, u32 *msg, u16 size, u16 mbx_id)
{
	u16 i;

	UNREFERENCED_1PARAMETER(mbx_id);
	if (e1000_obtain_mbx_lock_vf(hw))
		return -E1000_ERR_MBX;
	e1000_check_for_msg_vf(hw, 0);   /* the buffer is overwritten: drop stale news */
	e1000_check_for_ack_vf(hw, 0);
	for (i = 0; i < size; i++)
		E1000_WRITE_REG_ARRAY(hw, E1000_VMBMEM(0), i, msg[i]);
	E1000_WRITE_REG(hw, E1000_V2PMAILBOX(0), E1000_V2PMAILBOX_REQ);
	return E1000_SUCCESS;
}

STATIC s32 e1000_read_mbx_vf(struct e1000_hw *hw, u32 *msg, u16 size, u16 mbx_id)
{
	UNREFERENCED_1PARAMETER(mbx_id);
	if (e1000_obtain_mbx_lock_vf(hw))
		return -E1000_ERR_MBX;
	e1000_copy_from_buffer(hw, msg, size, 0);
	E1000_WRITE_REG(hw, E1000_V2PMAILBOX(0), E1000_V2PMAILBOX_ACK);
	return E1000_SUCCESS;
}

/* the ops of one side (vf, pf): its own primitives, the generic posted ones */
#define E1000_MBX_SIDE_OPS(side) { \
	.read = e1000_read_mbx_##side, .write = e1000_write_mbx_##side, \
	.read_posted = e1000_read_posted_mbx, .write_posted = e1000_write_posted_mbx, \
	.check_for_msg = e1000_check_for_msg_##side, .check_for_ack = e1000_check_for_ack_##side, \
	.check_for_rst = e1000_check_for_rst_##side }

STATIC const struct e1000_mbx_operations e1000_mbx_ops_vf = E1000_MBX_SIDE_OPS(vf);

/* a side's ops over the generic ones; no posted message until a reset sets the timeout */
STATIC void e1000_init_mbx_side(struct e1000_hw *hw, const struct e1000_mbx_operations *ops,
				u32 poll_us)
{
	e1000_init_mbx_ops_generic(hw);
	hw->mbx.ops = *ops;
	hw->mbx.timeout = 0;
	hw->mbx.usec_delay = poll_us;
	hw->mbx.size = E1000_VFMAILBOX_SIZE;
}

s32 e1000_init_mbx_params_vf(struct e1000_hw *hw)
{
	e1000_init_mbx_side(hw, &e1000_mbx_ops_vf, E1000_VF_MBX_INIT_DELAY);
	hw->dev_spec.vf.v2p_mailbox = 0;
	return E1000_SUCCESS;
}

/* ---- PF side: one mailbox register per VF, message and ack bits in MBVFICR */
STATIC s32 e1000_check_for_bit_pf(struct e1000_hw *hw, u32 mask)
{
	if (!(E1000_READ_REG(hw, E1000_MBVFICR) & mask))
		return -E1000_ERR_MBX;
	E1000_WRITE_REG(hw, E1000_MBVFICR, mask);
	return E1000_SUCCESS;
}

STATIC s32 e1000_check_for_msg_pf(struct e1000_hw *hw, u16 vf)
{
	return e1000_check_for_bit_pf(hw, E1000_MBVFICR_VFREQ_VF1 << vf);
}

STATIC s32 e1000_check_for_ack_pf(struct e1000_hw *hw, u16 vf)
{
	return e1000_check_for_bit_pf(hw, E1000_MBVFICR_VFACK_VF1 << vf);
}

STATIC s32 e1000_check_for_rst_pf(struct e1000_hw *hw, u16 vf)
{
	if (!(E1000_READ_REG(hw, E1000_VFLRE) & (1u << vf)))
		return -E1000_ERR_MBX;
	E1000_WRITE_REG(hw, E1000_VFLRE, 1u << vf);
	return E1000_SUCCESS;
}

STATIC s32 e1000_obtain_mbx_lock_pf(struct e1000_hw *hw, u16 vf)
{
	E1000_WRITE_REG(hw, E1000_P2VMAILBOX(vf), E1000_P2VMAILBOX_PFU);
	return (E1000_READ_REG(hw, E1000_P2VMAILBOX(vf)) & E1000_P2VMAILBOX_PFU) ?
		E1000_SUCCESS : -E1000_ERR_MBX;
}

STATIC s32 e1000_write_mbx_pf(struct e1000_hw *hw, u32 *msg, u16 size, u16 vf)
{
	u16 i;

	if (e1000_obtain_mbx_lock_pf(hw, vf))
		return -E1000_ERR_MBX;
	e1000_check_for_msg_pf(hw, vf);   /* the buffer is overwritten: drop stale news */
	e1000_check_for_ack_pf(hw, vf);
	for (i = 0; i < size; i++)
		E1000_WRITE_REG_ARRAY(hw, E1000_VMBMEM(vf), i, msg[i]);
	E1000_WRITE_REG(hw, E1000_P2VMAILBOX(vf), E1000_P2VMAILBOX_STS);
	return E1000_SUCCESS;
}

/* the ACK write drops PFU too: this copy has no separate unlock */
STATIC s32 e1000_read_mbx_pf(struct e1000_hw *hw, u32 *msg, u16 size, u16 vf)
{
	if (e1000_obtain_mbx_lock_pf(hw, vf))
		return -E1000_ERR_MBX;
	e1000_copy_from_buffer(hw, msg, size, vf);
	E1000_WRITE_REG(hw, E1000_P2VMAILBOX(vf), E1000_P2VMAILBOX_ACK);
	return E1000_SUCCESS;
}

STATIC const struct e1000_mbx_operations e1000_mbx_ops_pf = E1000_MBX_SIDE_OPS(pf);

s32 e1000_init_mbx_params_pf(struct e1000_hw *hw)
{
	e1000_init_mbx_side(hw, &e1000_mbx_ops_pf, 0);
	return E1000_SUCCESS;
}

void e1000_mbx_teardown(struct e1000_hw *hw)
{
	E1000_MUTEX_DESTROY(&hw->mbx.mbx_mutex);
}
"""

VF_C = """\
/* e1000_vf.c - the VF operations, written for the testbench */
#include "e1000_api.h"

#define E1000_VF_RESET_TRIES 200   /* 5 us each, for the PF's reset to finish */

/* post a message, then (unless write-only) read the PF's reply of `reply` words */
STATIC s32 e1000_send_msg_vf(struct e1000_hw *hw, u32 *msg, u16 size, u16 reply)
{
	struct e1000_mbx_info *mbx = &hw->mbx;
	s32 ret_val = mbx->ops.write_posted(hw, msg, size, 0);

	if (!ret_val && E1000_VF_READS_REPLIES)
		ret_val = mbx->ops.read_posted(hw, msg, reply, 0);
	if (!ret_val && E1000_VF_READS_REPLIES && (msg[0] & E1000_VT_MSGTYPE_NACK))
		ret_val = -E1000_ERR_MAC_INIT;
	return ret_val;
}

STATIC s32 e1000_reset_hw_vf(struct e1000_hw *hw)
{
	struct e1000_mbx_info *mbx = &hw->mbx;
	u32 tries = E1000_VF_RESET_TRIES;
	u32 msgbuf[3] = { E1000_VF_RESET, 0, 0 };
	s32 ret_val;

	DEBUGFUNC("e1000_reset_hw_vf");
	DEBUGOUT("resetting the VF\\n");
	E1000_WRITE_REG(hw, E1000_CTRL, E1000_READ_REG(hw, E1000_CTRL) | E1000_CTRL_RST);
	while (tries && !mbx->ops.check_for_rst(hw, 0)) {
		tries--;
		usec_delay(5);
	}
	if (!tries)
		return -E1000_ERR_MAC_INIT;
	mbx->timeout = E1000_VF_MBX_INIT_TIMEOUT;
	mbx->ops.write_posted(hw, msgbuf, 1, 0);
	msec_delay(10);
	ret_val = mbx->ops.read_posted(hw, msgbuf, 3, 0);
	if (ret_val)
		return ret_val;
	if (msgbuf[0] != (E1000_VF_RESET | E1000_VT_MSGTYPE_ACK))
		return -E1000_ERR_MAC_INIT;
	memcpy(hw->mac.perm_addr, &msgbuf[1], 6);
	DEBUGOUT2("reset done, MAC %x:%x...\\n", hw->mac.perm_addr[0], hw->mac.perm_addr[1]);
	return E1000_SUCCESS;
}

STATIC int e1000_rar_set_vf(struct e1000_hw *hw, u8 *addr, u32 index)
{
	u32 msgbuf[3] = { E1000_VF_SET_MAC_ADDR, 0, 0 };
	s32 ret_val;

	UNREFERENCED_1PARAMETER(index);
	memcpy(&msgbuf[1], addr, 6);
	ret_val = hw->mbx.ops.write_posted(hw, msgbuf, 3, 0);   /* its reply is always read */
	if (!ret_val)
		ret_val = hw->mbx.ops.read_posted(hw, msgbuf, 3, 0);
	return ret_val;
}

STATIC void e1000_update_mc_addr_list_vf(struct e1000_hw *hw, u8 *list, u32 count)
{
	u32 msgbuf[E1000_VFMAILBOX_SIZE] = { 0 };
	u32 i;

	DEBUGOUT3("%u multicast addresses (%p, %p)\\n", count, (void *)list, (void *)hw);
	if (count > 30)
		count = 30;
	msgbuf[0] = E1000_VF_SET_MULTICAST | (count << E1000_VT_MSGINFO_SHIFT);
	for (i = 0; i < count; i++, list += 6)
		msgbuf[1 + i / 2] |= (((list[4] >> 4) | ((u32)list[5] << 4)) & 0xFFF) << (16 * (i % 2));
	e1000_send_msg_vf(hw, msgbuf, E1000_VFMAILBOX_SIZE, 1);
}

void e1000_vfta_set_vf(struct e1000_hw *hw, u16 vid, bool set)
{
	u32 msgbuf[2] = { E1000_VF_SET_VLAN | (set ? 1u << E1000_VT_MSGINFO_SHIFT : 0), vid };

	e1000_send_msg_vf(hw, msgbuf, 2, 2);
}

void e1000_rlpml_set_vf(struct e1000_hw *hw, u16 max_size)
{
	u32 msgbuf[2] = { E1000_VF_SET_LPE, max_size };

	e1000_send_msg_vf(hw, msgbuf, 2, 1);
}

s32 e1000_promisc_set_vf(struct e1000_hw *hw, enum e1000_promisc_type type)
{
	u32 msgbuf = E1000_VF_SET_PROMISC;

	if (type == e1000_promisc_unicast || type == e1000_promisc_enabled)
		msgbuf |= E1000_VF_SET_PROMISC_UNICAST;
	if (type == e1000_promisc_multicast || type == e1000_promisc_enabled)
		msgbuf |= E1000_VF_SET_PROMISC_MULTICAST;
	return e1000_send_msg_vf(hw, &msgbuf, 1, 1);
}

STATIC s32 e1000_check_for_link_vf(struct e1000_hw *hw)
{
	struct e1000_mbx_info *mbx = &hw->mbx;
	struct e1000_mac_info *mac = &hw->mac;
	s32 ret_val = E1000_SUCCESS;
	u32 in_msg = 0;

	if (!E1000_MUTEX_TRYLOCK(&mbx->mbx_mutex))
		return E1000_SUCCESS;
	if (!mbx->ops.check_for_rst(hw, 0) || !mbx->timeout)
		mac->get_link_status = TRUE;
	if (!mac->get_link_status || !(E1000_READ_REG(hw, E1000_STATUS) & E1000_STATUS_LU))
		goto out;
	if (mbx->ops.read(hw, &in_msg, 1, 0))
		goto out;                 /* a lock collision: look again next time */
	if (!(in_msg & E1000_VT_MSGTYPE_CTS)) {
		if (in_msg & E1000_VT_MSGTYPE_NACK)
			ret_val = -E1000_ERR_MAC_INIT;
		goto out;
	}
	if (!mbx->timeout) {
		ret_val = -E1000_ERR_MAC_INIT;
		goto out;
	}
	mac->get_link_status = FALSE;
out:
	E1000_MUTEX_UNLOCK(&mbx->mbx_mutex);
	return ret_val;
}

STATIC s32 e1000_init_mac_params_vf(struct e1000_hw *hw)
{
	struct e1000_mac_info *mac = &hw->mac;

	ASSERT(hw->hw_addr != NULL);
	mac->rar_entry_count = 1;
	mac->ops.reset_hw = e1000_reset_hw_vf;
	mac->ops.rar_set = e1000_rar_set_vf;
	mac->ops.update_mc_addr_list = e1000_update_mc_addr_list_vf;
	mac->ops.check_for_link = e1000_check_for_link_vf;
	return E1000_SUCCESS;
}

void e1000_init_function_pointers_vf(struct e1000_hw *hw)
{
	hw->mac.ops.init_params = e1000_init_mac_params_vf;
	hw->mbx.ops.init_params = e1000_init_mbx_params_vf;
}

/* a power-state hook the framework calls; here only to use the rest of the OS layer */
void e1000_power_down_vf(struct e1000_hw *hw, u32 a, u32 b)
{
	UNREFERENCED_3PARAMETER(hw, a, b);
	DEBUGOUT7("%d %d %d %d %d %d %d\\n", 1, 2, 3, 4, 5, 6, 7);
	E1000_WRITE_FLUSH(hw);
	usec_delay_irq(1);
	msec_delay_irq(1);
}
"""


def write(directory, role: str = "vf", write_only: bool = False, extra_c: str = "") -> Path:
    """Write the copy into `directory` (created): the VF files, or for role "pf" the mailbox
    files only. `write_only`: the VF never reads the replies to SET_MULTICAST, SET_VLAN,
    SET_LPE (it loses the race against a PF that does not hold its lock). `extra_c`: one
    more file, fwk_extra.c, with this text."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    files = {"e1000_osdep.h": OSDEP_H,
             "e1000_hw.h": HW_H.replace("@READS@", "0" if write_only else "1"),
             "e1000_mbx.h": MBX_H, "e1000_api.h": API_H, "e1000_vf.h": VF_H, "e1000_mbx.c": MBX_C}
    if role == "vf":
        files["e1000_vf.c"] = VF_C
    if extra_c:
        files["fwk_extra.c"] = extra_c
    for name, text in files.items():
        (d / name).write_text(text)
    return d


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tests.shared_code_copy", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory")
    ap.add_argument("--pf", action="store_true", help="the PF mailbox files only")
    ap.add_argument("--write-only", action="store_true", help="a VF that loses the race")
    args = ap.parse_args(argv)
    print(write(args.directory, "pf" if args.pf else "vf", args.write_only))


if __name__ == "__main__":
    main()
