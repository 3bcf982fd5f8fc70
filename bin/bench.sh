#!/usr/bin/env bash
# npm run bench: the bulk membership engine against version 1.3's one pair at a time.
#
#   npm run bench                 both scenarios (small, then large)
#   npm run bench -- small        2,000 users × 20 sites: 1.3's loop and the engine, timed in full
#   npm run bench -- large        10,000 users × 100 sites: the engine; 1.3's loop on a sample
#   npm run bench -- jobs         the large network synced through the jobs' REST batches over HTTP
#
# Provisions its own MariaDB (port WPMUS_BENCH_DB_PORT, default 3420) and WordPress 7.1
# instance (.wp-env/bench/, freshly installed on every run), so neither the demo network
# nor a test run is touched. Prints figures and PASS/MISS against the targets; it exits
# non-zero only when something breaks, never because a target was missed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

for scenario in "$@"; do
	case "$scenario" in
		small | large | jobs) ;;
		*) die "Unknown scenario '$scenario'. Usage: npm run bench [-- small|large|jobs ...]" ;;
	esac
done

db_port="${WPMUS_BENCH_DB_PORT:-3420}"
# Served for the jobs scenario; otherwise it only names the network's domain in wp-config.php.
web_port="${WPMUS_BENCH_PORT:-8920}"
# Generous enough that a memory-hungry run shows up as a figure rather than a crash;
# the engine's own target (64 MB) is reported against the measured peak.
memory_limit="${WPMUS_BENCH_MEMORY_LIMIT:-256M}"

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop_services
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_server_prerequisites
require_free_port "$db_port" "wanted by the benchmark's database" WPMUS_BENCH_DB_PORT "run bench"
db_start bench "$db_port" "run bench"
wp_prepare bench 7.1 "$web_port" wpmus_bench
say "Installing a fresh network in the 'bench' instance..."
wp_install_network bench wpmus_bench
: >"$WPMUS_ENV_DIR/bench/debug.log"

say "WordPress $(wp_version), PHP $(php -r 'echo PHP_VERSION;'), memory_limit $memory_limit"
# The database server's process, so each run can report the CPU time the server spent on it.
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(small large jobs)
engine_scenarios=()
jobs=no
for scenario in "${scenarios[@]}"; do
	if [ "$scenario" = jobs ]; then jobs=yes; else engine_scenarios+=("$scenario"); fi
done
# The jobs scenario runs on the network that the large one builds.
if [ "$jobs" = yes ] && [[ " ${engine_scenarios[*]:-} " != *" large "* ]]; then
	engine_scenarios+=(large)
fi
WPMUS_BENCH_DB_PID="$DB_PID" php -d memory_limit="$memory_limit" "$WPMUS_ROOT/bin/bench.php" "$WP_DIR" "${engine_scenarios[@]}"

if [ "$jobs" = yes ]; then
	# The peak memory of each batch comes in a header that only this instance adds (bin/mu-plugins/bench/).
	cp "$WPMUS_ROOT"/bin/mu-plugins/bench/*.php "$WP_DIR/wp-content/mu-plugins/"
	serve "$web_port" WPMUS_BENCH_PORT "run bench"
	php "$WPMUS_ROOT/bin/bench-jobs.php" "$WP_DIR" "http://localhost:$web_port"
fi

problems=$(php_log_problems "$WPMUS_ENV_DIR/bench/debug.log")
if [ -n "$problems" ]; then
	say "PHP logged notices, warnings or errors during the benchmark ($WPMUS_ENV_DIR/bench/debug.log):"
	head -n 20 <<<"$problems"
fi
