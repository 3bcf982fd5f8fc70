#!/usr/bin/env bash
# npm run bench: the bulk membership engine against version 1.3's one pair at a time and
# against the set-based floor, and what the triggers cost on a wide network.
#
#   npm run bench                 small, large and jobs (the default)
#   npm run bench -- small        2,000 users × 20 sites: 1.3's loop and the engine, timed in full
#   npm run bench -- large        10,000 users × 100 sites: the engine and the set-based floor; 1.3's loop on a sample
#   npm run bench -- jobs         the large network synced through the jobs' REST batches over HTTP
#   npm run bench -- 10m          10,000 users × 1,000 sites (10,000,000 memberships): the engine and the floor
#   npm run bench -- wide         10,000 sites, 100,000 users: creating a user, creating a site and a role
#                                 change with the plugin's trigger off and on, until complete
#   npm run bench -- wide --rebuild   builds the kept networks named (wide, 10m) anew
#
# small, large and jobs get their own MariaDB (port WPMUS_BENCH_DB_PORT, default 3420) and
# WordPress 7.1 instance (.wp-env/bench/, freshly installed on every run). 10m and wide are
# opt-in and keep their networks between runs, since building them takes minutes: each has
# an instance (.wp-env/bench-10m/, .wp-env/bench-wide/) and a MariaDB data directory
# (.wp-env/bench-10m-db/, .wp-env/bench-wide-db/) of its own, served on the same port one
# after the other. So neither the demo network nor a test run is touched. Prints figures and
# PASS/MISS against the targets; it exits non-zero only when something breaks (a run fails,
# or a check finds the wrong rows), never because a target was missed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

fresh=()
kept=()
rebuild=no
for scenario in "$@"; do
	case "$scenario" in
		small | large | jobs) fresh+=("$scenario") ;;
		10m | wide) kept+=("$scenario") ;;
		--rebuild) rebuild=yes ;;
		*) die "Unknown scenario '$scenario'. Usage: npm run bench [-- small|large|jobs|10m|wide ... [--rebuild]]" ;;
	esac
done
[ ${#fresh[@]} -eq 0 ] && [ ${#kept[@]} -eq 0 ] && fresh=(small large jobs)

db_port="${WPMUS_BENCH_DB_PORT:-3420}"
# Served for the jobs scenario; otherwise it only names the network's domain in wp-config.php.
web_port="${WPMUS_BENCH_PORT:-8920}"
# Generous enough that a memory-hungry run shows up as a figure rather than a crash;
# the engine's own target (64 MB) is reported against the measured peak.
memory_limit="${WPMUS_BENCH_MEMORY_LIMIT:-256M}"
# The same for the wide scenario, where a trigger's request today takes hundreds of MB.
wide_memory_limit="${WPMUS_BENCH_WIDE_MEMORY_LIMIT:-2048M}"

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop_services
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

versions() {
	say "WordPress $(wp_version), PHP $(php -r 'echo PHP_VERSION;'), MariaDB $(db_query 'SELECT VERSION()'), memory_limit $1"
}

report_log_problems() {
	local problems
	problems=$(php_log_problems "$1")
	if [ -n "$problems" ]; then
		say "PHP logged notices, warnings or errors during the benchmark ($1):"
		head -n 20 <<<"$problems"
	fi
}

ensure_server_prerequisites
require_free_port "$db_port" "wanted by the benchmark's database" WPMUS_BENCH_DB_PORT "run bench"

if [ ${#fresh[@]} -gt 0 ]; then
	db_start bench "$db_port" "run bench"
	wp_prepare bench 7.1 "$web_port" wpmus_bench
	say "Installing a fresh network in the 'bench' instance..."
	wp_install_network bench wpmus_bench
	: >"$WPMUS_ENV_DIR/bench/debug.log"
	versions "$memory_limit"

	engine_scenarios=()
	jobs=no
	for scenario in "${fresh[@]}"; do
		if [ "$scenario" = jobs ]; then jobs=yes; else engine_scenarios+=("$scenario"); fi
	done
	# The jobs scenario runs on the network that the large one builds.
	if [ "$jobs" = yes ] && [[ " ${engine_scenarios[*]:-} " != *" large "* ]]; then
		engine_scenarios+=(large)
	fi
	# The database server's process, so each run can report the CPU time the server spent on it.
	WPMUS_BENCH_DB_PID="$DB_PID" php -d memory_limit="$memory_limit" "$WPMUS_ROOT/bin/bench.php" "$WP_DIR" "${engine_scenarios[@]}"

	if [ "$jobs" = yes ]; then
		# The peak memory of each batch comes in a header that only this instance adds (bin/mu-plugins/bench/).
		cp "$WPMUS_ROOT"/bin/mu-plugins/bench/*.php "$WP_DIR/wp-content/mu-plugins/"
		serve "$web_port" WPMUS_BENCH_PORT "run bench"
		php "$WPMUS_ROOT/bin/bench-jobs.php" "$WP_DIR" "http://localhost:$web_port"
	fi
	report_log_problems "$WPMUS_ENV_DIR/bench/debug.log"
	stop_services
fi

failed=no
for scenario in "${kept[@]}"; do
	name="bench-$scenario"
	db_name="wpmus_bench_$scenario"
	db_start "$name" "$db_port" "run bench"
	wp_prepare "$name" 7.1 "$web_port" "$db_name"
	if [ "$rebuild" = yes ] || ! wp_is_installed "$db_name"; then
		say "Installing a new network in the '$name' instance (kept for later runs; -- $scenario --rebuild builds it anew)..."
		wp_install_network "$name" "$db_name"
	else
		domain=$(db_query "SELECT domain FROM \`$db_name\`.wp_site LIMIT 1")
		[ "$domain" = "localhost:$web_port" ] ||
			die "The kept '$scenario' network was built for $domain: run with WPMUS_BENCH_PORT=${domain##*:}, or add --rebuild."
		say "Reusing the network of the '$name' instance (-- $scenario --rebuild builds it anew)."
	fi
	: >"$WPMUS_ENV_DIR/$name/debug.log"
	if [ "$scenario" = wide ]; then
		versions "$wide_memory_limit"
		WPMUS_BENCH_DB_PID="$DB_PID" php -d memory_limit="$wide_memory_limit" "$WPMUS_ROOT/bin/bench-wide.php" "$WP_DIR" || failed=yes
	else
		versions "$memory_limit"
		WPMUS_BENCH_DB_PID="$DB_PID" php -d memory_limit="$memory_limit" "$WPMUS_ROOT/bin/bench.php" "$WP_DIR" "$scenario" || failed=yes
	fi
	say "Disk used by the kept '$scenario' network: $(du -sh "$WPMUS_ENV_DIR/$name-db/data/$db_name" | cut -f1) (database), $(du -sh "$WPMUS_ENV_DIR/$name-db" | cut -f1) (MariaDB data directory in all)."
	report_log_problems "$WPMUS_ENV_DIR/$name/debug.log"
	stop_services
done
[ "$failed" = no ] || die "The benchmark failed (see above)."
