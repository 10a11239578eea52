# SPDX-License-Identifier: GPL-2.0-or-later
# tests/: the unit-test programs are declared by each folder's fragment; this
# fragment only holds test-wide pieces.
