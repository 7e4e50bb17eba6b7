# mk/bench.mk - the update benchmark of issue 4 (`make bench`; never part
# of `make check`).  `bench:` also runs the image benchmark of mk/image.mk.
# Included by the top-level Makefile.

.PHONY: bench-update

bench: bench-update

# boots the VM (tests/vm/run.sh, VM_DIR=build/vm-bench); prints figures,
# fails only when an update or the VM run fails
bench-update: deps-test all
	BENCH_NO_BUILD=1 bench/update-bench.sh
