#!/usr/bin/env bash
# Runs tests on another Node.js and promptfoo line than this checkout's (the lockfile pins the line
# that runs on Node 20). See docs/promptfoo.md.
#
#   scripts/promptfoo-line.sh [--node 22] [--promptfoo 0.123] [--] [vitest run arguments...]
#
# Without a test file or folder among the arguments (options only, written --name=value) it runs
# the promptfoo-facing tests: tests/promptfoo, tests/plugin and tests/cli/eval*.test.ts. Node.js
# comes from the registry package node-<platform>-<arch>@<major>, promptfoo from
# promptfoo@~<line>, both installed once into $LABELGATE_LINES_DIR (default:
# $TMPDIR/labelgate-lines). The tests run in a copy of the checkout (tracked and untracked files,
# not ignored ones) whose node_modules links every package of this checkout's but promptfoo.
set -euo pipefail
shopt -s nullglob

node_major=22
promptfoo_line=0.123
while [ $# -gt 0 ]; do
  case "$1" in
    --node) node_major="$2"; shift 2 ;;
    --promptfoo) promptfoo_line="$2"; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${LABELGATE_LINES_DIR:-${TMPDIR:-/tmp}/labelgate-lines}"
platform="$(node -p 'process.platform + "-" + process.arch')"
mkdir -p "$cache"

# Node.js <major>: the official binary, as the registry package node-<platform>-<arch> ships it.
node_dir="$cache/node-$node_major"
node_bin="$node_dir/node_modules/node-$platform/bin"
if [ ! -x "$node_bin/node" ]; then
  echo "installing node-$platform@$node_major into $node_dir" >&2
  npm install --prefix "$node_dir" --no-save --no-audit --no-fund "node-$platform@$node_major" >&2
fi

# promptfoo <line>, installed by that Node.js (its engines field decides what installs).
pf_dir="$cache/promptfoo-$promptfoo_line"
if [ ! -f "$pf_dir/node_modules/promptfoo/package.json" ]; then
  echo "installing promptfoo@~$promptfoo_line into $pf_dir (a few minutes)" >&2
  mkdir -p "$pf_dir"
  [ -f "$pf_dir/package.json" ] || echo '{ "name": "promptfoo-line", "private": true }' >"$pf_dir/package.json"
  PATH="$node_bin:$PATH" npm install --prefix "$pf_dir" --no-audit --no-fund "promptfoo@~$promptfoo_line" >&2
fi

# The checkout's files, with node_modules linked package by package and promptfoo swapped.
work="$cache/run-node$node_major-promptfoo$promptfoo_line"
rm -rf "$work"
mkdir -p "$work/node_modules/.bin"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | grep -zv "^node_modules$" | tar --null -T - -cf - --ignore-failed-read 2>/dev/null) | tar -xf - -C "$work"
for entry in "$root"/node_modules/* "$root"/node_modules/.[!.]*; do
  name="$(basename "$entry")"
  case "$name" in .bin | promptfoo | .package-lock.json) continue ;; esac
  ln -s "$entry" "$work/node_modules/$name"
done
ln -s "$pf_dir/node_modules/promptfoo" "$work/node_modules/promptfoo"
for entry in "$root"/node_modules/.bin/*; do
  name="$(basename "$entry")"
  case "$name" in promptfoo | pf) ln -s "$pf_dir/node_modules/.bin/$name" "$work/node_modules/.bin/$name" ;; *) ln -s "$entry" "$work/node_modules/.bin/$name" ;; esac
done

cd "$work"
# No test file or folder among the arguments (only options): the promptfoo-facing tests.
files=0
for arg in "$@"; do case "$arg" in -*) ;; *) files=1 ;; esac; done
if [ "$files" -eq 0 ]; then set -- "$@" tests/promptfoo tests/plugin tests/cli/eval*.test.ts; fi
export PATH="$node_bin:$PATH"
echo "node $(node --version), promptfoo $(node -p 'require("./node_modules/promptfoo/package.json").version'), in $work" >&2
CI="${CI:-true}" node node_modules/vitest/vitest.mjs run "$@"
