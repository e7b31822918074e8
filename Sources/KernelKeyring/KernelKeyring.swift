// KernelKeyring
