# mk/sim-tools.mk - the test images of the VM cases and of the host bus
# test, and the sim-tools target (the mei-sim test programs, mk/tools.mk,
# and these images).  Included by the top-level Makefile after
# mk/image.mk (mefw-mkimage) and mk/tools.mk.
#
# Synthetic update images for the mei-sim update cases (tests/vm/cases/
# sim-1*.sh) and the daemon cases, signed with the committed TEST key by
# mefw-mkimage.  The two padding bombs (CSME 11, 40 modules whose LZMA
# streams end early: sizes changed after signing / signed) feed the flood.
# tests/vm/run.sh copies build/vm-data/ to /data in the VM.
SIM_VM_DATA := $(B)/vm-data/sim
SIM_MKIMG = $(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen me9

.PHONY: sim-tools

userspace: $(SIM_VM_DATA)/stamp
sim-tools: $(B)/bin/heci-raw $(B)/bin/fwu-raw $(SIM_VM_DATA)/stamp

$(SIM_VM_DATA)/stamp: $(B)/bin/mefw-mkimage tests/images/test-key.pem mk/sim-tools.mk
	@rm -rf $(SIM_VM_DATA) && mkdir -p $(SIM_VM_DATA)
	$(SIM_MKIMG) --version 9.0.21.1500 -o $(SIM_VM_DATA)/good.bin
	$(SIM_MKIMG) --version 9.0.22.1600 -o $(SIM_VM_DATA)/good2.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --kind update -o $(SIM_VM_DATA)/update.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --kind flash -o $(SIM_VM_DATA)/flash.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --damage manifest-flip -o $(SIM_VM_DATA)/badsig.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --damage sig-padding -o $(SIM_VM_DATA)/badpad.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --sku 5MB -o $(SIM_VM_DATA)/sku.bin
	$(SIM_MKIMG) --version 10.0.0.1000 -o $(SIM_VM_DATA)/major.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --damage bad-length -o $(SIM_VM_DATA)/badlen.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --damage truncate -o $(SIM_VM_DATA)/trunc.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --damage absurd-count -o $(SIM_VM_DATA)/absurd-count.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --damage no-manifest -o $(SIM_VM_DATA)/no-manifest.bin
	$(SIM_MKIMG) --version 9.0.21.1500 --damage module-flip -o $(SIM_VM_DATA)/module-flip.bin
	$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind update \
		--bomb 40 --damage padding-bomb -o $(SIM_VM_DATA)/bomb.bin
	$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind update \
		--bomb 40 --bomb-usz 0x100000 -o $(SIM_VM_DATA)/sbomb.bin
	$(SIM_MKIMG) --print-key-hash > $(SIM_VM_DATA)/test-key.sha256
	@touch $@
