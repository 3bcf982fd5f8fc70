#!/usr/bin/env bash
# Shared paths and helpers for the environment scripts. Sourced, never run.
#
# An "instance" is one WordPress multisite under .wp-env/<name>/: its own copy of
# core, its own wp-config.php and, for the database, a MariaDB server of its own
# (data dir, socket and port inside .wp-env/), so nothing depends on system services.

WPMUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WPMUS_ENV_DIR="${WPMUS_ENV_DIR:-$WPMUS_ROOT/.wp-env}"
export WPMUS_ROOT WPMUS_ENV_DIR

say() { printf '\033[1m[wpm-user-sync]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[wpm-user-sync] %s\033[0m\n' "$*" >&2; exit 1; }

# The lines of a PHP log (debug.log) that are ours to fix: all but what WordPress itself raises.
# WordPress 7.1.4 (and 6.8.12) declares an optional $meta before the required $signup_id in two
# functions of ms-functions.php, which PHP 8 reports as deprecated every time core loads.
# Prints nothing when the log is clean (or missing).
php_log_problems() {
	[ -f "$1" ] || return 0
	grep -avE 'Optional parameter \$meta declared before required parameter \$signup_id' "$1" || true
}

# The release of the WordPress tree in $WP_DIR (or in the given folder), e.g. 7.1.4, for the
# version banner that start, test and bench print before they work.
wp_version() {
	php -r 'include $argv[1] . "/wp-includes/version.php"; echo $wp_version;' "${1:-$WP_DIR}"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs Debian packages that are missing; does nothing, quickly, when all are there.
ensure_debian_packages() {
	local missing=()
	local pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	say "Installing Debian packages: ${missing[*]}"
	as_root apt-get update -qq >/dev/null ||
		die "apt-get update failed: cannot install ${missing[*]}. Check the machine's package sources."
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "Could not install ${missing[*]} with apt-get. Install them by hand and run this again."
}

ensure_server_prerequisites() {
	ensure_debian_packages php8.2-cli php8.2-mysql php8.2-xml php8.2-mbstring php8.2-curl \
		php8.2-gd php8.2-intl php8.2-zip mariadb-server mariadb-client
	command -v php >/dev/null || die "PHP is not on the PATH after installing php8.2-cli."
}

ensure_node_modules() {
	command -v npm >/dev/null || die "Node.js 20.19 or newer with npm is needed (https://nodejs.org)."
	if [ ! -f "$WPMUS_ROOT/node_modules/.package-lock.json" ] ||
		[ "$WPMUS_ROOT/package-lock.json" -nt "$WPMUS_ROOT/node_modules/.package-lock.json" ]; then
		say "Installing npm dependencies..."
		(cd "$WPMUS_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed."
	fi
}

# Builds build/ when it is missing or older than anything it is made from.
ensure_build() {
	local stamp="$WPMUS_ROOT/build/.stamp"
	if [ -f "$stamp" ] && [ -z "$(find "$WPMUS_ROOT/src" "$WPMUS_ROOT/webpack.config.js" "$WPMUS_ROOT/package-lock.json" \
		-newer "$stamp" -print -quit 2>/dev/null)" ]; then
		return 0
	fi
	say "Building the admin screens..."
	(cd "$WPMUS_ROOT" && npm run --silent build >/dev/null) || die "npm run build failed."
	touch "$stamp"
}

ensure_composer_deps() {
	if [ ! -x "$WPMUS_ROOT/vendor/bin/phpunit" ] || [ ! -x "$WPMUS_ROOT/vendor/bin/wp" ] ||
		[ ! -x "$WPMUS_ROOT/vendor/bin/phpstan" ] || [ ! -x "$WPMUS_ROOT/vendor/bin/phpcs" ] || [ "$WPMUS_ROOT/composer.json" -nt "$WPMUS_ROOT/vendor/autoload.php" ]; then
		command -v composer >/dev/null || ensure_debian_packages composer
		say "Installing Composer dev dependencies (PHPUnit, WP-CLI, PHPStan, PHP_CodeSniffer)..."
		(cd "$WPMUS_ROOT" && composer install --no-interaction --no-progress --quiet) || die "composer install failed."
		touch "$WPMUS_ROOT/vendor/autoload.php"
	fi
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_port() {
	port_is_free "$1" || die "Port $1 is already in use ($2). Stop whatever listens there, or choose another port: $3=<port> npm ${4:-start}."
}

# db_start NAME PORT: starts (initialising when new) the MariaDB server of a
# group of instances, in .wp-env/NAME-db. Sets DB_SOCKET; kill $DB_PID stops it.
db_start() {
	local name="$1" port="$2"
	local dir="$WPMUS_ENV_DIR/$name-db"
	DB_SOCKET="$dir/mysqld.sock"
	local user_opt=()
	[ "$(id -u)" = 0 ] && user_opt=(--user=root)

	if [ -S "$DB_SOCKET" ] && mariadb-admin --socket="$DB_SOCKET" -uroot ping >/dev/null 2>&1; then
		die "The '$name' database server is already running (socket $DB_SOCKET). Is another 'npm ${3:-start}' running?"
	fi
	require_free_port "$port" "wanted by the '$name' database" WPMUS_DB_PORT "${3:-start}"

	if [ ! -d "$dir/data/mysql" ]; then
		mkdir -p "$dir/data"
		mariadb-install-db --datadir="$dir/data" "${user_opt[@]}" --auth-root-authentication-method=normal \
			--skip-test-db >"$dir/install.log" 2>&1 || die "Could not initialise MariaDB in $dir (see $dir/install.log)."
	fi
	rm -f "$DB_SOCKET"
	mariadbd --no-defaults --datadir="$dir/data" --socket="$DB_SOCKET" --port="$port" --bind-address=127.0.0.1 \
		--pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" "${user_opt[@]}" \
		--skip-log-bin --open-files-limit=16000 --innodb-flush-log-at-trx-commit=2 --innodb-buffer-pool-size=256M \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci 2>>"$dir/error.log" &
	DB_PID=$!
	local i
	for i in $(seq 1 100); do
		mariadb-admin --socket="$DB_SOCKET" -uroot ping >/dev/null 2>&1 && return 0
		kill -0 "$DB_PID" 2>/dev/null || die "MariaDB did not start; see $dir/error.log."
		sleep 0.1
	done
	die "MariaDB did not answer within 10 s; see $dir/error.log."
}

db_query() { mariadb --socket="$DB_SOCKET" -uroot -N -B -e "$1"; }

# redis_start NAME PORT: a private Redis on 127.0.0.1 that keeps nothing on disk (the
# object cache of the php-redis test stage), logging to .wp-env/NAME-cache. Sets REDIS_PID.
redis_start() {
	local name="$1" port="$2"
	local dir="$WPMUS_ENV_DIR/$name-cache"
	require_free_port "$port" "wanted by the '$name' Redis server" WPMUS_TEST_REDIS_PORT test
	mkdir -p "$dir"
	redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
		--logfile "$dir/redis.log" --daemonize no &
	REDIS_PID=$!
	local i
	for i in $(seq 1 50); do
		[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ] && return 0
		kill -0 "$REDIS_PID" 2>/dev/null || die "Redis did not start; see $dir/redis.log."
		sleep 0.1
	done
	die "Redis did not answer within 5 s; see $dir/redis.log."
}

# wp_prepare NAME BRANCH PORT DB_NAME: a WordPress tree for an instance, wired to
# the running database server and with the plugin linked in.
wp_prepare() {
	local name="$1" branch="$2" port="$3" db_name="$4"
	local dir="$WPMUS_ENV_DIR/$name"
	WP_DIR="$dir/wordpress"
	bash "$WPMUS_ROOT/bin/fetch-wordpress.sh" "$branch"
	if [ ! -f "$WP_DIR/wp-includes/version.php" ] ||
		! cmp -s "$WP_DIR/wp-includes/version.php" "$WPMUS_ENV_DIR/core/$branch/wp-includes/version.php"; then
		rm -rf "$WP_DIR" && mkdir -p "$dir"
		cp -a "$WPMUS_ENV_DIR/core/$branch" "$WP_DIR"
	fi
	mkdir -p "$WP_DIR/wp-content/plugins" "$WP_DIR/wp-content/uploads" "$WP_DIR/wp-content/mu-plugins"
	cp "$WPMUS_ROOT"/bin/mu-plugins/*.php "$WP_DIR/wp-content/mu-plugins/"
	ln -sfn "$WPMUS_ROOT" "$WP_DIR/wp-content/plugins/wpm-user-sync"
	WPMUS_WP_DIR="$WP_DIR" WPMUS_DB_NAME="$db_name" WPMUS_DB_SOCKET="$DB_SOCKET" WPMUS_DOMAIN="localhost:$port" \
		WPMUS_LOG="$dir/debug.log" php "$WPMUS_ROOT/bin/write-wp-config.php" || die "Could not write $WP_DIR/wp-config.php."
	export WP_DIR
}

# wp_install_network NAME: a fresh multisite in the instance's database, the plugin
# network-activated and the demo network seeded.
wp_install_network() {
	local name="$1" db_name="$2"
	db_query "DROP DATABASE IF EXISTS \`$db_name\`; CREATE DATABASE \`$db_name\`;" || die "Could not create database $db_name."
	rm -f "$WPMUS_ENV_DIR/$name/debug.log"
	local log="$WPMUS_ENV_DIR/$name/install.log"
	WPMUS_INSTALLING=1 php "$WPMUS_ROOT/bin/install-network.php" "$WP_DIR" >"$log" 2>&1 ||
		die "Installing WordPress in $WP_DIR failed: see $log and $WPMUS_ENV_DIR/$name/debug.log."
	php "$WPMUS_ROOT/bin/seed-demo.php" "$WP_DIR" >>"$log" 2>&1 ||
		die "Seeding the demo network failed: see $log and $WPMUS_ENV_DIR/$name/debug.log."
}

wp_is_installed() {
	[ -n "$(db_query "SELECT 1 FROM \`$1\`.wp_site LIMIT 1" 2>/dev/null)" ]
}

# Stops what db_start, redis_start and serve started; safe to call more than once.
stop_services() {
	if [ -n "${WEB_PID:-}" ]; then
		# With PHP_CLI_SERVER_WORKERS the server forks workers that outlive their parent.
		pkill -P "$WEB_PID" 2>/dev/null || true
		kill "$WEB_PID" 2>/dev/null || true
		WEB_PID=""
	fi
	if [ -n "${DB_PID:-}" ]; then
		kill "$DB_PID" 2>/dev/null && wait "$DB_PID" 2>/dev/null || true
		DB_PID=""
	fi
	if [ -n "${REDIS_PID:-}" ]; then
		kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
		REDIS_PID=""
	fi
}

# serve PORT: PHP's built-in server in front of $WP_DIR. Sets WEB_PID.
serve() {
	local port="$1"
	require_free_port "$port" "wanted by the web server" "${2:-WPMUS_PORT}" "${3:-start}"
	PHP_CLI_SERVER_WORKERS="${PHP_CLI_SERVER_WORKERS:-4}" php -S "localhost:$port" -t "$WP_DIR" \
		"$WPMUS_ROOT/bin/router.php" >"$WPMUS_ENV_DIR/$(basename "$(dirname "$WP_DIR")")/server.log" 2>&1 &
	WEB_PID=$!
	local i
	for i in $(seq 1 50); do
		port_is_free "$port" || return 0
		kill -0 "$WEB_PID" 2>/dev/null || die "The web server did not start."
		sleep 0.1
	done
	die "The web server did not listen on port $port within 5 s."
}
