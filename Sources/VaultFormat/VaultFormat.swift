// VaultFormat
