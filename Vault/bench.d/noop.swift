// The floor: a Swift program that does nothing, built with -static-executable by Vault/bench.
