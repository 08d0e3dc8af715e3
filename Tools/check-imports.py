#!/usr/bin/env python3
"""Keeps Package.swift honest: every module a target imports is declared, and
every declared dependency is imported (or, for the test targets that run the
built binary, named here as needed to build it). Run: swift package dump-package | python3 Tools/check-imports.py"""
import glob
import json
import re
import sys

SYSTEM = {"Foundation", "FoundationXML", "Testing", "Synchronization", "Dispatch", "XCTest", "Glibc", "Darwin"}
# Modules that come inside a declared product rather than as one of their own.
INSIDE = {"CZlib": "ZIPFoundation"}
# Test targets depend on the executable so that SwiftPM builds it before they run it.
BUILT_NOT_IMPORTED = {"crisismap"}

package = json.load(sys.stdin)
problems = []
for target in package["targets"]:
    name = target["name"]
    kind = target["type"]
    if kind == "system":
        continue
    path = target.get("path") or (("Tests/" if kind == "test" else "Sources/") + name)
    declared = set()
    for dependency in target["dependencies"]:
        for key in ("byName", "target", "product"):
            if key in dependency:
                declared.add(dependency[key][0])
    imported = set()
    for file in glob.glob(path + "/**/*.swift", recursive=True):
        text = open(file, encoding="utf-8").read()
        imported |= set(re.findall(r"^(?:@\w+ )*(?:package |public )?import (?:struct |enum |class |func )?(\w+)", text, re.M))
        # A macro's implementation module is named where the macro is declared, never imported.
        imported |= set(re.findall(r'#externalMacro\(module: "(\w+)"', text))
    imported -= SYSTEM
    missing = {m for m in imported - declared if INSIDE.get(m) not in declared}
    unused = declared - imported - set(INSIDE.values()) - (BUILT_NOT_IMPORTED if kind == "test" else set())
    if missing:
        problems.append(f"{name}: imports {', '.join(sorted(missing))} without declaring it")
    if unused:
        problems.append(f"{name}: declares {', '.join(sorted(unused))} but never imports it")
print("\n".join(problems) if problems else "Package.swift: every import declared, every dependency used")
sys.exit(1 if problems else 0)
