#!/usr/bin/env bash
# What the cli stage's scripts share. Sourced, never run, after setting wp_dir, socket and db.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export WP_CLI_ALLOW_ROOT=1
passed=0 failed=0

sql() { mariadb --socket="$socket" -uroot -N -B "$db" -e "$1"; }
check() { # check DESCRIPTION COMMAND...
	local what="$1"
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "  ok   $what"
	else
		failed=$((failed + 1))
		echo "  FAIL $what"
	fi
}
