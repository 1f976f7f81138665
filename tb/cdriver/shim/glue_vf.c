/* glue_vf.c: tb/cdriver's VF entry points (cdrv_vf.h) over Intel's e1000 VF API.
 *
 * Written for this project. Compiled with a VF driver's files (Linux igbvf's mbx.c + vf.c,
 * or a user's directory); CDRV_VF_HEADER names the driver header that declares struct
 * e1000_hw. Operations go through CDRV_OP_<op> (cdrv_glue.h; the ops of glue.py's
 * "glue_vf.c" entry): init, reset_hw, rar_set, update_mc_addr_list, set_vfta, rlpml_set,
 * check_for_link, and promisc_set when the code offers it. Fields used: hw_addr,
 * mac.ops.init_params, mbx.ops.init_params, mac.addr, mac.perm_addr, mac.rar_entry_count,
 * mac.get_link_status, mbx.timeout.
 */
#include <stdlib.h>
#include <string.h>

#include CDRV_VF_HEADER
#include "cdrv_glue.h"
#include "cdrv_vf.h"

#define HW(h) ((struct e1000_hw *)(h))

void *cdrv_vf_new(uintptr_t bar)
{
	struct e1000_hw *hw = calloc(1, sizeof(*hw));

	if (!hw)
		return NULL;
	hw->hw_addr = (void *)bar;
	if (CDRV_S32(CDRV_OP_init(hw)) ||
	    (hw->mac.ops.init_params && hw->mac.ops.init_params(hw)) ||
	    (hw->mbx.ops.init_params && hw->mbx.ops.init_params(hw))) {
		free(hw);
		return NULL;
	}
	cdrv_vf_set_link_status(hw, 1);
	return hw;
}

void cdrv_vf_free(void *h) { free(h); }

int32_t cdrv_vf_reset_hw(void *h)
{
	struct e1000_hw *hw = HW(h);

	return CDRV_S32(CDRV_OP_reset_hw(hw));
}

void cdrv_vf_perm_addr(void *h, uint8_t *out6) { memcpy(out6, HW(h)->mac.perm_addr, 6); }

void cdrv_vf_rar_set(void *h, const uint8_t *mac6)
{
	struct e1000_hw *hw = HW(h);

	memcpy(hw->mac.addr, mac6, 6);
	CDRV_OP_rar_set(hw, hw->mac.addr, 0);
}

/* Linux igbvf's update_mc_addr_list takes (hw, list, count, rar_used, rar_count); Intel's
 * shared code as FreeBSD and DPDK carry it takes (hw, list, count). The pointer's type picks
 * the call (the other branch is never evaluated); any other type is a compile error. */
typedef void (*cdrv_mc_list5)(struct e1000_hw *, u8 *, u32, u32, u32);
typedef void (*cdrv_mc_list3)(struct e1000_hw *, u8 *, u32);

void cdrv_vf_update_mc_addr_list(void *h, uint8_t *list, uint32_t count)
{
	struct e1000_hw *hw = HW(h);
	void (*fn)(void) = (void (*)(void))CDRV_OP_update_mc_addr_list;   /* typed back below */

	_Generic(CDRV_OP_update_mc_addr_list,
		 cdrv_mc_list5: ((cdrv_mc_list5)fn)(hw, list, count, 1, hw->mac.rar_entry_count),
		 cdrv_mc_list3: ((cdrv_mc_list3)fn)(hw, list, count));
}

int32_t cdrv_vf_set_vfta(void *h, uint16_t vid, int add)
{
	struct e1000_hw *hw = HW(h);

	return CDRV_S32(CDRV_OP_set_vfta(hw, vid, add != 0));
}

#ifdef CDRV_OP_promisc_set
/* SET_PROMISC: `flags` as the scenario gives them (0: none; the shared code's
 * e1000_promisc_disabled) */
int32_t cdrv_vf_promisc_set(void *h, uint32_t flags)
{
	struct e1000_hw *hw = HW(h);

	return CDRV_S32(CDRV_OP_promisc_set(hw, flags));
}
#endif

void cdrv_vf_rlpml_set(void *h, uint16_t max_size)
{
	struct e1000_hw *hw = HW(h);

	CDRV_OP_rlpml_set(hw, max_size);
}

int32_t cdrv_vf_check_for_link(void *h)
{
	struct e1000_hw *hw = HW(h);

	return CDRV_S32(CDRV_OP_check_for_link(hw));
}

int cdrv_vf_get_link_status(void *h) { return HW(h)->mac.get_link_status ? 1 : 0; }

void cdrv_vf_set_link_status(void *h, int value) { HW(h)->mac.get_link_status = value != 0; }

uint32_t cdrv_vf_get_mbx_timeout(void *h) { return HW(h)->mbx.timeout; }

void cdrv_vf_set_mbx_timeout(void *h, uint32_t value) { HW(h)->mbx.timeout = value; }
