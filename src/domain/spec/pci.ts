/**
 * PCI constants the twin uses, as the PCI Local Bus specification's MSI-X capability defines them
 * and Linux include/uapi/linux/pci_regs.h names them.
 */

// MSI-X Message Control: Table Size (N - 1), Function Mask (bit 14), MSI-X Enable (bit 15).
export const PCI_MSIX_FLAGS_QSIZE = 0x07ff;
export const PCI_MSIX_FLAGS_MASKALL = 0x4000;
export const PCI_MSIX_FLAGS_ENABLE = 0x8000;
