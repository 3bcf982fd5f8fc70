#!/usr/bin/env bash
# Deleting the plugin removes everything it created, for real (outside any test transaction):
# the jobs table, the activity log's tables, its options, removal markers, waiting notices and WP-Cron events; memberships stay.
# Run by bin/test.sh (stage "cli") after user-sync.sh, on the same network, which it leaves without the plugin.
#
# Usage: tests/cli/uninstall.sh <wordpress dir> <mariadb socket> <database>
set -uo pipefail

wp_dir="$1" socket="$2" db="$3"
source "$(dirname "$0")/lib.sh"

wp() { "$root/vendor/bin/wp" --path="$wp_dir" --skip-themes "$@" 2>>"$root/artifacts/test/cli-stderr.log"; }

# Leave something of every kind behind: a job, a marker of each kind, a notice, cron events on two
# sites, and activity: someone who belongs nowhere yet, whom the sync then adds to site 3.
wp user-sync settings set newUserSync off >/dev/null
wp user create wpmus-cli-activity cli-activity@example.com --porcelain >/dev/null
wp user-sync sync --sites=3 >/dev/null
check "the sync is in the activity log as WP-CLI's, with its job and command" test "$(sql "SELECT COUNT(*) FROM wp_wpmus_activity_events WHERE via = 'cli' AND cause = 'sync' AND job_id IS NOT NULL AND detail = 'wp user-sync sync' AND kind = 'added'")" -gt 0
php "$root/tests/cli/uninstall.php" "$wp_dir" seed 2>>"$root/artifacts/test/cli-stderr.log"
members_before=$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE meta_key LIKE 'wp\\_%capabilities'")
check "there is something to remove" test "$(sql "SELECT COUNT(*) FROM wp_wpmus_jobs")" -gt 0
check "there are activity entries to remove" test "$(sql "SELECT COUNT(*) FROM wp_wpmus_activity_users")" -gt 0
check "the activity log's pruning is scheduled" test "$(sql "SELECT COUNT(*) FROM wp_options WHERE option_name = 'cron' AND option_value LIKE '%wpmus\\_prune\\_activity%'")" = 1
check "there are digests of sites' roles to remove" test "$(sql "SELECT COUNT(*) FROM wp_blogmeta WHERE meta_key = 'wpmus_roles'")" -gt 0

# What Network Admin → Plugins → Delete does, files apart (the next stages still need them).
php "$root/tests/cli/uninstall.php" "$wp_dir" uninstall 2>>"$root/artifacts/test/cli-stderr.log"
check "the plugin is no longer active" test "$(sql "SELECT COUNT(*) FROM wp_sitemeta WHERE meta_key = 'active_sitewide_plugins' AND meta_value LIKE '%wpm-user-sync%'")" = 0

check "the jobs table is gone" test -z "$(sql "SHOW TABLES LIKE 'wp\\_wpmus\\_jobs'")"
check "the activity log's tables are gone" test -z "$(sql "SHOW TABLES LIKE 'wp\\_wpmus\\_activity%'")"
check "no option of the plugin is left on any network" test "$(sql "SELECT COUNT(*) FROM wp_sitemeta WHERE meta_key LIKE 'wpmus\\_%'")" = 0
check "no site's digest of its roles is left" test "$(sql "SELECT COUNT(*) FROM wp_blogmeta WHERE meta_key LIKE 'wpmus\\_%'")" = 0
check "no removal marker is left" test "$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE meta_key LIKE 'wpmus\\_%'")" = 0
check "no notice is left waiting" test "$(sql "SELECT COUNT(*) FROM wp_sitemeta WHERE meta_key LIKE '\\_site\\_transient%wpmus%'")" = 0
check "no WP-Cron event is left on the main site" test "$(sql "SELECT COUNT(*) FROM wp_options WHERE option_name = 'cron' AND option_value LIKE '%wpmus\\_%'")" = 0
check "no WP-Cron event is left on another site" test "$(sql "SELECT COUNT(*) FROM wp_3_options WHERE option_name = 'cron' AND option_value LIKE '%wpmus\\_%'")" = 0
check "memberships stay" test "$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE meta_key LIKE 'wp\\_%capabilities'")" = "$members_before"

echo "uninstall: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
