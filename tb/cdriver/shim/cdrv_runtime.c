/* cdrv_runtime.c: holders of the bridge callbacks (see cdrv_runtime.h). */
#include "cdrv_runtime.h"

static uint32_t cdrv_no_read(uintptr_t addr) { (void)addr; return 0; }
static void cdrv_no_write(uintptr_t addr, uint32_t value) { (void)addr; (void)value; }
static void cdrv_no_udelay(uint32_t us) { (void)us; }

cdrv_read_fn cdrv_read_cb = cdrv_no_read;
cdrv_write_fn cdrv_write_cb = cdrv_no_write;
cdrv_udelay_fn cdrv_udelay_cb = cdrv_no_udelay;

void cdrv_set_callbacks(cdrv_read_fn rd, cdrv_write_fn wr, cdrv_udelay_fn ud)
{
	cdrv_read_cb = rd ? rd : cdrv_no_read;
	cdrv_write_cb = wr ? wr : cdrv_no_write;
	cdrv_udelay_cb = ud ? ud : cdrv_no_udelay;
}
