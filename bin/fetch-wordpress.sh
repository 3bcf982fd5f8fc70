#!/usr/bin/env bash
# Puts a WordPress core tree for a release branch into .wp-env/core/<branch>.
#
# Usage: bin/fetch-wordpress.sh 7.1|6.8
#
# Tries, in order: the official release archive (what a real user with internet
# gets), the same release through Composer (johnpbloch/wordpress-core), then
# Debian's package from the suite that carries that branch, unpacked in a private
# folder so the system's PHP is never touched.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

branch="${1:?usage: fetch-wordpress.sh <branch, e.g. 7.1>}"
dest="$WPMUS_ENV_DIR/core/$branch"

if [ -f "$dest/wp-includes/version.php" ]; then
	exit 0
fi

case "$branch" in
	7.1) release=7.1.4; suite=sid; debs="wordpress wordpress-theme-twentytwentyfive libjs-cropper libjs-jquery-ui libjs-lodash libjs-underscore libphp-phpmailer php-getid3" ;;
	6.8) release=6.8.12; suite=trixie; debs="wordpress wordpress-theme-twentytwentyfive libjs-cropper libjs-lodash libjs-underscore php-getid3" ;;
	*) die "No known source for WordPress $branch (known: 7.1, 6.8)." ;;
esac

work="$WPMUS_ENV_DIR/cache/wordpress-$branch"
rm -rf "$work" && mkdir -p "$work"

official_release() {
	curl -fsSL --connect-timeout 5 --max-time 120 "https://wordpress.org/wordpress-$release.tar.gz" \
		-o "$work/wordpress.tar.gz" 2>/dev/null || return 1
	tar -xzf "$work/wordpress.tar.gz" -C "$work" || return 1
	mv "$work/wordpress" "$dest.tmp"
}

composer_package() {
	command -v composer >/dev/null || return 1
	timeout 120 composer create-project --quiet --no-interaction --no-install --no-scripts \
		johnpbloch/wordpress-core "$work/composer" "$release" >/dev/null 2>&1 || return 1
	[ -f "$work/composer/wp-includes/version.php" ] || return 1
	mv "$work/composer" "$dest.tmp"
}

debian_package() {
	# Reuse the mirror this machine's apt already uses, pointed at another suite.
	local mirror
	mirror=$(grep -hoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
		awk '{print $2}' | grep -E '/debian/?$' | head -n 1)
	[ -n "$mirror" ] || return 1
	local apt="$work/apt"
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$work/debs" "$work/root"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > "$apt/sources.list"
	local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
	apt-get "${opts[@]}" -qq update >/dev/null || return 1
	(cd "$work/debs" && apt-get "${opts[@]}" -qq download $debs >/dev/null) || return 1
	for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
	local wp="$work/root/usr/share/wordpress"
	rm -f "$wp/.htaccess" "$wp/wp-config.php"
	cp -rL "$wp" "$dest.tmp" 2>"$work/cp.log" || { cat "$work/cp.log" >&2; return 1; }
}

mkdir -p "$(dirname "$dest")"
rm -rf "$dest.tmp"
if official_release; then
	say "WordPress $release: official release."
elif composer_package; then
	say "WordPress $release: Composer package johnpbloch/wordpress-core."
elif debian_package; then
	say "WordPress $branch: Debian package ($suite)."
else
	die "Could not obtain WordPress $branch: neither the official release nor Debian's '$suite' package could be downloaded."
fi
mv "$dest.tmp" "$dest"
rm -rf "$work"
