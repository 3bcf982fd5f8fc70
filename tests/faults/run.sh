#!/usr/bin/env bash
# The faults stage: real PHP processes against a real MariaDB and a real multisite, racing each
# other, killed mid-batch, losing their database; after each scenario, SQL checks that every
# membership exists exactly once and that jobs report what they wrote.
#
#   tests/faults/run.sh <db port> <web port>      (bin/test.sh faults runs it)
#   WPMUS_FAULTS_SCENARIOS="3 5" bash bin/test.sh faults    only some scenarios
#
# Scenarios (issue 7):
#   1  four processes sync the same site at the same moment (two through the engine, as the
#      new-site trigger does, two as site jobs), three times
#   2  users (wpmu_create_user, wp_insert_user, POST /wp/v2/users) and sites (wp_insert_site)
#      created while a network job runs, with the new-user and new-site triggers on
#   3  one membership read of a job really fails in MariaDB
#   4  a step killed (kill -9) right after its membership INSERT, then the job resumed
#   5  a site of the block being worked on archived mid-job
#   6  the database killed (kill -9) mid-step, restarted, the job resumed
#
# The stage runs its own MariaDB server (it kills it), in the data dir of the test stages, and
# its own WordPress in .wp-env/test-faults; it stops all it started. Markers, logs and the
# fault log are in artifacts/test/faults/. The network: 3,500 accounts written with SQL and
# 12 sites (the demo network's 4 and 8 more), so that a job takes several steps of 0.2 s.
set -uo pipefail
source "$(dirname "$0")/../../bin/lib.sh"

db_port="$1" port="$2"
here="$WPMUS_ROOT/tests/faults"
work="$WPMUS_ROOT/artifacts/test/faults"
scenarios="${WPMUS_FAULTS_SCENARIOS:-1 2 3 4 5 6}"
users=3500 sites=12
passed=0 failed=0
failures=()

finish() {
	local status=$?
	trap - EXIT INT TERM
	local pid
	# The database and the web server stop cleanly; then the script's own background jobs that
	# still run (only those: a finished one's PID may belong to anyone now).
	stop_services
	for pid in $(jobs -p); do
		pkill -9 -P "$pid" 2>/dev/null
		kill -9 "$pid" 2>/dev/null
	done
	exit $status
}
trap finish EXIT
trap 'exit 130' INT TERM

rm -rf "$work" && mkdir -p "$work"
export WPMUS_FAULTS_DIR="$work"

drv() { php -d memory_limit=256M "$here/driver.php" "$@"; }

# Counts the "  ok" and "  FAIL" lines of a check and prints them.
record() {
	local line
	while IFS= read -r line; do
		case "$line" in
		'  ok '*) passed=$((passed + 1)) ;;
		'  FAIL '*) failed=$((failed + 1)) && failures+=("$line") ;;
		esac
		echo "$line"
	done <<<"$1"
}
ok() { record "  ok   $1"; }
fail() { record "  FAIL $1"; }

# verify LABEL [check options]: the SQL checks of tests/faults/driver.php, then the PHP log:
# nothing may have logged a notice, a warning or a database error since the last verify, but
# what the scenario's own fault causes (the pattern in $expected_errors).
verify() {
	local out entries
	out=$(drv check "$@" 2>&1) || out+=$'\n'"  FAIL $1: the check itself did not run (above)"
	record "$out"
	# One entry per line that starts with a date.
	entries=$(php_log_problems "$debug_log" | grep -aE '^\[' | grep -avE "${expected_errors:-^$}" || true)
	if [ -z "$entries" ]; then
		ok "$1: nothing logged a PHP notice, warning or database error"
	else
		cp "$debug_log" "$work/debug-${1//[^a-z0-9]/-}.log"
		fail "$1: $(wc -l <<<"$entries") PHP notices, warnings or database errors were logged (artifacts/test/faults/debug-${1//[^a-z0-9]/-}.log), the first: $(head -n 1 <<<"$entries" | cut -c 27-320)"
	fi
	: >"$debug_log"
}

# Waits until every given file exists, for at most SECONDS; false when one is still missing.
wait_for_files() {
	local limit="$1" end file
	shift
	end=$((SECONDS + limit))
	for file in "$@"; do
		while [ ! -e "$file" ]; do
			[ $SECONDS -ge $end ] && return 1
			sleep 0.05
		done
	done
}

# Waits until a file matching a glob exists, for at most SECONDS; prints its name.
wait_for_glob() {
	local limit="$1" pattern="$2" end found
	end=$((SECONDS + limit))
	while [ $SECONDS -lt $end ]; do
		for found in $pattern; do
			[ -e "$found" ] && echo "$found" && return 0
		done
		sleep 0.05
	done
	return 1
}

# Waits for background processes to end, for at most SECONDS in all; leaves them running after that.
await_quietly() {
	local limit="$1" end pid
	shift
	end=$((SECONDS + limit))
	for pid in "$@"; do
		while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do
			sleep 0.1
		done
	done
}

# Waits for background processes, for at most SECONDS in all; kills (and names) any still running.
await() {
	local limit="$1" end pid
	shift
	end=$((SECONDS + limit))
	for pid in "$@"; do
		while kill -0 "$pid" 2>/dev/null; do
			if [ $SECONDS -ge $end ]; then
				echo "   process $pid still ran after ${limit} s: killed"
				kill -9 "$pid" 2>/dev/null
				break
			fi
			sleep 0.1
		done
		{ wait "$pid"; } 2>/dev/null
	done
}

# Starts a driver command in the background (PHP itself, so that its PID is the process to
# kill), its output in artifacts/test/faults/LOG.log; sets LAST to its PID.
spawn() {
	local log="$1"
	shift
	php -d memory_limit=256M "$here/driver.php" "$@" >"$work/$log.log" 2>&1 &
	LAST=$!
}

show() { sed 's/^/   | /' "$@"; }

# Creates users through core's REST API, as an HTTP client would, until MAX or until FILE exists.
rest_users() {
	local tag="$1" max="$2" until="$3" made=0 code
	while [ $made -lt "$max" ] && [ ! -e "$until" ]; do
		code=$(curl -s -o "$work/rest-$tag.json" -w '%{http_code}' --max-time 60 -u "admin:$app_password" \
			-H 'Content-Type: application/json' \
			-d "{\"username\":\"rest${tag}u${made}\",\"email\":\"rest${tag}u${made}@example.com\",\"password\":\"password\"}" \
			"http://localhost:$port/wp-json/wp/v2/users")
		if [ "$code" != 201 ]; then
			echo "POST /wp/v2/users answered $code: $(head -c 400 "$work/rest-$tag.json")"
			return 1
		fi
		made=$((made + 1))
	done
	echo "created $made users with POST /wp/v2/users"
}

# ── The network ────────────────────────────────────────────────────────────────────────────
started=$SECONDS
db_start test "$db_port" test
wp_prepare test-faults 7.1 "$port" wpmus_test_faults
wp_install_network test-faults wpmus_test_faults
cp "$here/wpmus-faults.php" "$WP_DIR/wp-content/mu-plugins/"
export WPMUS_WP_DIR="$WP_DIR"
debug_log="$WPMUS_ENV_DIR/test-faults/debug.log"
app_password=$(drv setup "$users" "$sites") || die "Could not set up the faults network."
serve "$port" WPMUS_TEST_PORT test
say "Faults network ready in $((SECONDS - started)) s; scenarios: $scenarios"

# ── 1. Concurrent writers on one site ──────────────────────────────────────────────────────
scenario_1() {
	echo "scenario 1: four processes sync the same site at the same moment (three times)"
	local run site pids i
	for run in 1 2 3; do
		site=1
		[ $run -gt 1 ] && site=6
		drv reset || die "Could not reset the faults network."
		rm -f "$work"/ready-* "$work/go"
		pids=()
		for i in 1 2; do
			spawn "s1-run$run-engine$i" engine-site "$site" --ready="$work/ready-e$i" --go="$work/go"
			pids+=("$LAST")
			spawn "s1-run$run-job$i" site-job "$site" --ready="$work/ready-j$i" --go="$work/go"
			pids+=("$LAST")
		done
		if ! wait_for_files 60 "$work"/ready-{e1,e2,j1,j2}; then
			fail "scenario 1 (run $run): the four processes were not ready within 60 s"
			await 1 "${pids[@]}"
			continue
		fi
		touch "$work/go"
		await 120 "${pids[@]}"
		cat "$work"/s1-run$run-*.log | show
		verify "scenario 1 (run $run, site $site)" --sites="$site"
	done
}

# ── 2. Users and sites created while a network job runs ────────────────────────────────────
# Creates accounts one process at a time (a process per account, as requests are), with HOW
# (wpmu or insert), until MAX or until FILE exists.
user_processes() {
	local how="$1" max="$2" until="$3" made=0
	while [ $made -lt "$max" ] && [ ! -e "$until" ]; do
		drv make-users "$how" 1 >/dev/null || return 1
		made=$((made + 1))
	done
	echo "created $made users with $how ($made processes)"
}

scenario_2() {
	echo "scenario 2: users and sites created while a network job runs (new-user and new-site triggers on)"
	local job pids=() held paused
	drv reset || die "Could not reset the faults network."
	drv settings newUserSync=on newSiteSync=on || die "Could not switch the triggers on."
	job=$(drv job-new network) || { fail "scenario 2: could not create and preview a network job"; return; }
	rm -f "$work"/paused-* "$work/resume" "$work/done"
	: >"$work/faults.log"
	# The job's batch is held right after its second block of memberships is written: it has read
	# who is a member and who has a primary site, and will write the rest of its block of sites.
	WPMUS_FAULT=pause-after-insert:2 spawn s2-job job-step "$job" 30
	held=$LAST
	if ! paused=$(wait_for_glob 60 "$work/paused-*"); then
		fail "scenario 2: the job never reached its second membership INSERT"
		show "$work/s2-job.log" "$work/faults.log"
		await 1 "$held"
		return
	fi
	echo "   the job's batch (pid ${paused##*/paused-}) is held between two blocks; creating users and sites meanwhile"
	spawn s2-sites make-sites 2
	pids+=("$LAST")
	user_processes wpmu 4 "$work/done" >"$work/s2-wpmu.log" 2>&1 &
	pids+=("$!")
	user_processes insert 4 "$work/done" >"$work/s2-insert.log" 2>&1 &
	pids+=("$!")
	rest_users 1 4 "$work/done" >"$work/s2-rest.log" 2>&1 &
	pids+=("$!")
	# Should they wait for the held batch (a lock), it goes on after 20 s and they finish after it.
	await_quietly 20 "${pids[@]}"
	touch "$work/resume"
	await 120 "$held" "${pids[@]}"
	# Whatever the batch left, the job finishes in batches as long as the Actions screen's (1.5 s).
	drv job-run "$job" 1.5 --max=120 >"$work/s2-rest-of-job.log" 2>&1
	cat "$work"/s2-*.log | show
	# A new site's sync may have left the rest to WP-Cron: run what is pending before counting. Its
	# event may have been lost meanwhile (a concurrent request saved the cron option it had read
	# before): the plugin's watch, one of the events run here, gives it back.
	drv settle
	verify "scenario 2"
}

# ── 3. A read failing mid-batch ────────────────────────────────────────────────────────────
scenario_3() {
	echo "scenario 3: one membership read of a running job fails in MariaDB"
	local job base
	drv reset || die "Could not reset the faults network."
	# Two thirds of the accounts are members already: a read that comes back empty would make them look missing.
	drv prefill 3 || die "Could not write the existing memberships."
	job=$(drv job-new network) || { fail "scenario 3: could not create and preview a network job"; return; }
	base=$(drv rows)
	: >"$work/faults.log"
	# Batches as long as the Actions screen's (1.5 s): the failed read is in a batch of several blocks.
	WPMUS_FAULT=fail-read:1 drv job-run "$job" 1.5 --max=150 2>&1 | show
	show "$work/faults.log"
	if grep -q 'fail-read answered: error' "$work/faults.log"; then
		ok "scenario 3: a membership read of the job failed in MariaDB ($(grep -o 'error: .*' "$work/faults.log" | head -n 1))"
	else
		fail "scenario 3: no membership read failed (the fault matched no query, or MariaDB answered it): the scenario tested nothing"
	fi
	verify "scenario 3" --job="$job" --baseline="$base" --previewed --may-fail
	# Whether the job retried or failed, a new job must complete the network, exactly once.
	job=$(drv job-new network) || { fail "scenario 3: could not create and preview a second network job"; return; }
	base=$(drv rows)
	drv job-run "$job" 0.2 --max=150 2>&1 | show
	verify "scenario 3 (a new job afterwards)" --job="$job" --baseline="$base" --previewed
}

# Starts a network job and does one block of it, then steps it in the background with a fault
# that holds the process right after its next membership INSERT. Sets JOB, BASE and STEPPER.
start_held_step() {
	local label="$1" paused
	JOB=$(drv job-new network) || return 1
	BASE=$(drv rows)
	drv job-step "$JOB" 0 | show
	rm -f "$work"/paused-* "$work/resume"
	: >"$work/faults.log"
	WPMUS_FAULT=pause-after-insert:1 spawn "$label-step" job-step "$JOB" 30
	STEPPER=$LAST
	if ! paused=$(wait_for_glob 60 "$work/paused-*"); then
		show "$work/$label-step.log" "$work/faults.log"
		return 1
	fi
	# The process that is held names itself: that is the one to kill.
	STEPPER="${paused##*/paused-}"
	echo "   step (pid $STEPPER) held right after its membership INSERT, before: $(cat "$paused")"
}

# ── 4. A step killed mid-batch, then resumed ───────────────────────────────────────────────
scenario_4() {
	echo "scenario 4: a step killed (kill -9) right after its membership INSERT, then the job resumed"
	drv reset || die "Could not reset the faults network."
	if ! start_held_step s4; then
		fail "scenario 4: the step never reached a membership INSERT"
		return
	fi
	disown "$STEPPER" 2>/dev/null
	kill -9 "$STEPPER"
	await 10 "$STEPPER"
	ok "scenario 4: the step was killed between its INSERT and what follows"
	drv job-run "$JOB" 0.2 --max=150 2>&1 | show
	verify "scenario 4" --job="$JOB" --baseline="$BASE" --previewed
}

# ── 5. A site archived mid-job ─────────────────────────────────────────────────────────────
scenario_5() {
	echo "scenario 5: a site of the first block archived while the job is part-way"
	local job base
	drv reset || die "Could not reset the faults network."
	job=$(drv job-new network) || { fail "scenario 5: could not create and preview a network job"; return; }
	base=$(drv rows)
	# One block: the job is inside the first sites (1, 2, 3, …) and the first users.
	drv job-step "$job" 0 | show
	drv archive 3
	echo "   archived site 3"
	drv job-run "$job" 0.2 --max=150 2>&1 | show
	verify "scenario 5" --job="$job" --baseline="$base"
}

# ── 6. The database stopped mid-job and restarted ──────────────────────────────────────────
scenario_6() {
	echo "scenario 6: the database killed (kill -9) during a step, restarted, the job resumed"
	drv reset || die "Could not reset the faults network."
	if ! start_held_step s6; then
		fail "scenario 6: the step never reached a membership INSERT"
		return
	fi
	kill -9 "$DB_PID"
	{ wait "$DB_PID"; } 2>/dev/null
	DB_PID=""
	echo "   MariaDB killed"
	# The held process goes on, finds its database gone, and ends (WordPress retries for about 5 s).
	touch "$work/resume"
	await 30 "$STEPPER"
	echo "   the held step ended: $(grep -o '<h1>[^<]*</h1>' "$work/s6-step.log" | sed 's/<[^>]*>//g' | head -n 1)"
	db_start test "$db_port" test
	echo "   MariaDB restarted"
	ok "scenario 6: the database died mid-step and came back"
	drv job-run "$JOB" 0.2 --max=150 2>&1 | show
	verify "scenario 6" --job="$JOB" --baseline="$BASE" --previewed
}

for scenario in $scenarios; do
	declare -F "scenario_$scenario" >/dev/null || die "There is no scenario '$scenario' (1 to 6)."
	began=$SECONDS
	: >"$debug_log"
	expected_errors=""
	case "$scenario" in
	3) expected_errors='max_statement_time exceeded' ;;
	# The step that loses its database, and WordPress trying to reconnect.
	6) expected_errors='gone away|Lost connection|mysqli_real_connect|reconnect|Connection refused|No such file or directory|must set a database connection' ;;
	esac
	"scenario_$scenario"
	echo "   ($((SECONDS - began)) s)"
done

echo
echo "The stage took $((SECONDS - started)) s."
if [ "$failed" -gt 0 ]; then
	echo "Failed checks:"
	printf '%s\n' "${failures[@]}"
fi
echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
