/* <linux/ptp_clock_kernel.h> of the tb/cdriver userspace shim */
#include "cdrv_kernel.h"
