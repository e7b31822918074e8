#!/usr/bin/env python3
"""RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s step): what a virtual MFA app computes.

    totp.py SEED [--offset SECONDS]   prints the code for now + SECONDS
"""
import argparse
import base64
import hashlib
import hmac
import struct
import time

STEP = 30


def step_of(unix_time: float) -> int:
    return int(unix_time // STEP)


def code_at_step(seed_base32: str, step: int) -> str:
    seed = seed_base32.strip().replace(" ", "").upper()
    key = base64.b32decode(seed + "=" * (-len(seed) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def code_at(seed_base32: str, unix_time: float) -> str:
    return code_at_step(seed_base32, step_of(unix_time))


def main() -> None:
    parser = argparse.ArgumentParser(description="Print the current TOTP code of a Base32 seed.")
    parser.add_argument("seed")
    parser.add_argument("--offset", type=float, default=0.0, help="seconds added to the local clock")
    args = parser.parse_args()
    print(code_at(args.seed, time.time() + args.offset))


if __name__ == "__main__":
    main()
