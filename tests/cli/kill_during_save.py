#!/usr/bin/python3
"""The CLI killed with SIGKILL while it saves a large programme over an existing file, many times:
afterwards the file must be, byte for byte, the old programme or the new one — never a mix, never
cut. The generator and the archive are deterministic, so both are known in advance.
Usage: kill_during_save.py CLI WORKDIR [ROUNDS]"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time


def main():
    cli, work = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    synth = lambda seed, out: [cli, "synth", "--grants", "40000", "--transactions", "400000",  # noqa: E731
                               "--seed", str(seed), "-o", out]
    old, new, target = (os.path.join(work, n) for n in ("old.bin", "new.bin", "target.bin"))
    t0 = time.monotonic()
    subprocess.run(synth(1, old), check=True)
    subprocess.run(synth(2, new), check=True)
    full = time.monotonic() - t0
    old_bytes, new_bytes = open(old, "rb").read(), open(new, "rb").read()
    assert old_bytes != new_bytes
    rng = random.Random(7)
    outcomes = {"old": 0, "new": 0}
    for r in range(rounds):
        shutil.copyfile(old, target)
        proc = subprocess.Popen(synth(2, target), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Anywhere from start-up to the final rename (one save takes about half of `full`).
        time.sleep(rng.uniform(0.0, full / 2 * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        got = open(target, "rb").read()
        if got == old_bytes:
            outcomes["old"] += 1
        elif got == new_bytes:
            outcomes["new"] += 1
        else:
            sys.exit(f"round {r}: after SIGKILL the file is neither the old nor the new programme ({len(got)} bytes)")
    # Killed saves may leave their temporary file beside the target (nothing can remove it after
    # SIGKILL); it never replaces the target, its name says what it is and which process made it,
    # and the next save of the target that completes removes it.
    temporaries = lambda: [n for n in os.listdir(work) if n.startswith(".target.bin.tmp-")]  # noqa: E731
    leftovers = temporaries()
    subprocess.run(synth(2, target), check=True, stdout=subprocess.DEVNULL)
    remaining = temporaries()
    shutil.rmtree(work)
    print(f"{rounds} kills: old file {outcomes['old']} times, new file {outcomes['new']} times, "
          f"{len(leftovers)} temporary files left beside it, {len(remaining)} after the next save")
    if outcomes["old"] == 0:
        sys.exit("no kill landed before the rename: the test did not test anything")
    if remaining:
        sys.exit(f"the next save left the killed saves' temporary files: {remaining}")


if __name__ == "__main__":
    main()
