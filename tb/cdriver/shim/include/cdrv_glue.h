/* cdrv_glue.h: what the glue files share. Each driver operation is reached through
 * CDRV_OP_<op>, an expression over `hw` the build chose (tb/cdriver/glue.py): the code's own
 * hw->...ops member or API function, or the function named with DRIVER_OPS=<op>=<function>.
 * Part of tb/cdriver, written for this project.
 */
#ifndef CDRV_GLUE_H
#define CDRV_GLUE_H

#include <stdint.h>

/* The result of `call` as a status: its value, or 0 when the function returns void (code
 * bases differ, e.g. set_vfta as an s32 op or a void e1000_vfta_set_vf). */
#define CDRV_S32(call) \
	__builtin_choose_expr(__builtin_types_compatible_p(__typeof__(call), void), \
			      ((call), 0), (call))

#endif
