/* cdrv_vf.h: the VF entry points the bridge calls (tb/cdriver/adapters.py CIgbvf).
 * glue_vf.c implements them over Intel's VF shared-code API; part of tb/cdriver. */
#ifndef CDRV_VF_H
#define CDRV_VF_H
#include <stdint.h>

void *cdrv_vf_new(uintptr_t bar);          /* NULL if the driver's init failed */
void cdrv_vf_free(void *h);
int32_t cdrv_vf_reset_hw(void *h);
void cdrv_vf_perm_addr(void *h, uint8_t *out6);
void cdrv_vf_rar_set(void *h, const uint8_t *mac6);
void cdrv_vf_update_mc_addr_list(void *h, uint8_t *list, uint32_t count);
int32_t cdrv_vf_promisc_set(void *h, uint32_t flags);  /* only when the code offers it */
int32_t cdrv_vf_set_vfta(void *h, uint16_t vid, int add);
void cdrv_vf_rlpml_set(void *h, uint16_t max_size);
int32_t cdrv_vf_check_for_link(void *h);
int cdrv_vf_get_link_status(void *h);
void cdrv_vf_set_link_status(void *h, int value);
uint32_t cdrv_vf_get_mbx_timeout(void *h);
void cdrv_vf_set_mbx_timeout(void *h, uint32_t value);
#endif
