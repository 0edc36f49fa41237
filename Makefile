# The two commands a newcomer runs: `make demo` and `make test`. Each installs missing Debian
# packages first, then configures and builds into build/.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
CLI = $(BUILD)/bin/grantfolio

.PHONY: all deps configure build venv demo test bench tsan asan fuzz docs clean
FUZZ_SECONDS ?= 30
# A fixed seed: a CI run replays the start of the same mutation sequence that was run locally for longer.
FUZZ_SEED ?= 1

all: build

deps:
	@sh tools/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@echo "== The CAAHT programme (embedded): phases, grantees, coverage, timeline, totals"
	$(CLI) report --currency ALL
	@echo "== Its problems, if any"
	$(CLI) validate
	@echo "== CAAHT's total, US\$$ 2,097,624, in lek at the IMF 2006 average, on the listing's revision date"
	$(CLI) convert 2,097,624 USD ALL --on 2006-05-10 --explain
	@echo "== The same as JSON, for tools"
	$(CLI) convert 2097624 USD ALL --on 2006-05-10 --format json
	@echo "== Euro to lek goes through the dollar: a chain of two rates, rounded once"
	$(CLI) convert 1000 EUR ALL --on 2006-05-10 --explain
	@echo "== No IMF rate for 2025 yet: the last known one, said so"
	$(CLI) convert 100 USD ALL --on 2025-06-30 --missing last-known --explain
	@echo "== The report a programme manager reads: one self-contained HTML file each in English and Albanian"
	mkdir -p $(BUILD)/report
	PYTHONPATH=$(CURDIR)/$(BUILD)/python MPLBACKEND=Agg /usr/bin/python3 -m grantfolio report --currency ALL \
	  -o $(BUILD)/report/caaht.en.html
	PYTHONPATH=$(CURDIR)/$(BUILD)/python MPLBACKEND=Agg /usr/bin/python3 -m grantfolio report --lang sq --currency ALL \
	  -o $(BUILD)/report/caaht.sq.html
	@echo "The CAAHT report is at $(CURDIR)/$(BUILD)/report/caaht.en.html and caaht.sq.html"

# The current-PyPI Python stack (pinned in tools/python/requirements-current.txt) with grantfolio
# installed as a wheel; the tests run there as well as on Debian's python3.
venv: deps
	sh tools/python/venv.sh $(BUILD)

test: build venv
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The threads test under ThreadSanitizer: a const programme queried from 8 threads at once.
tsan: deps
	cmake -S . -B $(BUILD)-tsan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-fsanitize=thread -O1" \
	  -DGRANTFOLIO_BUILD_PYTHON=OFF -DGRANTFOLIO_BUILD_TOOLS=OFF -DGRANTFOLIO_BUILD_BENCH=OFF -DGRANTFOLIO_BUILD_EXAMPLES=OFF
	cmake --build $(BUILD)-tsan -j $(JOBS) --target threads_test serialization_test
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" $(BUILD)-tsan/bin/threads_test
	TSAN_OPTIONS="halt_on_error=1" $(BUILD)-tsan/bin/serialization_test --run_test=large_programmes_load_on_two_threads_and_still_refuse_bad_references

# The API reference (Doxygen), warnings as errors, into build-docs/html.
docs:
	@command -v doxygen >/dev/null 2>&1 || { echo "grantfolio: installing doxygen"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends doxygen; }
	mkdir -p $(BUILD)-docs
	GRANTFOLIO_DOCS_OUT=$(BUILD)-docs doxygen docs/Doxyfile
	@echo "API reference: $(BUILD)-docs/html/index.html"

# The C++ tests again under AddressSanitizer and UndefinedBehaviorSanitizer; any report fails (but
# cli.memory_bounds: ASan reserves terabytes of shadow address space, which prlimit --as forbids; and
# the HTML report's tests, report.* and cli.report_html, which start an uninstrumented Python on the
# sanitized module: the pytest run below covers the report with the ASan runtime preloaded). Then
# the Python tests through a sanitized extension: the interpreter is not instrumented, so the ASan
# runtime is preloaded into it (with libstdc++, or ASan cannot intercept C++ exceptions thrown by an
# extension loaded later), and leaks are not checked there (CPython keeps objects to exit).
ASAN_RUNTIME = $(shell $(CXX) -print-file-name=libasan.so) $(shell $(CXX) -print-file-name=libstdc++.so)
asan: deps
	cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1" \
	  -DGRANTFOLIO_BUILD_PYTHON=ON -DGRANTFOLIO_BUILD_BENCH=OFF -DGRANTFOLIO_WERROR=OFF
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E "^(package|docs|python|report)\.|^cli\.(memory_bounds|report_html)$$"
	cd $(BUILD)-asan && PYTHONPATH=$(CURDIR)/$(BUILD)-asan/python LD_PRELOAD="$(ASAN_RUNTIME)" \
	  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  /usr/bin/python3 -m pytest -q -p no:cacheprovider $(CURDIR)/tests/python

# Every libFuzzer target for FUZZ_SECONDS each (clang, with ASan and UBSan), from real seed files.
fuzz: deps
	cmake -S . -B $(BUILD)-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
	  -DGRANTFOLIO_FUZZ=ON -DGRANTFOLIO_WERROR=OFF -DGRANTFOLIO_BUILD_TESTS=OFF -DGRANTFOLIO_BUILD_PYTHON=OFF \
	  -DGRANTFOLIO_BUILD_TOOLS=OFF -DGRANTFOLIO_BUILD_BENCH=OFF -DGRANTFOLIO_BUILD_EXAMPLES=OFF
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzz_listing fuzz_values fuzz_rates fuzz_archive fuzz_json fuzz_giving360 fuzz_iati fuzz_source
	sh tools/fuzz.sh $(BUILD)-fuzz $(FUZZ_SECONDS) $(FUZZ_SEED)

bench: deps
	cmake -S . -B $(BUILD)-bench -DCMAKE_BUILD_TYPE=Release -DGRANTFOLIO_BUILD_TESTS=OFF
	cmake --build $(BUILD)-bench -j $(JOBS) --target grantfolio_benchmarks _grantfolio grantfolio_cli
	$(BUILD)-bench/bin/grantfolio_bench_rates
	$(BUILD)-bench/bin/grantfolio_bench_convert
	PYTHONPATH=$(BUILD)-bench/python /usr/bin/python3 bench/bench_convert.py
	$(BUILD)-bench/bin/grantfolio_bench_listing
	$(BUILD)-bench/bin/grantfolio_bench_archive
	PYTHONPATH=$(BUILD)-bench/python /usr/bin/python3 bench/bench_frame.py
	/usr/bin/python3 bench/bench_end_to_end.py $(BUILD)-bench/bin/grantfolio
	/usr/bin/python3 bench/bench_iati.py $(BUILD)-bench/bin/grantfolio_bench_read
	/usr/bin/python3 bench/bench_giving360.py $(BUILD)-bench/bin/grantfolio_bench_read
	PYTHONPATH=$(BUILD)-bench/python /usr/bin/python3 bench/bench_report.py $(BUILD)-bench
	PYTHONPATH=$(BUILD)-bench/python /usr/bin/python3 bench/bench_diff.py $(BUILD)-bench
	sh tools/python/venv.sh $(BUILD)-bench
	$(BUILD)-bench/venv/bin/python bench/bench_arrow.py
	$(BUILD)-bench/venv/bin/python bench/bench_peers.py

clean:
	rm -rf $(BUILD) $(BUILD)-bench $(BUILD)-tsan $(BUILD)-asan $(BUILD)-fuzz $(BUILD)-docs
