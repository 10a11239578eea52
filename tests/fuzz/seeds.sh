# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/fuzz/replay.sh and campaign.sh (from the top of the tree).
# fuzz_seeds NAME: prints the directory holding fuzz-NAME's seeds: the
# committed tests/fuzz/corpus/NAME/, or, for targets whose seeds are binary,
# build/fuzz/seeds/NAME/ written afresh by tests/fuzz/NAME-seeds.py (log in
# build/fuzz/NAME.seeds.log) plus the regression inputs committed in
# tests/fuzz/corpus/NAME/ if any. Fails when the generator does.
fuzz_seeds() {
	if [ -f "tests/fuzz/$1-seeds.py" ]; then
		rm -rf "build/fuzz/seeds/$1"
		python3 "tests/fuzz/$1-seeds.py" "build/fuzz/seeds/$1" >"build/fuzz/$1.seeds.log" 2>&1 || return 1
		if [ -d "tests/fuzz/corpus/$1" ]; then
			cp "tests/fuzz/corpus/$1"/* "build/fuzz/seeds/$1"/ || return 1
		fi
		echo "build/fuzz/seeds/$1"
	else
		echo "tests/fuzz/corpus/$1"
	fi
}
