# SPDX-License-Identifier: GPL-2.0-or-later
# purgatory/: freestanding code with its own flags, embedded into build/kexboot.
