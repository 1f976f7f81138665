/* glue_ixgbevf.c: tb/cdriver's VF entry points (cdrv_ixgbevf.h) over Linux ixgbevf's vf.c and
 * mbx.c, compiled unmodified beside it.
 *
 * Written for this project. The driver's structs are its own: one calloc'd struct
 * ixgbevf_adapter per instance, hw->back pointing at it (check_mac_link reads
 * adapter->pf_features), mac ops from the board's ixgbevf_info, mbx ops the legacy set, as
 * ixgbevf_probe and ixgbevf_sw_init leave them. negotiate_api is ixgbevf_main.c's step in our
 * own words: try each API of the caller's list until the PF accepts one (the last try's
 * error is returned; ixgbevf_main.c ignores it), negotiate features, add the features an
 * API implies (1.4: IPsec, 1.5: the new mailbox), and when the PF offers the new mailbox
 * switch to ixgbevf_mbx_ops (mbx.c's API 1.5 set). It also supplies ixgbevf_read_reg,
 * which lives in ixgbevf_main.c.
 */
#include <stdlib.h>
#include <string.h>

#include "vf.h"
#include "ixgbevf.h"
#include "cdrv_ixgbevf.h"

#define ADAPTER(h) ((struct ixgbevf_adapter *)(h))
#define HW(h) (&ADAPTER(h)->hw)
#define CDRV_MC_MAX 64

/* ixgbevf_main.c's probe table, by board: the mac type and its ops */
static const struct ixgbevf_info *const cdrv_boards[] = {
	&ixgbevf_82599_vf_info, &ixgbevf_X540_vf_info, &ixgbevf_X550_vf_info,
	&ixgbevf_X550EM_x_vf_info, &ixgbevf_x550em_a_vf_info, &ixgbevf_e610_vf_info,
};

struct cdrv_ixgbevf {
	struct ixgbevf_adapter adapter;      /* first: the handle is the adapter */
	struct net_device netdev;
	struct netdev_hw_addr mc[CDRV_MC_MAX];
};

/* ixgbevf_read_reg as ixgbevf_main.c behaves: an all-ones value makes it look at VFSTATUS,
 * and a device reading all ones there too is taken as removed (hw_addr dropped). */
u32 ixgbevf_read_reg(struct ixgbe_hw *hw, u32 reg)
{
	u8 __iomem *bar = READ_ONCE(hw->hw_addr);
	u32 value;

	if (IXGBE_REMOVED(bar))
		return IXGBE_FAILED_READ_REG;
	value = readl(bar + reg);
	if (unlikely(value == IXGBE_FAILED_READ_REG) &&
	    (reg == IXGBE_VFSTATUS || readl(bar + IXGBE_VFSTATUS) == IXGBE_FAILED_READ_REG))
		hw->hw_addr = NULL;
	return value;
}

void *cdrv_ixgbevf_new(uintptr_t bar)
{
	struct cdrv_ixgbevf *vf = calloc(1, sizeof(*vf));
	struct ixgbe_hw *hw;

	if (!vf)
		return NULL;
	hw = &vf->adapter.hw;
	vf->netdev.mc_list = vf->mc;
	vf->adapter.netdev = &vf->netdev;
	hw->back = &vf->adapter;
	hw->hw_addr = (void *)bar;
	memcpy(&hw->mbx.ops, &ixgbevf_mbx_ops_legacy, sizeof(hw->mbx.ops));
	if (cdrv_ixgbevf_set_mac_type(vf, 0) || hw->mbx.ops.init_params(hw)) {
		free(vf);
		return NULL;
	}
	/* ixgbevf_sw_init: "assume legacy case in which PF would only give VF 2 queues" */
	hw->mac.max_tx_queues = 2;
	hw->mac.max_rx_queues = 2;
	/* ixgbevf_up_complete sets it before the watchdog's first check (as the models start) */
	hw->mac.get_link_status = true;
	return vf;
}

void cdrv_ixgbevf_free(void *h) { free(h); }

int cdrv_ixgbevf_set_mac_type(void *h, int board)
{
	struct ixgbe_hw *hw = HW(h);

	if (board < 0 || board >= (int)ARRAY_SIZE(cdrv_boards))
		return -1;
	hw->mac.type = cdrv_boards[board]->mac;
	memcpy(&hw->mac.ops, cdrv_boards[board]->mac_ops, sizeof(hw->mac.ops));
	return 0;
}

int32_t cdrv_ixgbevf_reset_hw_vf(void *h) { return HW(h)->mac.ops.reset_hw(HW(h)); }

int32_t cdrv_ixgbevf_stop_hw_vf(void *h) { return HW(h)->mac.ops.stop_adapter(HW(h)); }

int32_t cdrv_ixgbevf_negotiate_api_version_vf(void *h, int api)
{
	return HW(h)->mac.ops.negotiate_api_version(HW(h), api);
}

int32_t cdrv_ixgbevf_negotiate_api(void *h, const int *apis, int count)
{
	struct ixgbevf_adapter *adapter = ADAPTER(h);
	struct ixgbe_hw *hw = HW(h);
	int i, err = IXGBE_ERR_INVALID_ARGUMENT;

	for (i = 0; i < count && err; i++)
		err = hw->mac.ops.negotiate_api_version(hw, apis[i]);
	hw->mac.ops.negotiate_features(hw, &adapter->pf_features);
	if (hw->api_version == ixgbe_mbox_api_14)
		adapter->pf_features |= IXGBEVF_PF_SUP_IPSEC;
	else if (hw->api_version == ixgbe_mbox_api_15)
		adapter->pf_features |= IXGBEVF_PF_SUP_ESX_MBX;
	if (adapter->pf_features & IXGBEVF_PF_SUP_ESX_MBX) {
		hw->mbx.ops.init_params(hw);
		memcpy(&hw->mbx.ops, &ixgbevf_mbx_ops, sizeof(hw->mbx.ops));
	}
	return err;
}

int32_t cdrv_ixgbevf_negotiate_features_vf(void *h, uint32_t *pf_features)
{
	return HW(h)->mac.ops.negotiate_features(HW(h), pf_features);
}

int32_t cdrv_ixgbevf_get_queues(void *h, uint32_t *num_tcs, uint32_t *default_tc)
{
	unsigned int tcs = 0, def = 0;
	int32_t err = ixgbevf_get_queues(HW(h), &tcs, &def);

	*num_tcs = tcs;
	*default_tc = def;
	return err;
}

int32_t cdrv_ixgbevf_update_xcast_mode(void *h, int mode)
{
	return HW(h)->mac.ops.update_xcast_mode(HW(h), mode);
}

int32_t cdrv_ixgbevf_update_mc_addr_list_vf(void *h, const uint8_t *addrs, uint32_t count)
{
	struct cdrv_ixgbevf *vf = h;
	uint32_t i;

	if (count > CDRV_MC_MAX)
		count = CDRV_MC_MAX;
	memset(vf->mc, 0, sizeof(vf->mc));
	for (i = 0; i < count; i++)
		memcpy(vf->mc[i].addr, addrs + 6 * i, ETH_ALEN);
	vf->netdev.mc_count = (int)count;
	return HW(h)->mac.ops.update_mc_addr_list(HW(h), &vf->netdev);
}

int32_t cdrv_ixgbevf_set_uc_addr_vf(void *h, uint32_t index, const uint8_t *addr6)
{
	u8 addr[ETH_ALEN];

	if (addr6)
		memcpy(addr, addr6, ETH_ALEN);
	return HW(h)->mac.ops.set_uc_addr(HW(h), index, addr6 ? addr : NULL);
}

int32_t cdrv_ixgbevf_set_vfta_vf(void *h, uint32_t vlan, int on)
{
	return HW(h)->mac.ops.set_vfta(HW(h), vlan, 0, on != 0);
}

int32_t cdrv_ixgbevf_set_rlpml_vf(void *h, uint16_t max_size)
{
	return HW(h)->mac.ops.set_rlpml(HW(h), max_size);
}

int32_t cdrv_ixgbevf_set_rar_vf(void *h, const uint8_t *addr6)
{
	memcpy(HW(h)->mac.addr, addr6, ETH_ALEN);
	return HW(h)->mac.ops.set_rar(HW(h), 0, HW(h)->mac.addr, 0);
}

int32_t cdrv_ixgbevf_get_link_state_vf(void *h, int *link_state)
{
	bool state = false;
	int32_t err = HW(h)->mac.ops.get_link_state(HW(h), &state);

	*link_state = state;
	return err;
}

int32_t cdrv_ixgbevf_check_mac_link_vf(void *h, uint32_t *speed, int *link_up)
{
	ixgbe_link_speed s = 0;
	bool up = false;
	int32_t err = HW(h)->mac.ops.check_link(HW(h), &s, &up, false);

	*speed = s;
	*link_up = up;
	return err;
}

int32_t cdrv_ixgbevf_write_mbx(void *h, uint32_t *msg, uint16_t size)
{
	return ixgbevf_write_mbx(HW(h), msg, size);
}

int32_t cdrv_ixgbevf_poll_mbx(void *h, uint32_t *msg, uint16_t size)
{
	return ixgbevf_poll_mbx(HW(h), msg, size);
}

void cdrv_ixgbevf_perm_addr(void *h, uint8_t *out6) { memcpy(out6, HW(h)->mac.perm_addr, 6); }

void cdrv_ixgbevf_addr(void *h, uint8_t *out6) { memcpy(out6, HW(h)->mac.addr, 6); }

int cdrv_ixgbevf_api_version(void *h) { return HW(h)->api_version; }

int cdrv_ixgbevf_mbx_protocol(void *h)
{
	if (HW(h)->mbx.ops.write == ixgbevf_mbx_ops.write)
		return 1;
	return HW(h)->mbx.ops.write == ixgbevf_mbx_ops_legacy.write ? 0 : -1;
}

uint32_t cdrv_ixgbevf_get_pf_features(void *h) { return ADAPTER(h)->pf_features; }

void cdrv_ixgbevf_set_pf_features(void *h, uint32_t value) { ADAPTER(h)->pf_features = value; }

int cdrv_ixgbevf_get_link_status(void *h) { return HW(h)->mac.get_link_status ? 1 : 0; }

void cdrv_ixgbevf_set_link_status(void *h, int value) { HW(h)->mac.get_link_status = value != 0; }

uint32_t cdrv_ixgbevf_get_mbx_timeout(void *h) { return HW(h)->mbx.timeout; }

uint32_t cdrv_ixgbevf_mbx_udelay(void *h) { return HW(h)->mbx.udelay; }

uint32_t cdrv_ixgbevf_vf_mailbox(void *h) { return HW(h)->mbx.vf_mailbox; }

void cdrv_ixgbevf_set_mbx_timeout(void *h, uint32_t value) { HW(h)->mbx.timeout = value; }

int32_t cdrv_ixgbevf_mc_filter_type(void *h) { return HW(h)->mac.mc_filter_type; }

void cdrv_ixgbevf_queues(void *h, uint32_t *max_tx, uint32_t *max_rx)
{
	*max_tx = HW(h)->mac.max_tx_queues;
	*max_rx = HW(h)->mac.max_rx_queues;
}
