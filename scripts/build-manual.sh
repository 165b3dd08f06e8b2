#!/bin/sh
# Writes the man pages into DIR from the command definitions themselves (argument-parser's
# generate-manual plugin, run on the debug build), named as git names its own:
# tsa-report(1), tsa-report-usage(1), tsa-report-package-add(1)… Their date is the last
# commit's, so the same sources give the same pages.
# Usage: scripts/build-manual.sh DIR
set -eu
out="$1"
swift="${SWIFT:-swift}"
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
$swift package generate-manual --multi-page --date "$date" --configuration debug \
  --authors 'tsa-report developers' >/dev/null 2>&1
generated=.build/plugins/GenerateManual/outputs/tsa-report
rm -rf "$out" && mkdir -p "$out"
for page in "$generated"/*.1; do
  name=$(basename "$page" .1)
  case "$name" in tsa-report.help | tsa-report.*.help) continue ;; esac
  target=$(echo "$name" | tr . -)
  # tsa-report.package.add → tsa-report-package-add, in the title and the cross-references;
  # the help command's page is not shipped (tsa-report help X shows the same as X --help).
  sed -e '/^\.Xr tsa-report\.help /d' \
    -e '/^\.Xr tsa-report\.\([a-z.-]*\)\.help /d' \
    -e '/^\.Xr tsa-report\./{ s/^\.Xr //; s/\./-/g; s/^/.Xr /; }' \
    -e 's/^$/.Pp/' \
    -e "/^\\.Sh NAME/,/^\\.Sh SYNOPSIS/s/^\\.Nm .*/.Nm $target/" \
    -e "/^\\.Sh SYNOPSIS/,/^\\.Sh /s/^\\.Nm\$/.Nm \"$(echo "$name" | tr . ' ')\"/" \
    -e '/^\.Dt TSA-REPORT\./{ s/^\.Dt //; s/\./-/g; s/^/.Dt /; }' \
    "$page" >"$out/$target.1"
done
