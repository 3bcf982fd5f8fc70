#!/usr/bin/env bash
# npm start: installs what is missing, then serves the demo network until Ctrl-C.
#
#   npm start                 keep the demo network as it is (created on first run)
#   npm run env:reset         rebuild the demo network from scratch, then serve it
#
# Ports: WPMUS_PORT (web, default 8889) and WPMUS_DB_PORT (MariaDB, default 3389).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

port="${WPMUS_PORT:-8889}"
db_port="${WPMUS_DB_PORT:-3389}"
db_name=wpmus_demo

cleanup() {
	trap - EXIT INT TERM
	if [ -n "${WEB_PID:-}${DB_PID:-}" ]; then
		stop_services
		say "Stopped."
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_server_prerequisites
ensure_node_modules
ensure_build

require_free_port "$port" "wanted by the web server" WPMUS_PORT
db_start demo "$db_port"
wp_prepare demo 7.1 "$port" "$db_name"
if [ "${1:-}" = "--reset" ] || ! wp_is_installed "$db_name"; then
	say "Creating the demo network..."
	wp_install_network demo "$db_name"
fi
serve "$port"

cat <<INFO

  WPM User Sync demo network (WordPress $(wp_version))

  Network Admin:  http://localhost:$port/wp-admin/network/admin.php?page=wpmus-networksyncoptions
  Log in as:      admin / password   (super admin)
  Site admin:     maria.garcia / password   (administrator of /engineering/)

  Press Ctrl-C to stop.

INFO
wait "$WEB_PID"
