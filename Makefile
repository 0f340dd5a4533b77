# The two commands a new machine needs: `make demo` and `make test` (see README.md).
BUILD ?= build
JOBS  ?= $(shell nproc)
SAMPLE ?= samples/sample_id_2.png

# Debian packages the build and the tests need.
PKGS := cmake g++ make pkg-config libopencv-dev libdlib-dev libdlib-data libcli11-dev \
        libfmt-dev libyaml-cpp-dev doctest-dev libheif-dev libjpeg62-turbo-dev libpng-dev libwebp-dev \
        libtiff-dev libarchive-dev libexpat1-dev libxlsxwriter-dev libgmime-3.0-dev libcairo2-dev file
# Only the tests need these: a browser for review.html, Python's zipfile to build a
# Windows-style zip, heif-enc to make an iPhone-style HEIC, ImageMagick to make odd inputs and
# measure screenshots, poppler-utils (pdftotext, pdftoppm, pdfinfo) to read the contact sheet's
# PDF back, and a CJK font: the contact sheet's 学号 and 姓名 are then real text, and
# tests/cli/review_fonts.sh shows review.html's Chinese is drawn with the system's font (the
# page bundles none; a machine with no CJK font draws boxes).
TEST_PKGS := chromium python3 libheif-examples imagemagick poppler-utils fonts-wqy-microhei

.PHONY: deps build demo test asan-build test-asan fuzz bench clean

deps:
	@missing=""; for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p demo-out
	$(BUILD)/cli/idphoto make $(SAMPLE) -o demo-out/chsi.jpg
	@echo "wrote demo-out/chsi.jpg"

test: PKGS += $(TEST_PKGS)
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole suite again under AddressSanitizer + UBSan (clang, in its own tree, -O1: fast to
# build, still with line numbers), then each libFuzzer target of tests/fuzz on a scratch copy
# of its corpus (README.md, "Fuzzing"): in test-asan FUZZ_CI_RUNS inputs from a fixed seed
# (about a minute each here; the same inputs on every machine, so a landing is never decided
# by a lucky draw), in `make fuzz` FUZZ_SECONDS of fresh exploration. CI runs test-asan after
# `make test`.
ASAN_BUILD ?= build-asan
FUZZ_SECONDS ?= 60
FUZZ_CI_RUNS ?= 300000
# A cap only: the runs end first on a machine like this one.
FUZZ_CI_SECONDS ?= 300
FUZZ_TARGETS ?= name roster preset image
SAN_PKGS := clang libclang-rt-14-dev
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
           LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

asan-build: PKGS += $(TEST_PKGS) $(SAN_PKGS)
asan-build: deps
	CC=clang CXX=clang++ cmake -S . -B $(ASAN_BUILD) -DIDPHOTO_SANITIZE=ON -DIDPHOTO_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"
	cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: asan-build
	cd $(ASAN_BUILD) && $(SAN_ENV) ctest --output-on-failure -j $(JOBS)
	FUZZ_RUNS=$(FUZZ_CI_RUNS) bash tests/fuzz/run.sh $(ASAN_BUILD) $(FUZZ_CI_SECONDS) $(FUZZ_TARGETS)

# Fuzzing alone, e.g. `make fuzz FUZZ_SECONDS=600` for a long session.
fuzz: asan-build
	bash tests/fuzz/run.sh $(ASAN_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) demo-out
