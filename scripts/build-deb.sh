#!/bin/sh
# make deb: dist/tsa-report_VERSION_ARCH.deb, a package that needs no Swift toolchain.
# The release binary links the Swift standard library and Foundation statically; its
# Depends: are what dpkg-shlibdeps finds the binary needs, not a list kept by hand.
set -eu
swift="${SWIFT:-swift}"
version=$(sed -n 's/^ *version: "\(.*\)",$/\1/p' Sources/tsa-report/TSAReportCommand.swift)
arch=$(dpkg --print-architecture)
stage=$(mktemp -d "${TMPDIR:-/tmp}/tsa-report-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root="$stage/root"

# Bound at load time, relocations read-only (lintian's hardening checks); as make release.
flags="--static-swift-stdlib -Xlinker -z -Xlinker now -Xlinker -z -Xlinker relro"
$swift build -c release $flags
binary="$($swift build -c release $flags --show-bin-path)/tsa-report"
$swift build --product tsa-report  # the man pages are read off the debug build's definitions
scripts/build-manual.sh "$stage/man"

DESTDIR="$root" PREFIX=/usr SYSCONFDIR=/etc scripts/install.sh "$binary" "$stage/man"

doc="$root/usr/share/doc/tsa-report"
install -m 0644 packaging/debian/copyright "$doc/copyright"
date=$(date -R -u -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$date/" packaging/debian/changelog |
  gzip -9n >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
install -m 0644 README.md "$doc/README.md"

# Depends: computed from the binary (dpkg-shlibdeps reads a debian/control of its own).
mkdir -p "$stage/src/debian"
printf 'Source: tsa-report\n\nPackage: tsa-report\nArchitecture: any\n' >"$stage/src/debian/control"
shlibs=$(cd "$stage/src" && dpkg-shlibdeps -O "$root/usr/bin/tsa-report" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm \
  "$root/DEBIAN/"
(cd "$root" && find etc -type f | sed 's|^|/|' | sort) >"$root/DEBIAN/conffiles"
(cd "$root" && find usr lib -type f ! -path 'DEBIAN/*' | sort | xargs md5sum) \
  >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"
size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: tsa-report
Version: $version
Architecture: $arch
Maintainer: tsa-report developers <tsa-report@example.org>
Installed-Size: $size
Depends: $shlibs, adduser
Suggests: default-mta | mail-transport-agent, nginx | apache2
Section: admin
Priority: optional
Description: books of prepaid qualified RFC 3161 time stamps
 tsa-report keeps an organisation's own books of the qualified time stamps it
 buys in prepaid packages (such as PostSignum's): it imports the logs of its
 TSA clients and proxies (nginx, Apache, Caddy, HAProxy, Traefik, JSON lines,
 the DER tokens themselves) into SQLite, reports consumption by period,
 contract and user against the packages bought (text, CSV, XLSX), writes the
 accountant's monthly bundle and mails a warning before the stamps run out.
 .
 The package runs it as the tsa-report user from systemd timers (shipped
 disabled) with its settings in /etc/tsa-report/config.toml.
CONTROL
chmod 0644 "$root/DEBIAN/control"

mkdir -p dist
out="dist/tsa-report_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "Wrote $out"
