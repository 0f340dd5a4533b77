# The two commands a new machine needs: `make demo` and `make test` (see README.md).
BUILD ?= build
JOBS  ?= $(shell nproc)
SAMPLE ?= samples/sample_id_2.png

# Debian packages the build and the tests need.
PKGS := cmake g++ make pkg-config libopencv-dev libdlib-dev libdlib-data libcli11-dev \
        libfmt-dev libyaml-cpp-dev doctest-dev libheif-dev libjpeg62-turbo-dev libpng-dev libwebp-dev \
        libtiff-dev libarchive-dev file
# Only the tests need these: a browser for review.html, Python's zipfile to build a
# Windows-style zip, heif-enc to make an iPhone-style HEIC, ImageMagick to make odd inputs.
TEST_PKGS := chromium python3 libheif-examples imagemagick

.PHONY: deps build demo test test-asan fuzz bench clean

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
	cd $(BUILD) && ctest --output-on-failure

# The same tests on an AddressSanitizer + UBSan build in its own tree (slow: not part of .ci/run).
ASAN_BUILD ?= build-asan
test-asan: PKGS += $(TEST_PKGS)
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DIDPHOTO_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure

# Each libFuzzer target of tests/fuzz for FUZZ_SECONDS, one after another, on a scratch copy
# of its corpus (README.md, "Fuzzing"); fails on any finding. clang builds it in its own tree.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= name roster preset image
fuzz: PKGS += clang libclang-rt-14-dev
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DIDPHOTO_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) demo-out
