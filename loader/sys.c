// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel seam (see sys.h): every dangerous syscall lives here. */
#include "loader/sys.h"
#include "loader/bootparam.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

int sys_finit_module(int fd, const char *params, int flags)
{
	if (syscall(SYS_finit_module, fd, params ? params : "", flags) < 0)
		return -errno;
	return 0;
}

int sys_reboot(enum sys_reboot_cmd cmd)
{
	int how;

	switch (cmd) {
	case SYS_REBOOT_RESTART:
		how = RB_AUTOBOOT;
		break;
	case SYS_REBOOT_POWER_OFF:
		how = RB_POWER_OFF;
		break;
	case SYS_REBOOT_KEXEC:
		how = RB_KEXEC;
		break;
	default:
		return -EINVAL;
	}
	sync();
	reboot(how);
	return -errno;
}

int sys_kexec_load(const struct kexec_plan *plan, bool crash)
{
	struct kexec_segment segs[KEXEC_PLAN_MAX_SEGMENTS];
	unsigned long flags = KEXEC_ARCH_X86_64 | (crash ? KEXEC_ON_CRASH : 0);

	if (plan->nr_segments > KEXEC_PLAN_MAX_SEGMENTS)
		return -E2BIG;
	for (size_t i = 0; i < plan->nr_segments; i++) {
		segs[i].buf = plan->seg[i].buf;
		segs[i].bufsz = plan->seg[i].bufsz;
		segs[i].mem = (const void *)(uintptr_t)plan->seg[i].mem;
		segs[i].memsz = plan->seg[i].memsz;
	}
	if (syscall(SYS_kexec_load, plan->entry, plan->nr_segments, segs, flags) < 0)
		return -errno;
	return 0;
}

int sys_kexec_file_load(int kernel_fd, int initrd_fd, const char *cmdline, bool crash)
{
	unsigned long flags = crash ? KEXEC_FILE_ON_CRASH : 0;

	if (initrd_fd < 0)
		flags |= KEXEC_FILE_NO_INITRAMFS;
	/* cmdline_len counts the NUL, which the kernel insists on. */
	if (syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, strlen(cmdline) + 1, cmdline,
		    flags) < 0)
		return -errno;
	return 0;
}

int sys_kexec_unload(bool crash)
{
	int r_file = 0, r_load = 0;

	/* Either interface may have loaded the image; unloading through both is harmless. */
	if (syscall(SYS_kexec_file_load, -1, -1, 0, NULL,
		    KEXEC_FILE_UNLOAD | (crash ? KEXEC_FILE_ON_CRASH : 0)) < 0)
		r_file = -errno;
	if (syscall(SYS_kexec_load, 0, 0, NULL,
		    KEXEC_ARCH_X86_64 | (crash ? KEXEC_ON_CRASH : 0)) < 0)
		r_load = -errno;
	if (r_file == 0 || r_load == 0)
		return 0;
	return r_load;
}

bool sys_kexec_wants_file_load(const char *root, const char **why)
{
	_cleanup_free_ char *lpath = path_join(root, "/sys/kernel/security/lockdown");
	_cleanup_free_ char *bpath = path_join(root, "/sys/kernel/boot_params/data");
	_cleanup_free_ char *text = NULL, *bp = NULL;
	size_t len;

	if (lpath && file_read_at(AT_FDCWD, lpath, 256, &text, NULL) == 0 &&
	    !strstr(text, "[none]") && strchr(text, '[')) {
		*why = "the kernel is locked down: kexec_load is refused, kexec_file_load verifies the image";
		return true;
	}
	if (bpath && file_read_at(AT_FDCWD, bpath, BP_SIZE, &bp, &len) == 0 && len == BP_SIZE &&
	    (uint8_t)bp[BP_SECURE_BOOT] == 3) {
		*why = "UEFI Secure Boot is on: kexec signatures are enforced";
		return true;
	}
	*why = "no lockdown and no signature enforcement: kexec_load with kexboot's purgatory";
	return false;
}

const char *sys_kexec_strerror(int neg_errno, bool file_load)
{
	switch (-neg_errno) {
	case EBUSY:
		return "a kexec image is already loaded; unload it with -u";
	case EPERM:
		return file_load ? "not permitted (needs CAP_SYS_BOOT; or kexec is disabled by sysctl kernel.kexec_load_disabled)"
				 : "not permitted (needs CAP_SYS_BOOT; the kernel may be locked down: try -s)";
	case ENOSYS:
		return file_load ? "this kernel has no kexec_file_load (CONFIG_KEXEC_FILE off)"
				 : "this kernel has no kexec_load (CONFIG_KEXEC off)";
	case EKEYREJECTED:
	case ENOKEY:
	case EBADMSG:
		return "the kernel refused the image's signature";
	case ENOEXEC:
		return "the kernel does not recognise this image";
	case EADDRNOTAVAIL:
		return "a segment lies where the kernel cannot put it";
	case ENOMEM:
		return "the kernel could not reserve memory for the image (crash kernel region too small?)";
	case EINVAL:
		return "the kernel rejected the request as invalid (command line too long for the image?)";
	case ETXTBSY:
		return "a file passed to the kernel is open for writing somewhere";
	case ENOENT:
		return "nothing is loaded";
	default:
		return strerror(-neg_errno);
	}
}
