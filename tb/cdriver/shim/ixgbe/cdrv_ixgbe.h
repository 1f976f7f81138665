/* cdrv_ixgbe.h: the PF mailbox entry points the bridge calls (tb/cdriver/ixgbe.py
 * CIxgbeMailbox). glue_ixgbe.c implements them over Linux ixgbe's ixgbe_mbx.c; part of
 * tb/cdriver. Every int32_t is the driver's own return value (0 success, -EIO failure). */
#ifndef CDRV_IXGBE_H
#define CDRV_IXGBE_H
#include <stdint.h>

void *cdrv_ixgbe_new(uintptr_t bar);        /* NULL if the driver's init failed */
void cdrv_ixgbe_free(void *h);
int cdrv_ixgbe_set_mac_type(void *h, int board);     /* index into CDRV_IXGBE_BOARDS */
int32_t cdrv_ixgbe_check_for_msg(void *h, uint16_t vf);
int32_t cdrv_ixgbe_check_for_ack(void *h, uint16_t vf);
int32_t cdrv_ixgbe_check_for_rst(void *h, uint16_t vf);
int32_t cdrv_ixgbe_obtain_mbx_lock_pf(void *h, uint16_t vf);
int32_t cdrv_ixgbe_read(void *h, uint32_t *msg, uint16_t size, uint16_t vf);
int32_t cdrv_ixgbe_write(void *h, uint32_t *msg, uint16_t size, uint16_t vf);
uint32_t cdrv_ixgbe_mbx_size(void *h);
#endif
