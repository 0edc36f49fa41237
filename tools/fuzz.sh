#!/bin/sh
# Runs every libFuzzer target for SECONDS each, from seed corpora of real files. A crash leaves its
# input in tests/fuzz/regressions/TARGET/ (commit it: the test suite replays it from then on).
# Usage: tools/fuzz.sh BUILD_DIR SECONDS [SEED]   (a fixed SEED makes a run repeatable)
set -eu
BUILD=$1
SECONDS_EACH=$2
SEED=${3:-0}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$ROOT/../shared/data
status=0
for target in listing values rates archive json giving360 iati source; do
  corpus=$BUILD/corpus/$target
  mkdir -p "$corpus"
  case $target in
    listing) cp "$ROOT"/data/programs/caaht-2006/*.txt "$SHARED"/listings/*.txt "$ROOT"/tests/cli/broken-listing.txt "$corpus"/ 2>/dev/null || true ;;
    values) printf '2,097,624' > "$corpus/a"; printf '209.762.381' > "$corpus/b"; printf '2006-05-10' > "$corpus/c"
            printf '20 qershor deri 14 gusht 2005' > "$corpus/d"; printf '98.10337709126985' > "$corpus/e"
            printf '2005-06-20/2005-08-14' > "$corpus/f" ;;
    rates) head -c 4000 "$ROOT"/data/rates/imf-annual-average-per-usd.csv > "$corpus/imf"
           cp "$ROOT"/tests/cli/rates-*.csv "$corpus"/ ;;
    archive) cp "$ROOT"/tests/cpp/data/*-v?.xml "$ROOT"/tests/cpp/data/*-v?.txt "$ROOT"/tests/cpp/data/*-v?.bin "$corpus"/ ;;
    json) cp "$ROOT"/tests/cpp/data/*-v1.json "$corpus"/ ;;
    giving360) cp "$SHARED"/360giving/fixture-*.json "$corpus"/
               head -c 20000 "$SHARED"/360giving/grantnav-test-mixed-currency.json > "$corpus/mixed-head.json"
               cp "$ROOT"/tests/cli/360giving-sample.csv "$ROOT"/tests/cli/360giving-undated.json "$corpus"/ ;;
    iati) cp "$SHARED"/iati/activity-standard-example-annotated-2.03.xml "$ROOT"/tests/cpp/data/iati/*.xml "$ROOT"/tests/cli/iati-*.xml "$corpus"/
          for f in $(find "$SHARED"/iati/schema-tests -name '*.xml' | head -60); do cp "$f" "$corpus/$(echo "$f" | tr / _)"; done ;;
    source) cp "$ROOT"/tests/cpp/data/caaht-v2.* "$ROOT"/tests/cpp/data/caaht-v1.json "$ROOT"/tests/cli/360giving-sample.csv \
              "$SHARED"/360giving/fixture-*.json "$SHARED"/iati/activity-standard-example-annotated-2.03.xml "$corpus"/
            head -c 12000 "$SHARED"/listings/caaht-grants-2006-05-10.sq.txt > "$corpus/listing-head.txt" ;;
  esac
  # The hostile cases and the crashes found before start every run (tests/fuzz/make_hostile_seeds.py).
  cp "$ROOT"/tests/fuzz/regressions/$target/* "$corpus"/ 2>/dev/null || true
  echo "== fuzz_$target for ${SECONDS_EACH}s"
  if ! "$BUILD/bin/fuzz_$target" "$corpus" -seed="$SEED" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=3072 \
       -max_len=262144 -print_final_stats=1 -artifact_prefix="$ROOT/tests/fuzz/regressions/$target/" 2>"$BUILD/fuzz_$target.log"; then
    echo "fuzz_$target found a failure: see $BUILD/fuzz_$target.log and tests/fuzz/regressions/$target/"
    tail -40 "$BUILD/fuzz_$target.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$BUILD/fuzz_$target.log" | tr '\n' ' '; echo
  fi
done
exit $status
