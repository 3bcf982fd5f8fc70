#!/usr/bin/env bash
# Tests of `wp user-sync` against a freshly installed demo network.
# Run by bin/test.sh (stage "cli"), which sets WP_DIR and DB_SOCKET and the database name.
#
# Usage: tests/cli/user-sync.sh <wordpress dir> <mariadb socket> <database>
set -uo pipefail

wp_dir="$1" socket="$2" db="$3"
source "$(dirname "$0")/lib.sh"

wp() { "$root/vendor/bin/wp" --path="$wp_dir" --skip-themes "$@" 2>"$root/artifacts/test/cli-stderr.log"; }
members() { sql "SELECT COUNT(*) FROM wp_usermeta WHERE meta_key = 'wp_${1}_capabilities'"; }
contains() { grep -qF -- "$2" <<<"$1"; }

# Site 3 is /marketing/ in the demo network (bin/seed-demo.php).
out=$(wp user-sync settings get)
check "settings get lists every setting with its default" contains "$out" $'allowSiteSync\ton'
check "settings get shows the triggers off" contains "$out" $'newUserSync\toff'

wp user-sync settings set newUserSync on >/dev/null
check "settings set stores a trigger under its 1.3 option name" test "$(sql "SELECT meta_value FROM wp_sitemeta WHERE meta_key = 'wpmus_newUserSync'")" = yes
check "settings get reads one setting" test "$(wp user-sync settings get newUserSync)" = $'newUserSync\ton'

out=$(wp user-sync settings set newUserSync maybe)
check "settings set refuses a value that is not on or off" test $? -ne 0
check "…and says why" grep -qF 'is a switch: use on or off' "$root/artifacts/test/cli-stderr.log"
wp user-sync settings set newUserSync "" >/dev/null
check "settings set refuses an empty value for a switch instead of switching it off" test $? -ne 0 -a "$(sql "SELECT meta_value FROM wp_sitemeta WHERE meta_key = 'wpmus_newUserSync'")" = yes
wp user-sync settings set excludedSites 99999 >/dev/null
check "settings set refuses a site that is not in the network" test $? -ne 0
wp user-sync settings set neverReplicatedRoles editor,author >/dev/null
check "settings set stores a list" test "$(wp user-sync settings get neverReplicatedRoles)" = $'neverReplicatedRoles\teditor,author'

stderr() { cat "$root/artifacts/test/cli-stderr.log"; }
jobs() { sql "SELECT COUNT(*) FROM wp_wpmus_jobs"; }
short() { test "$(stderr | grep '^Error:' | wc -c)" -lt 300; }

check "settings get lists privilegedDefaultRoles, off by default" test "$(wp user-sync settings get privilegedDefaultRoles)" = $'privilegedDefaultRoles\toff'
wp user-sync settings set privilegedDefaultRoles on >/dev/null
check "settings set stores privilegedDefaultRoles under its option" test "$(sql "SELECT meta_value FROM wp_sitemeta WHERE meta_key = 'wpmus_privilegedDefaultRoles'")" = yes
wp user-sync settings set privilegedDefaultRoles off >/dev/null
check "…and switches it off again" test "$(wp user-sync settings get privilegedDefaultRoles)" = $'privilegedDefaultRoles\toff'

wp user-sync settings set excludedSites -3 >/dev/null
check "settings set refuses a negative site ID instead of reading it as site 3" test $? -ne 0
check "…and names it" contains "$(stderr)" "-3"
check "…and stores nothing" test -z "$(sql "SELECT meta_value FROM wp_sitemeta WHERE meta_key = 'wpmus_excludedSites'")"
wp user-sync settings set excludedSites 3,99999999999999999999999 >/dev/null
check "settings set refuses a site ID beyond 64 bits" test $? -ne 0
check "…and names it as typed" contains "$(stderr)" "99999999999999999999999"
wp user-sync settings set excludedSites "$(seq -s, 100001 103000)" >/dev/null
check "settings set refuses thousands of unknown sites" test $? -ne 0
check "…naming a few of them" contains "$(stderr)" "100001, 100002, 100003 and 2,997 more"
check "…in a short message" short

jobs_before=$(jobs)
wp user-sync sync --sites=-3 --dry-run >/dev/null
check "sync refuses a negative site ID instead of syncing site 3" test $? -ne 0
check "…and names it" contains "$(stderr)" "-3"
wp user-sync sync --sites=3,99999999999999999999999 --dry-run >/dev/null
check "sync refuses a site ID beyond 64 bits" test $? -ne 0
check "…and names it as typed" contains "$(stderr)" "99999999999999999999999"
wp user-sync sync --sites --dry-run >/dev/null
check "sync refuses --sites without IDs instead of syncing site 1" test $? -ne 0
wp user-sync sync --sites=3x --dry-run >/dev/null
check "sync refuses a site ID that is not a number" test $? -ne 0
wp user-sync sync --sites="$(seq -s, 100001 103000)" --dry-run >/dev/null
check "sync refuses thousands of unknown sites in a short message" short
check "none of these created a sync" test "$(jobs)" = "$jobs_before"
wp user-sync sync --sites=3 --dry-run --add-removed=maybe >/dev/null
check "a flag given a value is refused in words, not with a PHP error" test $? -ne 0 -a -z "$(stderr | grep -iE 'fatal|TypeError')"

before=$(members 3)
out=$(wp user-sync sync --sites=3 --dry-run)
would=$(grep -oE '[0-9]+ memberships would be added' <<<"$out" | grep -oE '^[0-9]+')
check "a dry run says how many memberships it would add" test -n "$would"
check "a dry run writes nothing" test "$(members 3)" = "$before"
check "a dry run shows the skipped super admin" contains "$out" "super_admin: 1"

out=$(wp user-sync sync --sites=3)
added=$(grep -oE 'Added [0-9]+ memberships' <<<"$out" | grep -oE '[0-9]+')
check "sync adds exactly what the dry run announced" test "$added" = "$would"
check "the memberships are in the database" test "$(members 3)" = "$((before + added))"
check "a second sync has nothing left to add" contains "$(wp user-sync sync --sites=3)" "Added 0 memberships"

wp user-sync sync --sites=99999 >/dev/null
check "sync refuses a site that is not in the network" test $? -ne 0

# Someone removed emma.jones from /marketing/ by hand (a marker, as the plugin keeps it).
emma=$(sql "SELECT ID FROM wp_users WHERE user_login = 'emma.jones'")
sql "DELETE FROM wp_usermeta WHERE user_id = $emma AND meta_key IN ('wp_3_capabilities','wp_3_user_level'); INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES ($emma, 'wpmus_removed', '3')"
out=$(wp user-sync sync --sites=3)
check "a removed person is not added back by default" test "$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE user_id = $emma AND meta_key = 'wp_3_capabilities'")" = 0
out=$(wp user-sync sync --sites=3 --add-removed)
check "--add-removed adds them back" test "$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE user_id = $emma AND meta_key = 'wp_3_capabilities'")" = 1
check "…and forgets the removal" test "$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE user_id = $emma AND meta_key = 'wpmus_removed'")" = 0

out=$(wp user-sync sync)
check "a network-wide sync succeeds" contains "$out" "Success: Added"
missing=$(sql "SELECT COUNT(*) FROM wp_users u JOIN wp_blogs b WHERE u.user_login <> 'admin' AND NOT EXISTS (SELECT 1 FROM wp_usermeta m WHERE m.user_id = u.ID AND m.meta_key = IF(b.blog_id = 1, 'wp_capabilities', CONCAT('wp_', b.blog_id, '_capabilities')))")
check "after it, every user but the super admin is on every site" test "$missing" = 0

out=$(wp user-sync status --format=csv)
check "status lists the syncs, newest first" test "$(sed -n 2p <<<"$out" | cut -d, -f2,3,4)" = "network,all,done"
check "status shows the cancelled dry run" contains "$out" ",sites,3,cancelled,"

# wp user-sync add | remove (people across sites). After the network-wide sync above, everyone is everywhere.
uid() { sql "SELECT ID FROM wp_users WHERE user_login = '$1'"; }
caps() { sql "SELECT COUNT(*) FROM wp_usermeta WHERE user_id = $1 AND meta_key LIKE 'wp\\_%capabilities'"; }
role_on() { sql "SELECT meta_value FROM wp_usermeta WHERE user_id = $1 AND meta_key = 'wp_${2}_capabilities'"; }
tom=$(uid tom.becker) noah=$(uid noah.kim)
jobs_before=$(jobs)
wp user-sync add --users=nobody.here,tom.becker --sites=4 >/dev/null
check "add refuses a user who does not exist" test $? -ne 0
check "…and names them" contains "$(stderr)" "nobody.here"
wp user-sync add --users=tom.becker >/dev/null
check "add refuses to guess the sites: neither --sites nor --all-sites" test $? -ne 0
wp user-sync add --users=tom.becker --sites=4 --all-sites >/dev/null
check "add refuses --sites with --all-sites" test $? -ne 0
wp user-sync add --users=tom.becker --sites=4 --role=wizard >/dev/null
check "add refuses a role no site named has" test $? -ne 0 -a -n "$(stderr | grep -F wizard)"
wp user-sync add --users="$(seq -s, 1 1001)" --sites=4 >/dev/null
check "add refuses more than 1,000 people in a short message" short
wp user-sync remove --users=noah.kim --all-sites --reassign="$noah" >/dev/null
check "remove refuses to give the content to someone it removes" test $? -ne 0
check "none of these created a job" test "$(jobs)" = "$jobs_before"

out=$(wp user-sync add --users=tom.becker,ana.silva@example.com --sites=4 --role=editor --dry-run)
check "add --dry-run says what it would do" contains "$out" "2 memberships would be added or changed"
check "…and writes nothing" test -z "$(role_on "$tom" 4 | grep -F editor)"
out=$(wp user-sync add --users=tom.becker,ana.silva@example.com --sites=4 --role=editor)
check "add gives the role asked for, by login and by email" contains "$out" "Added or changed 2 memberships"
check "…in the database" contains "$(role_on "$tom" 4)" '"editor"'

# A post of noah's on /marketing/ (WP-CLI here has no `post` command; core reassigns with SQL too).
post=$(sql "INSERT INTO wp_3_posts (post_author, post_title, post_status, post_type, post_content, post_excerpt, to_ping, pinged, post_content_filtered, post_date, post_date_gmt, post_modified, post_modified_gmt) VALUES ($noah, 'Handover', 'publish', 'post', '', '', '', '', '', NOW(), UTC_TIMESTAMP(), NOW(), UTC_TIMESTAMP()); SELECT LAST_INSERT_ID()")
out=$(wp user-sync remove --users=noah.kim --all-sites --reassign="$tom" --dry-run)
check "remove --dry-run counts every site noah belongs to" contains "$out" "4 memberships would be removed"
check "…and writes nothing" test "$(caps "$noah")" = 4
out=$(wp user-sync remove --users=noah.kim --all-sites --reassign="$tom")
check "offboarding removes noah from every site" test "$(caps "$noah")" = 0
check "…keeps the account" test -n "$(uid noah.kim)"
check "…gives the posts to the person named" test "$(sql "SELECT post_author FROM wp_3_posts WHERE ID = ${post:-0}")" = "$tom"
check "…and records network removals" test "$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE user_id = $noah AND meta_key = 'wpmus_removed_network'")" = 4
wp user-sync sync >/dev/null
check "a network sync does not add the person back" test "$(caps "$noah")" = 0
out=$(wp user-sync remove --users=admin --all-sites --dry-run)
check "super admins are never removed: the preview says why" contains "$out" "super_admin: 1"

# wp user-sync undo: noah's offboarding above, taken back, then the undo itself undone.
offboarding=$(sql "SELECT MAX(id) FROM wp_wpmus_jobs WHERE type = 'remove_from_sites' AND status = 'done'")
wp user-sync undo twelve >/dev/null
check "undo refuses what is not a job number" test $? -ne 0
wp user-sync undo 99999999 >/dev/null
check "undo refuses a job that does not exist" test $? -ne 0
check "…and says so" contains "$(stderr)" "There is no job #99999999"
out=$(wp user-sync undo "$offboarding" --dry-run)
check "undo --dry-run counts what it would put back" contains "$out" "Dry run: 4 memberships and roles would be taken back"
check "…says the content is not given back" contains "$out" "Content that the job gave to someone else stays theirs"
check "…and writes nothing" test "$(caps "$noah")" = 0
out=$(wp user-sync undo "$offboarding" --yes)
check "undo puts noah back on every site" contains "$out" "Took back 4 memberships and roles"
check "…in the database" test "$(caps "$noah")" = 4
check "…and clears the removal markers" test "$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE user_id = $noah AND meta_key = 'wpmus_removed_network'")" = 0
check "…the posts stay with who inherited them" test "$(sql "SELECT post_author FROM wp_3_posts WHERE ID = ${post:-0}")" = "$tom"
out=$(wp user-sync undo "$offboarding" --yes)
check "undoing it again finds nothing left" contains "$out" "Nothing is left to take back"
undo=$(sql "SELECT MAX(id) FROM wp_wpmus_jobs WHERE type = 'undo' AND status = 'done'")
out=$(wp user-sync undo "$undo" --yes)
check "an undo can be undone" contains "$out" "Took back 4 memberships and roles"
check "…noah is off every site again" test "$(caps "$noah")" = 0
check "…logged as undo with its job number" test "$(sql "SELECT COUNT(*) FROM wp_wpmus_activity_events WHERE cause = 'undo' AND job_id = $(sql "SELECT MAX(id) FROM wp_wpmus_jobs WHERE type = 'undo'")")" -gt 0

# Reconcile automatically: a choice of never, daily or weekly.
wp user-sync settings set reconcile hourly >/dev/null
check "settings set refuses a schedule that is not never, daily or weekly" test $? -ne 0 -a -n "$(stderr | grep -F 'never, daily, weekly')"
wp user-sync settings set reconcile weekly >/dev/null
check "settings set stores the reconcile schedule" test "$(wp user-sync settings get reconcile)" = $'reconcile\tweekly'
wp user-sync settings set reconcile never >/dev/null

# wp user-sync run: a running sync of /library/ (site 4), as a browser left it, is finished from the command line.
emma=$(uid emma.jones)
sql "DELETE FROM wp_usermeta WHERE user_id = $emma AND meta_key IN ('wp_4_capabilities','wp_4_user_level')"
now=$(date +%s)
running=$(sql "INSERT INTO wp_wpmus_jobs (network_id, kind, type, site_ids, status, preview, result, created_by, created_at, started_at, updated_at) VALUES (1, 'sites', 'add_memberships', '[4]', 'running', '[]', '[]', 1, $now, $now, $now); SELECT LAST_INSERT_ID()")
out=$(wp user-sync run --until-empty)
check "run --until-empty finishes a running job" test "$(sql "SELECT status FROM wp_wpmus_jobs WHERE id = $running")" = done
check "…which added what was missing" test "$(sql "SELECT COUNT(*) FROM wp_usermeta WHERE user_id = $emma AND meta_key = 'wp_4_capabilities'")" = 1
check "…says so in words" contains "$out" "Job #$running (Add missing memberships): done"
check "…and ran the first drift check to its end" test "$(sql "SELECT COUNT(*) FROM wp_wpmus_jobs WHERE type = 'check_drift' AND status = 'done'")" = 1
check "…and records that the runner ran" test -n "$(sql "SELECT meta_value FROM wp_sitemeta WHERE meta_key = 'wpmus_runner_last_run'")"
check "nothing is left to run" contains "$(wp user-sync run)" "No running job is left."
broken=$(sql "INSERT INTO wp_wpmus_jobs (network_id, kind, type, site_ids, status, preview, result, created_by, created_at, started_at, updated_at) VALUES (1, 'sites', 'no_such_work', '[4]', 'running', '[]', '[]', 1, $now, $now, $now); SELECT LAST_INSERT_ID()")
wp user-sync run --until-empty >/dev/null
check "run exits non-zero when a job fails" test $? -ne 0
check "…and names the job" contains "$(stderr)" "Job #$broken failed"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
