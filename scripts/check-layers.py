#!/usr/bin/env python3
"""Each target imports only the targets Package.swift says it depends on.

SwiftPM lets a target import any module built before it, also one its dependencies depend on:
Report could read the Store through Ledger's dependency. This check holds each source file to
its own target's declared dependencies (and the system modules), so the layers stay layers.
Run by `make lint`.
"""
import json
import os
import re
import subprocess
import sys

package = json.loads(
    subprocess.run(
        ["swift", "package", "dump-package"], check=True, capture_output=True, text=True
    ).stdout
)
targets = {t["name"]: t for t in package["targets"]}
ours = set(targets)
problems = []
for name, target in targets.items():
    if target["type"] not in ("regular", "executable"):
        continue
    allowed = set()
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                allowed.add(dependency[kind][0])
    path = target.get("path") or os.path.join("Sources", name)
    for folder, _, files in os.walk(path):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            source = os.path.join(folder, file)
            for number, line in enumerate(open(source, encoding="utf-8"), 1):
                match = re.match(r"\s*(?:@\w+\s+)*import\s+(?:\w+\s+)?(\w+)", line)
                if not match:
                    continue
                module = match.group(1)
                if module in ours and module not in allowed:
                    problems.append(
                        f"{source}:{number}: {name} imports {module}, which it does not depend"
                        f" on in Package.swift (layers: README, Layout)"
                    )
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
