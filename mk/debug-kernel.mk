# The debug kernel (KASAN, lockdep, kmemleak, fault injection) and the
# kernel VM cases on it.  Included by the top-level Makefile (B, CURDIR).
# Documentation/testing.md, "The debug kernel".
#
#   make debug-kernel                 build it (cached: scripts/debug-kernel.sh)
#   make debug-modules                mefw.ko and mei-sim.ko for it
#   make debug-vm-check               the mefw-*, sim-* and upd-* cases on it
#   make debug-vm-case CASE=tests/vm/cases/X.sh
#   make debug-check                  make check's part: the cases that fit

DEBUG_K := $(B)/debug-kernel
DEBUG_KSRC := $(DEBUG_K)/src
# the module sources, linked file by file, so that the objects for this
# kernel never mix with the Debian kernel's in kernel/ and tests/sim/
DEBUG_MOD := $(DEBUG_K)/mod
DEBUG_CASES := $(wildcard $(addprefix tests/vm/cases/,mefw-*.sh sim-*.sh upd-*.sh))
# make check runs what fits its 60-minute budget on two cores next to the
# other parts (Documentation/testing.md, "In make check"): every mefw-*
# case, the upd-* cases but upd-06-faults-reply (the slowest, 144 s) and
# upd-11-corpus (the path of upd-03-happy with real images), and the sim-*
# cases about the simulated ME's lifetime (load, reset, unbind, teardown)
DEBUG_CHECK_CASES := $(filter-out %/upd-06-faults-reply.sh %/upd-11-corpus.sh, \
	$(wildcard $(addprefix tests/vm/cases/,mefw-*.sh upd-*.sh sim-06-*.sh \
	sim-07-*.sh sim-08-*.sh sim-17-*.sh)))
# the detectors slow everything down: longer per-case and VM limits
DEBUG_VM_ENV := VM_DIR=$(B)/vm-debug VM_KERNEL=$(DEBUG_K)/bzImage \
	MEI_KO=$(DEBUG_K)/mei.ko MEFW_KO=$(DEBUG_MOD)/kernel/mefw.ko \
	SIM_KO=$(DEBUG_MOD)/tests/sim/mei-sim.ko VM_DISK_BUILTIN=1 \
	VM_CASE_TIMEOUT=$${VM_CASE_TIMEOUT:-300} VM_TIMEOUT=$${VM_TIMEOUT:-7200}

.PHONY: debug-kernel debug-modules debug-vm-check debug-vm-case debug-check

debug-kernel:
	@scripts/deps.sh debug
	@scripts/debug-kernel.sh $(DEBUG_K)

debug-modules: debug-kernel
	@find $(DEBUG_MOD) -xtype l -delete 2>/dev/null || true
	@cd $(CURDIR) && find kernel tests/sim \( -name '*.[ch]' ! -name '*.mod.c' \) -o -name Kbuild | \
	while read -r f; do \
		mkdir -p "$(DEBUG_MOD)/$${f%/*}" && \
		ln -sfn "$(CURDIR)/$$f" "$(DEBUG_MOD)/$$f" || exit 1; \
	done
	$(MAKE) -C $(DEBUG_KSRC) M=$(DEBUG_MOD)/kernel modules
	$(MAKE) -C $(DEBUG_KSRC) M=$(DEBUG_MOD)/tests/sim \
		MEI_PRIV=$(DEBUG_KSRC)/drivers/misc \
		MEI_SIM_DEB_VERSION=$$(dpkg-query -W -f='$${Version}' linux-source-6.1) modules

debug-vm-check: deps-test all debug-modules
	@t0=$$(date +%s); $(DEBUG_VM_ENV) tests/vm/run.sh $(DEBUG_CASES); rc=$$?; \
	echo "debug-vm-check: $$(($$(date +%s) - t0)) s"; exit $$rc

debug-vm-case: deps-test all debug-modules
	$(DEBUG_VM_ENV) tests/vm/run.sh $(CASE)

debug-check: deps-test all debug-modules
	$(DEBUG_VM_ENV) tests/vm/run.sh $(DEBUG_CHECK_CASES)
