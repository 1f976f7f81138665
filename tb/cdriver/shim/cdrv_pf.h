/* cdrv_pf.h: the PF mailbox entry points the bridge calls (adapters.py CIgbMailbox).
 * glue_pf.c implements them over an e1000-family PF mailbox; part of tb/cdriver.
 * cdrv_pf_unlock is there only when the code has an unlock. */
#ifndef CDRV_PF_H
#define CDRV_PF_H
#include <stdint.h>

void *cdrv_pf_new(uintptr_t bar);
void cdrv_pf_free(void *h);
int32_t cdrv_pf_check_for_msg(void *h, uint16_t vf);
int32_t cdrv_pf_check_for_ack(void *h, uint16_t vf);
int32_t cdrv_pf_check_for_rst(void *h, uint16_t vf);
int32_t cdrv_pf_read(void *h, uint32_t *msg, uint16_t size, uint16_t vf, int unlock);
int32_t cdrv_pf_write(void *h, uint32_t *msg, uint16_t size, uint16_t vf);
int32_t cdrv_pf_unlock(void *h, uint16_t vf);
#endif
