"""What bench_iati.py and bench_giving360.py share: a corpus of each size written to a temporary
folder, read by grantfolio_bench_read (best of 3 runs below 100,000 records, else 1) and by the
Python baseline in the same run, and one line per size: megabytes, seconds, MB/s, microseconds
per record, the baseline's seconds, how many times faster grantfolio is, and grantfolio's peak
resident memory over the file's size (from a process that reads the file once: a process that
reads it three times holds what the allocator kept from the first reads); then whether the
issue's goals are met at the largest size."""
import json
import os
import subprocess
import tempfile


def run(bench, sizes, write_corpus, baseline, name, unit):
    print(f"{unit:>10} {'MB':>8} {'grantfolio s':>13} {'MB/s':>7} {'us/' + unit[:3]:>7} {name + ' s':>12} {'x ' + name:>10} {'peak/file':>9}")
    per_record = {}
    with tempfile.TemporaryDirectory() as work:
        for n in sizes:
            path = os.path.join(work, f"corpus-{n}")
            write_corpus(path, n)
            runs = 3 if n < 100_000 else 1
            g = json.loads(subprocess.run([bench, path, "1"], capture_output=True, text=True, check=True).stdout)
            if runs > 1:
                timed = json.loads(subprocess.run([bench, path, str(runs)], capture_output=True, text=True, check=True).stdout)
                g["seconds"] = min(g["seconds"], timed["seconds"])
            base, records, moves = min((baseline(path) for _ in range(runs)), key=lambda r: r[0])
            assert g["grants"] == n == records, (g, records)
            assert g["transactions"] == moves, (g["transactions"], moves)
            mb = g["bytes"] / 1e6
            per_record[n] = g["seconds"] / n * 1e6
            print(f"{n:>10} {mb:>8.1f} {g['seconds']:>13.3f} {mb / g['seconds']:>7.1f} {per_record[n]:>7.1f} {base:>12.3f} "
                  f"{base / g['seconds']:>10.1f} {g['peak_kib'] * 1024 / g['bytes']:>9.1f}   ({g['diagnostics']} findings)")
            os.remove(path)
    n = sizes[-1]
    print(f"goals at {n} {unit}: >= 50 MB/s: {'met' if mb / g['seconds'] >= 50 else 'NOT met'}; "
          f">= 5x {name}: {'met' if base / g['seconds'] >= 5 else 'NOT met'}; "
          f"time per record flat (within 1.5x of {sizes[0]:,}'s): {'met' if per_record[n] <= 1.5 * per_record[sizes[0]] else 'NOT met'}; "
          f"peak <= 3x the file: {'met' if g['peak_kib'] * 1024 <= 3 * g['bytes'] else 'NOT met'} "
          f"(peak includes the file's pages while they are mapped and resident)")
