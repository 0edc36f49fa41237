#!/usr/bin/python3
"""Hostile inputs through the CLI: seeded mutants of real files (the three archive formats, the JSON,
IATI and 360Giving exports of a sample, and any real files named), each read by two of `report`,
`export`, `validate` and `totals`. Whatever the input, the process must end by itself with exit 0 or 1 (never a
signal, an abort or a hang), never say "internal error", and when it refuses, say so on one line
that names the file. Archive mutants have their checksum line re-sealed, so that they reach the
archive reader itself rather than its CRC check.

Usage: hostile_inputs.py CLI WORKDIR SAMPLE_JSON [COUNT [MORE_FILES...]]
"""
import os
import random
import shutil
import subprocess
import sys
import zlib

TRAILER = b"\ngrantfolio-crc32 "


def seal(body: bytes) -> bytes:
    return body + TRAILER + b"%08x\n" % zlib.crc32(body)


def unseal(data: bytes) -> bytes:
    at = data.rfind(TRAILER)
    assert at > 0, "not a sealed archive"
    return data[:at]


def mutate(rng: random.Random, body: bytes) -> bytes:
    b = bytearray(body)
    what = rng.randrange(7)
    at = rng.randrange(len(b))
    if what == 0:  # a byte changed
        b[at] = rng.randrange(256)
    elif what == 1:  # a range cut out
        del b[at:at + rng.randint(1, 64)]
    elif what == 2:  # a range repeated
        n = rng.randint(1, 64)
        b[at:at] = b[at:at + n]
    elif what == 3:  # cut short
        del b[at:]
    elif what == 4:  # a number swapped for an edge value
        digits = [i for i in range(len(b)) if 48 <= b[i] <= 57]
        if digits:
            i = rng.choice(digits)
            j = i
            while j < len(b) and 48 <= b[j] <= 57:
                j += 1
            b[i:j] = rng.choice([b"4294967297", b"18446744073709551615", b"0", b"9" * 30, b"2147483648", b"65536"])
    elif what == 5:  # the end cut off, as far as a closing tag
        end = body.rfind(b"</", 0, len(body) - rng.randrange(1, 8))
        del b[max(end, 0):]
    else:  # invalid UTF-8
        b[at:at] = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\x01"])
    return bytes(b)


def run(cli, command, name, path, failures):
    """Runs one command on one hostile input; returns 'read', 'refused' or None (a failure)."""
    try:
        r = subprocess.run([cli] + command, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        failures.append(f"{name}: {command[0]} did not finish in 60 s")
        return None
    err = r.stderr.decode("utf-8", "replace")
    if r.returncode < 0 or r.returncode not in (0, 1):
        failures.append(f"{name}: {command[0]} ended with {r.returncode}: {err[-300:]}")
    elif "internal error" in err:
        failures.append(f"{name}: {command[0]}: {err.strip()[:300]}")
    elif r.returncode == 1:
        lines = [line for line in err.splitlines() if not line.startswith("grantfolio: warning:")]
        if command[0] == "validate" and not lines and r.stdout:
            return "refused"  # the problems it found, listed on stdout
        if len(lines) == 1 and lines[0].startswith("grantfolio: cannot write") and len(err) < 1000:
            return "refused"  # read, but holding what the output format cannot carry: the writer says where
        if len(lines) == 1 and lines[0].startswith("grantfolio: no exchange rate") and len(err) < 1000:
            return "refused"  # read, and the rate asked for is not in it
        if not any(path in line for line in lines):
            failures.append(f"{name}: {command[0]} refused without naming the file: {err.strip()[:300]}")
        elif len(lines) > 1 and command[0] != "validate" or len(err) > 4000:
            failures.append(f"{name}: {command[0]} refused at length ({len(lines)} lines, {len(err)} bytes)")
        else:
            return "refused"
    else:
        return "read"
    return None


def main():
    cli, work, sample = sys.argv[1], sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 150
    extra = sys.argv[5:]  # more real files to mutate, read by content
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    sources = {}  # name -> (bytes, sealed)
    for fmt in ("xml", "text", "binary"):
        out = os.path.join(work, "base." + fmt)
        subprocess.run([cli, "export", sample, "--format", fmt, "-o", out], check=True)
        sources["archive-" + fmt] = (unseal(open(out, "rb").read()), True)
    for fmt in ("json", "iati", "360giving"):
        out = os.path.join(work, "base-" + fmt)
        subprocess.run([cli, "export", sample, "--format", fmt, "-o", out], check=True, capture_output=True)
        sources[fmt] = (open(out, "rb").read(), False)
    for path in extra:
        data = open(path, "rb").read()
        first = data.split(b"\n", 1)[0]
        rates = first.startswith(b"base,quote") or first.startswith(b"Date,Rate,Currency")
        if rates:
            data = b"\n".join(data.split(b"\n")[:400]) + b"\n"  # the head of a long table is enough
        sources[("rates:" if rates else "") + os.path.basename(path)] = (data, False)
    rng = random.Random(16)
    failures, outcomes = [], {"read": 0, "refused": 0}
    cases = []
    xml = sources["archive-xml"][0]
    cases.append(("xml-no-end-tag", seal(xml[:xml.rfind(b"</boost_serialization>")])))
    cases.append(("xml-junk-after-end", seal(xml + b"<junk")))
    for key, (body, sealed) in sources.items():
        for k in range(count):
            m = mutate(rng, body)
            cases.append((f"{key}-{k}", seal(m) if sealed else m))
    commands = [["report"], ["export", "--format", "json"], ["export", "--format", "iati"], ["validate"],
                ["totals", "--missing", "last-known"]]
    for i, (name, data) in enumerate(cases):
        path = os.path.join(work, name.replace(":", "-"))
        with open(path, "wb") as f:
            f.write(data)
        # Two commands for each input, in turn, so that every command meets every kind of source;
        # a rates file is read by convert and totals.
        if name.startswith("rates:"):
            runs = [["convert", "100", "USD", "GBP", "--on", "2006-05-10", "--rates", path],
                    ["totals", "--to", "GBP", "--missing", "last-known", "--rates", path]]
        else:
            runs = [[c[0], path] + c[1:] for c in (commands[i % len(commands)], commands[(i + 1) % len(commands)])]
        for command in runs:
            outcome = run(cli, command, name, path, failures)
            if outcome:
                outcomes[outcome] += 1
        os.remove(path)
    print(f"{len(cases)} inputs, {outcomes['read']} runs read, {outcomes['refused']} refused, {len(failures)} failures")
    for f in failures[:40]:
        print("FAIL", f)
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
