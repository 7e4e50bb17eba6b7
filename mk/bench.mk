# mk/bench.mk - the VM benchmarks (`make bench`; never part of `make
# check`): the update path and the D-Bus path.  `bench:` also runs the
# image benchmark of mk/image.mk.
# Included by the top-level Makefile.

.PHONY: bench-update bench-dbus

bench: bench-update bench-dbus

# boots the VM (tests/vm/run.sh, VM_DIR=build/vm-bench); prints figures,
# fails only when an update or the VM run fails
bench-update: deps-test all
	BENCH_NO_BUILD=1 bench/update-bench.sh

# mefwctl -> mefwd against mefw-flash, status via the daemon
# against sysfs, mefwd idle RSS and wakeups (VM_DIR=build/vm-bench-dbus)
bench-dbus: deps-test all $(B)/bin/mefw-timeit
	BENCH_NO_BUILD=1 bench/dbus-bench.sh

# a wall-clock timer for the VM (busybox date has no sub-second clock);
# built for the benchmark only, but once in $(B)/bin every VM run has it
$(B)/bin/mefw-timeit: bench/timeit.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -o $@ $<
