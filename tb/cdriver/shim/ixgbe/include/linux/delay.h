/* <linux/delay.h> of the tb/cdriver ixgbe shim */
#include "cdrv_ixgbe_kernel.h"
