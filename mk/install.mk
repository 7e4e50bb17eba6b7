# mk/install.mk - make install / uninstall, the DKMS source tree, Debian
# packages (make deb) and their host-side tests (make install-check).
# Included by the top-level Makefile (B, KDIR, KVER).  Documentation/install.md
# describes the result.
#
#   make install [DESTDIR=...] [PREFIX=/usr]   userspace + mefw.ko (kbuild
#                                               modules_install into updates/)
#   make install-userspace / install-module     the two halves
#   make install-dkms-src                        /usr/src/mefw-VERSION for dkms
#   make uninstall (same variables)              removes exactly what install put
#   make deb                                     build/deb/mefw_*.deb, mefw-dkms_*.deb
#   make install-check                           tests/install/*.sh

PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
BINDIR ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
# systemd and udev directories: what their pkg-config files say for
# PREFIX=/usr (Debian 12: /lib/systemd/system and /lib/udev, the same
# directories as /usr/lib/... on a merged-/usr system), else under PREFIX
ifeq ($(PREFIX),/usr)
UNITDIR ?= $(or $(shell pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null),/usr/lib/systemd/system)
UDEVDIR ?= $(or $(shell pkg-config --variable=udevdir udev 2>/dev/null),/usr/lib/udev)
else
UNITDIR ?= $(PREFIX)/lib/systemd/system
UDEVDIR ?= $(PREFIX)/lib/udev
endif
DBUSSYSTEMDIR ?= $(DATADIR)/dbus-1/system.d
DBUSSERVICEDIR ?= $(DATADIR)/dbus-1/system-services
DBUSIFACEDIR ?= $(DATADIR)/dbus-1/interfaces
POLKITDIR ?= $(DATADIR)/polkit-1/actions
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
# dkms only looks in /usr/src, whatever PREFIX is
DKMSSRCDIR ?= /usr/src

# MEFW_VERSION (Makefile, from VERSION); dkms.conf and debian/changelog
# must carry the same (tests/install/ checks)
MEFW_DKMS_DIR = $(DESTDIR)$(DKMSSRCDIR)/mefw-$(MEFW_VERSION)

# installed programs and data: "mode source destination"
MEFW_UNITS := mefwd.service mefw-offline-update.service mefw-system-update.path \
	mefw-system-update.service mefw-verify.socket mefw-verify.service
MEFW_INSTALL_FILES = \
	0755:$(B)/bin/mefwctl:$(BINDIR)/mefwctl \
	0644:$(B)/bin/mefwctl-info.so:$(LIBEXECDIR)/mefw/mefwctl-info.so \
	0755:$(B)/bin/mefwd:$(SBINDIR)/mefwd \
	0755:$(B)/bin/mefwd-verify:$(LIBEXECDIR)/mefw/mefwd-verify \
	0755:systemd/mefw-offline-update:$(LIBEXECDIR)/mefw/mefw-offline-update \
	0644:udev/60-mefw.rules:$(UDEVDIR)/rules.d/60-mefw.rules \
	$(foreach u,$(MEFW_UNITS),0644:systemd/$(u):$(UNITDIR)/$(u)) \
	0644:daemon/dbus/org.mefw1.conf:$(DBUSSYSTEMDIR)/org.mefw1.conf \
	0644:daemon/dbus/org.mefw1.service:$(DBUSSERVICEDIR)/org.mefw1.service \
	0644:daemon/dbus/org.mefw1.xml:$(DBUSIFACEDIR)/org.mefw1.xml \
	0644:daemon/polkit/org.mefw1.policy:$(POLKITDIR)/org.mefw1.policy \
	0644:Documentation/mefwctl.1:$(MANDIR)/man1/mefwctl.1 \
	0644:Documentation/mefwd.8:$(MANDIR)/man8/mefwd.8 \
	0644:completion/mefwctl:$(BASHCOMPDIR)/mefwctl
# the offline update unit is pulled in by system-update.target through a
# link shipped with it, as systemd.offline-updates(7) recommends
MEFW_WANTS_LINK = $(UNITDIR)/system-update.target.wants/mefw-offline-update.service

# kernel module sources for dkms (no build products: *.mod.c is generated)
MEFW_KSRCS = kernel/Kbuild $(filter-out %.mod.c,$(wildcard kernel/*.c)) $(wildcard kernel/*.h) \
	$(wildcard kernel/common/*.c kernel/common/*.h) kernel/include/uapi/linux/mefw.h

# programs the units and the D-Bus activation file name by path
MEFW_PATH_SED = -e 's|/usr/sbin/mefwd|$(SBINDIR)/mefwd|g' \
	-e 's|/usr/libexec/mefw/|$(LIBEXECDIR)/mefw/|g'

# mk/daemon.mk builds $(B)/bin/mefwd and its image checker
# $(B)/bin/mefwd-verify (mefwd runs it from $(LIBEXECDIR)/mefw)
MEFW_INSTALL_BINS = $(B)/bin/mefwctl $(B)/bin/mefwctl-info.so $(B)/bin/mefwd \
	$(B)/bin/mefwd-verify

.PHONY: install uninstall install-userspace install-module install-dkms-src \
	uninstall-userspace uninstall-module uninstall-dkms-src install-bins \
	deb install-check

install: install-userspace install-module

uninstall: uninstall-userspace uninstall-module

# what debian/rules builds: the installed programs only
install-bins: $(MEFW_INSTALL_BINS)

# A missing source stops the install with one line naming it.
install-userspace: $(MEFW_INSTALL_BINS)
	@set -e; for f in $(MEFW_INSTALL_FILES); do \
		mode=$${f%%:*}; rest=$${f#*:}; src=$${rest%%:*}; dst=$(DESTDIR)$${rest#*:}; \
		[ -e "$$src" ] || { echo "install: $$src is missing (make first)" >&2; exit 1; }; \
		echo "  INSTALL $$dst"; \
		install -d -m 0755 "$${dst%/*}"; \
		case "$$src" in \
		systemd/*|daemon/dbus/*.service) sed $(MEFW_PATH_SED) "$$src" > "$$dst.tmp" && \
			chmod $$mode "$$dst.tmp" && mv -f "$$dst.tmp" "$$dst" ;; \
		*) install -m $$mode "$$src" "$$dst" ;; \
		esac; \
	done
	install -d -m 0755 $(DESTDIR)$(dir $(MEFW_WANTS_LINK))
	ln -sfn ../mefw-offline-update.service $(DESTDIR)$(MEFW_WANTS_LINK)
	@if [ -z "$(DESTDIR)" ]; then \
		systemctl daemon-reload 2>/dev/null || true; \
		udevadm control --reload 2>/dev/null || true; \
	fi

uninstall-userspace:
	@for f in $(MEFW_INSTALL_FILES); do \
		rest=$${f#*:}; dst=$(DESTDIR)$${rest#*:}; \
		if [ -e "$$dst" ]; then echo "  RM $$dst"; rm -f "$$dst"; fi; \
	done
	rm -f $(DESTDIR)$(MEFW_WANTS_LINK)
	-rmdir $(DESTDIR)$(LIBEXECDIR)/mefw $(DESTDIR)$(dir $(MEFW_WANTS_LINK)) 2>/dev/null
	@if [ -z "$(DESTDIR)" ]; then \
		systemctl daemon-reload 2>/dev/null || true; \
		udevadm control --reload 2>/dev/null || true; \
	fi

# distribution headers carry no signing key: don't try to sign (kbuild
# would print SSL errors and install the module unsigned anyway)
MEFW_NO_SIGN = $(if $(wildcard $(KDIR)/certs/signing_key.pem),,CONFIG_MODULE_SIG_ALL=)

# mefw.ko only (never the simulator), built for $(KVER) with kbuild and
# installed by kbuild's modules_install into
# $(DESTDIR)/lib/modules/$(KVER)/updates/
install-module:
	@test -d "$(KDIR)" || { echo "install-module: no kernel headers in '$(KDIR)' (set KVER= or KDIR=)" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel modules
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates $(MEFW_NO_SIGN) modules_install
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

uninstall-module:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/updates/mefw.ko
	-rmdir $(DESTDIR)/lib/modules/$(KVER)/updates 2>/dev/null
	@if [ -z "$(DESTDIR)" ] && [ -d /lib/modules/$(KVER) ]; then depmod -a $(KVER); fi

# /usr/src/mefw-VERSION: dkms.conf + the module's sources, for
# `dkms install mefw/VERSION` (and the mefw-dkms package)
install-dkms-src:
	@set -e; for f in dkms.conf $(MEFW_KSRCS); do \
		echo "  INSTALL $(MEFW_DKMS_DIR)/$$f"; \
		install -D -m 0644 $$f $(MEFW_DKMS_DIR)/$$f; \
	done

uninstall-dkms-src:
	rm -rf $(MEFW_DKMS_DIR)

# Debian packages from a clean copy of the source (tracked and new files,
# not the ignored build products): build/deb/mefw_VERSION_ARCH.deb and
# build/deb/mefw-dkms_VERSION_all.deb
MEFW_DEB_DIR := $(B)/deb
deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || \
		{ echo "deb: needs dpkg-dev and debhelper (make deps)" >&2; exit 1; }
	rm -rf $(MEFW_DEB_DIR) && mkdir -p $(MEFW_DEB_DIR)/mefw-$(MEFW_VERSION)
	if git rev-parse --git-dir >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
		xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
		tar --null -T - -cf - | tar -xf - -C $(MEFW_DEB_DIR)/mefw-$(MEFW_VERSION); \
	else \
		tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C $(MEFW_DEB_DIR)/mefw-$(MEFW_VERSION); \
	fi
	cd $(MEFW_DEB_DIR)/mefw-$(MEFW_VERSION) && dpkg-buildpackage -us -uc -b
	@ls -1 $(MEFW_DEB_DIR)/*.deb

# host-side tests of all of the above (tests/install/); part of
# `make check`
install-check: install-bins
	MEFW_VERSION=$(MEFW_VERSION) KVER=$(KVER) KDIR=$(KDIR) sh tests/install/run.sh
