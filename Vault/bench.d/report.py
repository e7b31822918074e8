"""Prints Vault/bench's table (markdown) from the results directory: every target of issue 8 with
the measured value, the ratio, and whether it is met.

    report.py RESULTS_DIR LINK
"""
import json
import os
import statistics
import sys


def main() -> None:
    results, link = sys.argv[1], sys.argv[2]

    def load(name):
        path = os.path.join(results, name)
        return json.load(open(path)) if os.path.exists(path) else None

    def median_ms(name):
        data = load(name + ".json")
        return statistics.median(data["results"][0]["times"]) * 1000 if data else None

    def rss_mib(name):
        with open(os.path.join(results, name)) as f:
            return statistics.median(int(line) for line in f if line.strip()) / 1024

    rows = []

    def row(what, value, compare, ratio, target, met):
        rows.append((what, value, compare, ratio, target, "yes" if met else "**no**" if met is not None else "—"))

    vault = median_ms("vault_hit")
    noop, botocore = median_ms("noop"), median_ms("botocore_hit")
    aws_floor, aws_sts, awsume = median_ms("aws_floor"), median_ms("aws_sts"), median_ms("awsume")
    row("cached `vault assume mfa --format json`", f"{vault:.2f} ms", "", "", "", None)
    row("… vs botocore cached assume-role (CLI JSON cache)", f"{vault:.2f} ms", f"{botocore:.1f} ms",
        f"{botocore / vault:.0f}× faster", "≥ 50×", botocore / vault >= 50)
    row("… vs `aws configure get region` (CLI floor)", f"{vault:.2f} ms", f"{aws_floor:.0f} ms",
        f"{aws_floor / vault:.0f}× faster", "(context)", None)
    row("… vs `aws sts get-caller-identity` from cache", f"{vault:.2f} ms", f"{aws_sts:.0f} ms",
        f"{aws_sts / vault:.0f}× faster", "(context)", None)
    if awsume:
        row("… vs `awsume mfa -s`", f"{vault:.2f} ms", f"{awsume:.0f} ms", f"{awsume / vault:.0f}× faster", "≥ 100×",
            awsume / vault >= 100)
    else:
        row("… vs `awsume mfa -s`", f"{vault:.2f} ms", "not run", "", "≥ 100×", None)
    row("… vs static Swift no-op executable", f"{vault:.2f} ms", f"{noop:.2f} ms", f"{vault / noop:.1f}× slower",
        "≤ 2×", vault / noop <= 2)
    hit_env, prompt_cache, prompt_exec = median_ms("env_vault_hit"), median_ms("prompt_cache"), median_ms("prompt_exec")
    if hit_env and prompt_cache and prompt_exec:
        row("`vault status --prompt`, AWS_PROFILE's cached session", f"{prompt_cache:.2f} ms",
            f"cached assume {hit_env:.2f} ms", f"{prompt_cache / hit_env:.2f}×", "≤ 2×", prompt_cache / hit_env <= 2)
        row("`vault status --prompt` inside `vault exec` (environment only)", f"{prompt_exec:.2f} ms",
            f"cached assume {hit_env:.2f} ms", f"{prompt_exec / hit_env:.2f}×", "≤ 2×", prompt_exec / hit_env <= 2)
    levers = load("levers.json")
    if levers:
        mine, floor = levers["builds"]["vault"], levers["noop"]
        row("… vs static no-op, shuffled turns (levers.py)", f"{mine['cached']['ms']:.2f} ms", f"{floor['ms']:.2f} ms",
            f"{mine['cached_vs_noop']:.1f}× slower", "≤ 2×", mine["cached_vs_noop"] <= 2)
        row("… CPU time (user + system) vs no-op, same turns", f"{mine['cached']['cpu_ms']:.2f} ms",
            f"{floor['cpu_ms']:.2f} ms", f"{mine['cached_cpu_vs_noop']:.1f}×", "(context)", None)
        row("instructions, one cached call (callgrind)", f"{mine['instructions'] / 1e6:.2f} M",
            f"no-op {floor['instructions'] / 1e6:.2f} M", "", "", None)
        row("minor page faults, one cached call", f"{mine['cached']['minflt']:.0f}", f"no-op {floor['minflt']:.0f}", "",
            "", None)
    rss = rss_mib("rss_vault.txt")
    row("peak RSS, cached assume", f"{rss:.1f} MiB", f"no-op {rss_mib('rss_noop.txt'):.1f} MiB", "", "≤ 20 MiB", rss <= 20)

    sign, boto_sign = load("sign_vault.json"), load("sign_botocore.json")
    same = sign.get("authorization") == boto_sign.get("authorization")
    row("SigV4 sign of an STS AssumeRole POST (libsodium SHA-256/HMAC)" + ("" if same else " (**signature differs from botocore's**)"), f"{sign['median_us']:.1f} µs", f"botocore {boto_sign['median_us']:.0f} µs",
        f"{boto_sign['median_us'] / sign['median_us']:.0f}× faster", "≤ 15 µs",
        same and sign["median_us"] <= 15)

    fresh = load("fresh.json")
    row("fresh assume: total (process, loopback emulator)", f"{fresh['total_ms']:.1f} ms",
        f"KDF {fresh['unlock_ms']:.1f} ms, STS {fresh['sts_ms']:.1f} ms", "", "", None)
    row("fresh assume: all but KDF and STS round trip", f"{fresh['rest_ms']:.1f} ms", "", "", "≤ 5 ms", fresh["rest_ms"] <= 5)
    unlocked = load("fresh-unlocked.json")
    if unlocked:
        row("fresh assume while unlocked: all but the STS round trip", f"{unlocked['rest_ms']:.1f} ms",
            f"total {unlocked['total_ms']:.1f} ms", "", "≤ 5 ms", unlocked["rest_ms"] <= 5)
    https = load("fresh-unlocked-https.json")
    if https:
        row("… the same over HTTPS (TLS proxy, system trust: hashed folder)", f"{https['rest_ms']:.1f} ms",
            f"waiting for OpenSSL {https['load_tls_ms']:.1f} ms", "", "(context)", None)

    tpm = load("tpm.json")
    if tpm:
        row("TPM unseal (swtpm, salted session, primary re-derived)", f"{tpm['unseal_ms']:.1f} ms",
            f"seal {tpm['seal_ms']:.1f} ms", "", "", None)
        row("… with PIN and PCR 7 (policy session)", f"{tpm['unseal_pin_pcr_ms']:.1f} ms",
            f"seal {tpm['seal_pin_pcr_ms']:.1f} ms", "", "", None)
        cpu = tpm["cpu_ms_per_op"]
        row("… CPU per seal or unseal (vault side, swtpm side)", f"{cpu['vault_bench']:.1f} ms",
            f"swtpm {cpu['swtpm']:.1f} ms", "", "", None)

    profiles = load("profiles.json")
    n = profiles["count"]
    row(f"`vault add` into a vault of {n} profiles", f"{profiles['add_ms_at_count']:.1f} ms",
        f"first adds {profiles['add_ms_first']:.1f} ms", "", "≤ 50 ms", profiles["add_ms_at_count"] <= 50)
    row(f"`vault list` of {n} profiles", f"{profiles['list_ms']:.1f} ms", "", "", "≤ 50 ms", profiles["list_ms"] <= 50)
    slopes = profiles["bytes_per_profile"]
    sizes = profiles["sizes"]
    linear = max(slopes[1:]) <= 1.05 * min(slopes[1:]) if len(slopes) > 1 else None
    row("vault file size vs profiles", f"{sizes[str(n)] / 1024:.0f} KiB at {n}",
        "bytes/profile between checkpoints: " + ", ".join(f"{s:.0f}" for s in slopes), "", "linear", linear)

    true, exec_true = median_ms("true"), median_ms("exec_true")
    row("`vault exec mfa -- true` overhead over `true`", f"{exec_true - true:.2f} ms",
        f"{exec_true:.2f} vs {true:.2f} ms", "", "≤ 5 ms", exec_true - true <= 5)

    print(f"vault linked: {link}; medians; {os.path.basename(results)} UTC\n")
    print("| what | measured | compared with | ratio | target | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if levers and len(levers["builds"]) > 1:
        print(f"\nBuilds side by side (levers.py, {levers['rounds']} shuffled turns; no-op "
              f"{levers['noop']['ms']:.2f} ms, `/bin/true` {levers['true']['ms']:.2f} ms):\n")
        print("| build | size | cached call | vs no-op | CPU time | vs no-op | instructions | minor faults | exec overhead "
              "| fresh rest |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for label, b in levers["builds"].items():
            fresh_rest = f"{b['fresh_rest_ms']:.1f} ms" if "fresh_rest_ms" in b else ""
            print(f"| {label} | {b['size'] / 2**20:.1f} MiB | {b['cached']['ms']:.2f} ms | {b['cached_vs_noop']:.2f}× | "
                  f"{b['cached']['cpu_ms']:.2f} ms | {b['cached_cpu_vs_noop']:.2f}× | "
                  f"{b['instructions'] / 1e6:.2f} M | {b['cached']['minflt']:.0f} | {b['exec_overhead_ms']:.2f} ms | "
                  f"{fresh_rest} |")


if __name__ == "__main__":
    main()
