/* <linux/init.h> of the tb/cdriver userspace shim */
#include "cdrv_kernel.h"
