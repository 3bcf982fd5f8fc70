#!/usr/bin/env bash
# npm test: every check, in order, stopping at the first red one.
#
#   npm test                  everything
#   bash bin/test.sh php e2e  only some stages (npm run test:php, test:e2e, test:unit, ...)
#
# Stages: lint types unit php-lint static php php-redis php68 cli faults e2e. static is
# PHP_CodeSniffer (WordPress-Extra, WordPress-Docs, PHPCompatibilityWP) and PHPStan (level 8). The PHP and e2e stages
# get their own MariaDB (port WPMUS_TEST_DB_PORT, default 3398) and web server (WPMUS_TEST_PORT,
# default 8899), freshly installed, so the demo network of `npm start` is never touched.
# php-redis runs the object-cache tests with a Redis drop-in, on a private Redis
# (WPMUS_TEST_REDIS_PORT, default 6398). faults runs real processes that race, are killed and
# lose their database (tests/faults/run.sh; WPMUS_FAULTS_SCENARIOS="3 5" runs only some).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

all_stages=(lint types unit php-lint static php php-redis php68 cli faults e2e)
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=("${all_stages[@]}")

port="${WPMUS_TEST_PORT:-8899}"
db_port="${WPMUS_TEST_DB_PORT:-3398}"
redis_port="${WPMUS_TEST_REDIS_PORT:-6398}"
passed=0
current=""
results="$WPMUS_ROOT/artifacts/test"
mkdir -p "$results"

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop_services
	if [ $status -ne 0 ]; then
		echo
		say "FAILED in stage '$current'."
		echo "summary: $passed passed, 1 failed"
	fi
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

needs() { local s; for s in "${stages[@]}"; do [[ " $* " == *" $s "* ]] && return 0; done; return 1; }
stage() { current="$1"; echo; say "── $1"; }

# Adds the count a runner printed to the total: count LOGFILE REGEX (first capture group is the number).
count() {
	local n
	n=$(grep -aoE "$2" "$1" | tail -n 1 | grep -oE '[0-9]+' | head -n 1 || true)
	[ -n "$n" ] || die "Could not read how many tests ran in stage '$current' (see $1)."
	[ "$n" -gt 0 ] || die "Stage '$current' ran no test."
	passed=$((passed + n))
}

ensure_node_modules

if needs lint; then
	stage lint
	(cd "$WPMUS_ROOT" && npx wp-scripts lint-js src tests/js tests/e2e playwright.config.ts webpack.config.js)
	(cd "$WPMUS_ROOT" && npx wp-scripts format --check src tests/js tests/e2e playwright.config.ts webpack.config.js)
fi

if needs types; then
	stage types
	(cd "$WPMUS_ROOT" && npx tsc --noEmit)
fi

if needs unit; then
	stage unit
	(cd "$WPMUS_ROOT" && npx wp-scripts test-unit-js --config tests/js/jest.config.js 2>&1) | tee "$results/unit.log"
	count "$results/unit.log" 'Tests: +([0-9]+ failed, )?[0-9]+ passed'
fi

if needs php-lint; then
	stage php-lint
	ensure_server_prerequisites
	find "$WPMUS_ROOT" -name '*.php' -not -path '*/node_modules/*' -not -path '*/vendor/*' -not -path '*/.wp-env*/*' -not -path "$WPMUS_ENV_DIR/*" \
		-not -path '*/build/*' -print0 | xargs -0 -n 1 -P 2 php -l >"$results/php-lint.log" ||
		{ grep -v '^No syntax errors' "$results/php-lint.log"; false; }
	echo "$(grep -c '^No syntax errors' "$results/php-lint.log") PHP files without syntax errors."
fi

if needs static; then
	stage static
	ensure_composer_deps
	# An inline ignore must say why (`// phpcs:ignore Sniff.Name -- reason`).
	if grep -rn 'phpcs:ignore\|phpcs:disable' "$WPMUS_ROOT/includes" "$WPMUS_ROOT/wpm-user-sync.php" "$WPMUS_ROOT/uninstall.php" | grep -v ' -- '; then
		die "The phpcs ignores above do not say why."
	fi
	(cd "$WPMUS_ROOT" && vendor/bin/phpcs -q --report=summary && echo "PHP_CodeSniffer: no errors, no warnings.")
	(cd "$WPMUS_ROOT" && vendor/bin/phpstan analyse --no-progress --memory-limit=1G)
	passed=$((passed + 2))
fi

# The test database server; the faults stage stops it and runs its own (it kills it on purpose).
test_db_up() { [ -n "${DB_PID:-}" ] || db_start test "$db_port" test; }
test_db_down() {
	if [ -n "${DB_PID:-}" ]; then
		kill "$DB_PID" 2>/dev/null && wait "$DB_PID" 2>/dev/null || true
		DB_PID=""
	fi
}

if needs php php-redis php68 cli faults e2e; then
	ensure_server_prerequisites
	ensure_composer_deps
	ensure_build
fi
if needs php php-redis php68 cli e2e; then
	test_db_up
fi

# run_phpunit NAME BRANCH DB_NAME [PHPUNIT ARGS...]: a fresh network, then PHPUnit against it.
run_phpunit() {
	local name="$1" branch="$2" db_name="$3"
	shift 3
	wp_prepare "$name" "$branch" "$port" "$db_name"
	# Installed without a persistent object cache; the php-redis stage adds its drop-in afterwards.
	rm -f "$WP_DIR/wp-content/object-cache.php"
	wp_install_network "$name" "$db_name"
	if [ -n "${WPMUS_TEST_OBJECT_CACHE:-}" ]; then
		cp "$WPMUS_ROOT/tests/php/object-cache/object-cache.php" "$WP_DIR/wp-content/object-cache.php"
	fi
	say "WordPress $(wp_version)"
	(cd "$WPMUS_ROOT" && WPMUS_WP_DIR="$WP_DIR" vendor/bin/phpunit --log-junit "$results/$name-phpunit.xml" "$@" 2>&1) |
		tee "$results/$name-phpunit.log"
	count "$results/$name-phpunit.log" 'OK \(([0-9]+) test'
}

if needs php; then
	stage "php (WordPress 7.1)"
	run_phpunit test 7.1 wpmus_test --exclude-group object-cache
fi

if needs php-redis; then
	stage "php-redis (WordPress 7.1 with a Redis object cache)"
	ensure_debian_packages redis-server php8.2-redis
	php -r 'exit( class_exists( "Redis" ) ? 0 : 1 );' || die "PHP has no Redis extension after installing php8.2-redis."
	redis_start test "$redis_port"
	# The bootstrap fails unless the drop-in is active; the salt keeps this run's keys apart.
	WPMUS_TEST_OBJECT_CACHE=redis WPMUS_TEST_REDIS_PORT="$redis_port" WPMUS_TEST_CACHE_KEY_SALT="wpmus-test-$$-$(date +%s)" \
		run_phpunit test-redis 7.1 wpmus_test_redis --group object-cache
fi

if needs php68; then
	stage "php (WordPress 6.8, the oldest release obtainable here)"
	run_phpunit test68 6.8 wpmus_test68 --exclude-group object-cache
fi

if needs cli; then
	stage "cli (wp user-sync)"
	wp_prepare test-cli 7.1 "$port" wpmus_test_cli
	wp_install_network test-cli wpmus_test_cli
	bash "$WPMUS_ROOT/tests/cli/user-sync.sh" "$WP_DIR" "$DB_SOCKET" wpmus_test_cli | tee "$results/cli.log"
	count "$results/cli.log" 'cli: ([0-9]+) passed'
	# Last, on the same network: deleting the plugin removes all it made.
	bash "$WPMUS_ROOT/tests/cli/uninstall.sh" "$WP_DIR" "$DB_SOCKET" wpmus_test_cli | tee "$results/uninstall.log"
	count "$results/uninstall.log" 'uninstall: ([0-9]+) passed'
fi

if needs faults; then
	stage "faults (real processes: concurrent writers, a failed read, kills, a database restart)"
	test_db_down
	bash "$WPMUS_ROOT/tests/faults/run.sh" "$db_port" "$port" | tee "$results/faults.log"
	count "$results/faults.log" 'faults: ([0-9]+) passed'
fi

if needs e2e; then
	stage e2e
	ensure_debian_packages chromium
	test_db_up
	wp_prepare test 7.1 "$port" wpmus_test
	wp_install_network test wpmus_test
	: >"$WPMUS_ENV_DIR/test/debug.log"
	serve "$port" WPMUS_TEST_PORT test
	(cd "$WPMUS_ROOT" && WPMUS_TEST_URL="http://localhost:$port" npx playwright test 2>&1) | tee "$results/e2e.log"
	count "$results/e2e.log" '([0-9]+) passed'
	# The screens must not make PHP complain: any notice, warning or error the e2e run logged fails it.
	if [ -n "$(php_log_problems "$WPMUS_ENV_DIR/test/debug.log")" ]; then
		cat "$WPMUS_ENV_DIR/test/debug.log"
		die "PHP logged notices, warnings or errors during the e2e run (above)."
	fi
fi

echo
say "All stages passed: ${stages[*]}"
echo "summary: $passed passed, 0 failed"
