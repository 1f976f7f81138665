/* cdrv_osdep.c: the OS-layer functions Intel's shared code calls by name (PCI configuration
 * space), for the tb/cdriver userspace shim. There is no configuration space here: reads
 * give 0 and writes are dropped. Weak, so a driver's own definition wins. The hw pointer is
 * never touched, so one definition serves every family's struct.
 */
#include <stdint.h>

#define WEAK __attribute__((weak))

uint16_t cdrv_pci_cfg_read16(void *hw, uint32_t reg) { (void)hw; (void)reg; return 0; }
void cdrv_pci_cfg_write16(void *hw, uint32_t reg, uint16_t value)
{
	(void)hw; (void)reg; (void)value;
}

/* e1000 */
WEAK void e1000_read_pci_cfg(void *hw, uint32_t reg, uint16_t *value)
{
	*value = cdrv_pci_cfg_read16(hw, reg);
}
WEAK void e1000_write_pci_cfg(void *hw, uint32_t reg, uint16_t *value)
{
	cdrv_pci_cfg_write16(hw, reg, *value);
}
WEAK void e1000_pci_set_mwi(void *hw) { (void)hw; }
WEAK void e1000_pci_clear_mwi(void *hw) { (void)hw; }
WEAK int32_t e1000_read_pcie_cap_reg(void *hw, uint32_t reg, uint16_t *value)
{
	*value = cdrv_pci_cfg_read16(hw, reg);
	return 0;
}
WEAK int32_t e1000_write_pcie_cap_reg(void *hw, uint32_t reg, uint16_t *value)
{
	cdrv_pci_cfg_write16(hw, reg, *value);
	return 0;
}

/* ixgbe (the BSD and DPDK names) */
WEAK uint16_t ixgbe_read_pci_cfg(void *hw, uint32_t reg) { return cdrv_pci_cfg_read16(hw, reg); }
WEAK void ixgbe_write_pci_cfg(void *hw, uint32_t reg, uint16_t value)
{
	cdrv_pci_cfg_write16(hw, reg, value);
}
WEAK uint16_t ixgbe_read_pci_cfg_word(void *hw, uint32_t reg)
{
	return cdrv_pci_cfg_read16(hw, reg);
}
WEAK void ixgbe_write_pci_cfg_word(void *hw, uint32_t reg, uint16_t value)
{
	cdrv_pci_cfg_write16(hw, reg, value);
}
