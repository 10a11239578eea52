// SPDX-License-Identifier: GPL-2.0-or-later
/* Which kexec interface to use, and what its errors mean (see policy.h). */
#include "loader/policy.h"
#include "loader/loader.h"

#include <errno.h>
#include <string.h>

bool kexec_wants_file_load(const struct machine_state *ms, const char **why)
{
	if (!strstr(ms->lockdown, "[none]") && strchr(ms->lockdown, '[')) {
		*why = "the kernel is locked down: kexec_load is refused, kexec_file_load verifies the image";
		return true;
	}
	if (ms->secure_boot) {
		*why = "UEFI Secure Boot is on: kexec signatures are enforced";
		return true;
	}
	*why = "no lockdown and no signature enforcement: kexec_load with kexboot's purgatory";
	return false;
}

const char *kexec_strerror(int neg_errno, bool file_load)
{
	switch (-neg_errno) {
	case EBUSY:
		return "the kernel is busy with another kexec load or unload; try again";
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
		return "out of memory: the kernel could not allocate memory for the image (a crash kernel: its crashkernel= "
		       "region may be too small)";
	case EINVAL:
		/* 6.1 kernel/kexec_core.c sanity_check_segment_list(): segments over half the RAM are EINVAL too. */
		return "the kernel rejected the request as invalid (an image over half of the memory, or a command line "
		       "too long for it?)";
	case ETXTBSY:
		return "a file passed to the kernel is open for writing somewhere";
	case ENOENT:
		return "nothing is loaded";
	default:
		return strerror(-neg_errno);
	}
}

const char *kexec_lockdown_refusal(const struct machine_state *ms)
{
	if (strstr(ms->lockdown, "[integrity]"))
		return "refused: the kernel is locked down (integrity): kexec_load is not allowed, only kexec_file_load "
		       "of a kernel it can verify";
	if (strstr(ms->lockdown, "[confidentiality]"))
		return "refused: the kernel is locked down (confidentiality): kexec_load is not allowed, only "
		       "kexec_file_load of a kernel it can verify";
	return NULL;
}

const char *kexec_lockdown_file_refusal(const struct machine_state *ms)
{
	if (!kexec_lockdown_refusal(ms))
		return NULL;
	return "refused: the kernel is locked down and could not verify the kernel image's signature against its "
	       "keys";
}

const char *kexec_fallback_why(void)
{
	return "kexec_load was refused (not permitted): the kernel may only take images it verifies, through "
	       "kexec_file_load";
}

const char *kexec_iface_name(bool file_load)
{
	return file_load ? "kexec_file_load" : "kexec_load";
}

const char *kexec_cli_policy(int trust_policy, bool loads, bool dry_run, bool *ret_refuse)
{
	*ret_refuse = false;
	if (!loads || dry_run || trust_policy <= 0)
		return NULL;
	if (trust_policy == 1)
		return "policy warn: this loader neither verifies nor measures what it loads (the boot menu does)";
	*ret_refuse = true;
	return "refused by policy enforce: this loader neither verifies nor measures what it loads; "
	       "boot through the menu (kexboot boot), which does";
}
