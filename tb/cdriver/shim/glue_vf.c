/* glue_vf.c: tb/cdriver's VF entry points over Intel's VF shared-code API.
 *
 * Written for this project. Compiled together with a VF driver's files (Linux igbvf's
 * mbx.c + vf.c, or a user's directory); CDRV_VF_HEADER names the driver header that
 * declares struct e1000_hw (default "vf.h"). What it needs from the driver:
 *   void e1000_init_function_pointers_vf(struct e1000_hw *);
 *   void e1000_rlpml_set_vf(struct e1000_hw *, u16);
 *   struct e1000_hw { hw_addr; mac { ops { init_params, reset_hw, rar_set,
 *       update_mc_addr_list(hw, list, count, rar_used, rar_count) or (hw, list, count),
 *       set_vfta(hw, vid, bool),
 *       check_for_link }, addr[6], perm_addr[6], rar_entry_count, get_link_status };
 *     mbx { ops { init_params }, timeout } }
 */
#include <stdlib.h>
#include <string.h>

#ifndef CDRV_VF_HEADER
#define CDRV_VF_HEADER "vf.h"
#endif
#include CDRV_VF_HEADER
#include "cdrv_vf.h"

#define HW(h) ((struct e1000_hw *)(h))

void *cdrv_vf_new(uintptr_t bar)
{
	struct e1000_hw *hw = calloc(1, sizeof(*hw));

	if (!hw)
		return NULL;
	hw->hw_addr = (void *)bar;
	e1000_init_function_pointers_vf(hw);
	if ((hw->mac.ops.init_params && hw->mac.ops.init_params(hw)) ||
	    (hw->mbx.ops.init_params && hw->mbx.ops.init_params(hw))) {
		free(hw);
		return NULL;
	}
	cdrv_vf_set_link_status(hw, 1);
	return hw;
}

void cdrv_vf_free(void *h) { free(h); }

int32_t cdrv_vf_reset_hw(void *h) { return HW(h)->mac.ops.reset_hw(HW(h)); }

void cdrv_vf_perm_addr(void *h, uint8_t *out6) { memcpy(out6, HW(h)->mac.perm_addr, 6); }

void cdrv_vf_rar_set(void *h, const uint8_t *mac6)
{
	memcpy(HW(h)->mac.addr, mac6, 6);
	HW(h)->mac.ops.rar_set(HW(h), HW(h)->mac.addr, 0);
}

/* Linux igbvf's update_mc_addr_list takes (hw, list, count, rar_used, rar_count); Intel's
 * shared code as FreeBSD and DPDK carry it takes (hw, list, count). The pointer's type picks
 * the call (the other branch is never evaluated); any other type is a compile error. */
typedef void (*cdrv_mc_list5)(struct e1000_hw *, u8 *, u32, u32, u32);
typedef void (*cdrv_mc_list3)(struct e1000_hw *, u8 *, u32);

void cdrv_vf_update_mc_addr_list(void *h, uint8_t *list, uint32_t count)
{
	struct e1000_hw *hw = HW(h);

	_Generic(hw->mac.ops.update_mc_addr_list,
		 cdrv_mc_list5: ((cdrv_mc_list5)hw->mac.ops.update_mc_addr_list)(
			 hw, list, count, 1, hw->mac.rar_entry_count),
		 cdrv_mc_list3: ((cdrv_mc_list3)hw->mac.ops.update_mc_addr_list)(hw, list, count));
}

int32_t cdrv_vf_set_vfta(void *h, uint16_t vid, int add)
{
	return HW(h)->mac.ops.set_vfta(HW(h), vid, add != 0);
}

void cdrv_vf_rlpml_set(void *h, uint16_t max_size) { e1000_rlpml_set_vf(HW(h), max_size); }

int32_t cdrv_vf_check_for_link(void *h) { return HW(h)->mac.ops.check_for_link(HW(h)); }

int cdrv_vf_get_link_status(void *h) { return HW(h)->mac.get_link_status ? 1 : 0; }

void cdrv_vf_set_link_status(void *h, int value) { HW(h)->mac.get_link_status = value != 0; }

uint32_t cdrv_vf_get_mbx_timeout(void *h) { return HW(h)->mbx.timeout; }

void cdrv_vf_set_mbx_timeout(void *h, uint32_t value) { HW(h)->mbx.timeout = value; }
