#!/bin/sh
# Installs a built tsa-report with everything a system tool carries: the binary (stripped),
# man pages, bash/zsh/fish completions, the systemd units (not enabled) and the example
# settings. Run by `make install` and `make deb`.
# Usage: scripts/install.sh BINARY MANDIR-OF-GENERATED-PAGES
# Environment: DESTDIR (staging root for packagers), PREFIX (default /usr/local),
# SYSCONFDIR (default /etc), UNITDIR (default PREFIX/lib/systemd/system; /lib/systemd/system
# for PREFIX=/usr).
set -eu
binary="$1"
pages="$2"
prefix="${PREFIX:-/usr/local}"
sysconfdir="${SYSCONFDIR:-/etc}"
destdir="${DESTDIR:-}"
if [ "$prefix" = /usr ]; then
  unitdir="${UNITDIR:-/lib/systemd/system}"
  zshdir="$prefix/share/zsh/vendor-completions"
else
  unitdir="${UNITDIR:-$prefix/lib/systemd/system}"
  zshdir="$prefix/share/zsh/site-functions"
fi
root="$destdir"

install -d "$root$prefix/bin" "$root$prefix/share/man/man1" \
  "$root$prefix/share/bash-completion/completions" "$root$zshdir" \
  "$root$prefix/share/fish/vendor_completions.d" "$root$unitdir" \
  "$root$prefix/share/doc/tsa-report/examples" "$root$sysconfdir/tsa-report"
install -m 0755 "$binary" "$root$prefix/bin/tsa-report"
strip --strip-unneeded --remove-section=.comment "$root$prefix/bin/tsa-report"

for page in "$pages"/*.1; do
  gzip -9n <"$page" >"$root$prefix/share/man/man1/$(basename "$page").gz"
  chmod 0644 "$root$prefix/share/man/man1/$(basename "$page").gz"
done

# The completion scripts come from the command definitions, like the man pages.
# bash-completion sources its files: no #! line.
"$binary" --generate-completion-script bash | sed '1{/^#!/d}' \
  >"$root$prefix/share/bash-completion/completions/tsa-report"
"$binary" --generate-completion-script zsh >"$root$zshdir/_tsa-report"
"$binary" --generate-completion-script fish >"$root$prefix/share/fish/vendor_completions.d/tsa-report.fish"
chmod 0644 "$root$prefix/share/bash-completion/completions/tsa-report" "$root$zshdir/_tsa-report" \
  "$root$prefix/share/fish/vendor_completions.d/tsa-report.fish"

for unit in packaging/systemd/*; do
  sed -e "s|@BINDIR@|$prefix/bin|g" -e "s|@SYSCONFDIR@|$sysconfdir|g" "$unit" \
    >"$root$unitdir/$(basename "$unit")"
  chmod 0644 "$root$unitdir/$(basename "$unit")"
done

install -m 0644 packaging/config.toml "$root$prefix/share/doc/tsa-report/examples/config.toml"
# The settings an administrator edited are never replaced.
if [ ! -e "$root$sysconfdir/tsa-report/config.toml" ]; then
  install -m 0644 packaging/config.toml "$root$sysconfdir/tsa-report/config.toml"
fi
echo "Installed tsa-report into ${destdir:-}$prefix (settings: $sysconfdir/tsa-report/config.toml)." >&2
