/* cdrv_ixgbevf.h: the VF entry points the bridge calls (tb/cdriver/ixgbe.py CIxgbevf).
 * glue_ixgbevf.c implements them over Linux ixgbevf's vf.c and mbx.c; part of tb/cdriver.
 * Each operation is one hw->mac.ops call, or the probe/reset-path step of ixgbevf_main.c
 * the name gives; every s32 is the driver's own return value. */
#ifndef CDRV_IXGBEVF_H
#define CDRV_IXGBEVF_H
#include <stdint.h>

void *cdrv_ixgbevf_new(uintptr_t bar);      /* NULL if the driver's init failed */
void cdrv_ixgbevf_free(void *h);
int cdrv_ixgbevf_set_mac_type(void *h, int board);   /* index into CDRV_IXGBEVF_BOARDS */

int32_t cdrv_ixgbevf_reset_hw_vf(void *h);
int32_t cdrv_ixgbevf_stop_hw_vf(void *h);
int32_t cdrv_ixgbevf_negotiate_api_version_vf(void *h, int api);
int32_t cdrv_ixgbevf_negotiate_api(void *h, const int *apis, int count);
int32_t cdrv_ixgbevf_negotiate_features_vf(void *h, uint32_t *pf_features);
int32_t cdrv_ixgbevf_get_queues(void *h, uint32_t *num_tcs, uint32_t *default_tc);
int32_t cdrv_ixgbevf_update_xcast_mode(void *h, int mode);
int32_t cdrv_ixgbevf_update_mc_addr_list_vf(void *h, const uint8_t *addrs, uint32_t count);
int32_t cdrv_ixgbevf_set_uc_addr_vf(void *h, uint32_t index, const uint8_t *addr6);
int32_t cdrv_ixgbevf_set_vfta_vf(void *h, uint32_t vlan, int on);
int32_t cdrv_ixgbevf_set_rlpml_vf(void *h, uint16_t max_size);
int32_t cdrv_ixgbevf_set_rar_vf(void *h, const uint8_t *addr6);
int32_t cdrv_ixgbevf_get_link_state_vf(void *h, int *link_state);
int32_t cdrv_ixgbevf_check_mac_link_vf(void *h, uint32_t *speed, int *link_up);
int32_t cdrv_ixgbevf_write_mbx(void *h, uint32_t *msg, uint16_t size);
int32_t cdrv_ixgbevf_poll_mbx(void *h, uint32_t *msg, uint16_t size);

/* state of the driver's structs (no register access) */
void cdrv_ixgbevf_perm_addr(void *h, uint8_t *out6);
void cdrv_ixgbevf_addr(void *h, uint8_t *out6);
int cdrv_ixgbevf_api_version(void *h);
int cdrv_ixgbevf_mbx_protocol(void *h);     /* 0 legacy ops, 1 API 1.5 ops, -1 neither */
uint32_t cdrv_ixgbevf_get_pf_features(void *h);
void cdrv_ixgbevf_set_pf_features(void *h, uint32_t value);
int cdrv_ixgbevf_get_link_status(void *h);
void cdrv_ixgbevf_set_link_status(void *h, int value);
uint32_t cdrv_ixgbevf_get_mbx_timeout(void *h);
void cdrv_ixgbevf_set_mbx_timeout(void *h, uint32_t value);
uint32_t cdrv_ixgbevf_mbx_udelay(void *h);
uint32_t cdrv_ixgbevf_vf_mailbox(void *h);  /* hw->mbx.vf_mailbox: the R2C bits' shadow */
int32_t cdrv_ixgbevf_mc_filter_type(void *h);
void cdrv_ixgbevf_queues(void *h, uint32_t *max_tx, uint32_t *max_rx);
#endif
