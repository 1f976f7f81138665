/*
 * e1000_vf.h - a small VF mailbox driver for the pf_vf_mailbox testbench, written for this
 * project from docs/drivers.md (section 3) in the style of Intel's e1000 shared
 * code (E1000_READ_REG / E1000_WRITE_REG / usec_delay through "e1000_osdep.h").
 * It is an example of a user driver for `make cdriver DRIVER_SRC=DIR DRIVER_NAME=NAME`.
 */
#ifndef EXAMPLE_E1000_VF_H
#define EXAMPLE_E1000_VF_H

#include "e1000_osdep.h"

/* VF register window (hardware.md section 6) */
#define E1000_CTRL           0x0000
#define E1000_STATUS         0x0008
#define E1000_VMBMEM(n)      (0x0800 + 64 * (n))
#define E1000_V2PMAILBOX(n)  (0x0C40 + 4 * (n))

#define E1000_CTRL_RST       (1u << 26)
#define E1000_STATUS_LU      (1u << 1)

#define EX_MBX_REQ    0x01u
#define EX_MBX_ACK    0x02u
#define EX_MBX_VFU    0x04u
#define EX_MBX_PFSTS  0x10u
#define EX_MBX_PFACK  0x20u
#define EX_MBX_RSTI   0x40u
#define EX_MBX_RSTD   0x80u
#define EX_MBX_READ_CLEARS (EX_MBX_PFSTS | EX_MBX_PFACK | EX_MBX_RSTD)

/* message format (drivers.md section 1) */
#define EX_MSG_ACK    0x80000000u
#define EX_MSG_NACK   0x40000000u
#define EX_MSG_CTS    0x20000000u
#define EX_MSG_RESET        0x0001u
#define EX_MSG_SET_MAC      0x0002u
#define EX_MSG_SET_MC       0x0003u
#define EX_MSG_SET_VLAN     0x0004u
#define EX_MSG_SET_LPE      0x0005u
#define EX_MSGINFO_SHIFT    16
#define EX_MBX_WORDS        16

#define EX_POLLS        2000   /* polls before a posted message gives up */
#define EX_POLL_US       500   /* between polls */
#define EX_RESET_TRIES   200   /* tries of 5 us for the PF reset to finish */

#define E1000_SUCCESS   0
#define E1000_ERR_MBX   15

struct e1000_hw;

/* the operations and fields tb.cdriver's glue uses (see README.md) */
struct e1000_mac_operations {
	s32 (*init_params)(struct e1000_hw *h);
	s32 (*reset_hw)(struct e1000_hw *h);
	s32 (*check_for_link)(struct e1000_hw *h);
	void (*rar_set)(struct e1000_hw *h, u8 *mac, u32 slot);
	void (*update_mc_addr_list)(struct e1000_hw *h, u8 *list, u32 count, u32 used, u32 total);
	s32 (*set_vfta)(struct e1000_hw *h, u16 vlan, bool add);
};

struct e1000_mbx_operations {
	s32 (*init_params)(struct e1000_hw *h);
};

struct e1000_hw {
	u8 *hw_addr;
	struct {
		struct e1000_mac_operations ops;
		u8 addr[6], perm_addr[6];
		u16 rar_entry_count;
		bool get_link_status;
	} mac;
	struct {
		struct e1000_mbx_operations ops;
		u32 timeout;      /* polls; 0 until reset_hw: every posted message fails */
		u32 usec_delay;
	} mbx;
	u32 mbx_shadow;   /* read-to-clear VFMailbox bits seen but not yet consumed */
};

void e1000_init_function_pointers_vf(struct e1000_hw *h);
void e1000_rlpml_set_vf(struct e1000_hw *h, u16 max_frame);

#endif
