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
# not ignored ones) whose node_modules is the tree CI has on that line: this checkout's node_modules
# with `npm install --no-save promptfoo@~<line>` run over it by that Node.js, made once per line and
# lockfile. It is a real npm tree (not links into this checkout's), so a test that installs
# labelgate's tarball with npm (tests/package) gets the same answer from npm as on CI.
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

# This checkout's node_modules with promptfoo <line> installed over it by that Node.js (its engines
# field decides what installs), as CI does after `npm ci`.
# Files are hard links to this checkout's (a copy where the file system refuses), so nothing may
# write into one: npm's hidden lockfile and the tools' caches are left out, npm replaces the
# packages it changes with new files and only unlinks the ones it removes.
modules="$(cd "$root/node_modules" && pwd -P)"
tree="$cache/tree-node$node_major-promptfoo$promptfoo_line"
stamp="$(cat "$root/package.json" "$root/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$tree/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "making node_modules with promptfoo@~$promptfoo_line in $tree (a minute or two)" >&2
  rm -rf "$tree"
  mkdir -p "$tree"
  cp "$root/package.json" "$root/package-lock.json" "$tree/"
  cp -al "$modules" "$tree/node_modules" 2>/dev/null || { rm -rf "$tree/node_modules" && cp -a "$modules" "$tree/node_modules"; }
  rm -rf "$tree/node_modules/.package-lock.json" "$tree/node_modules/.vite" "$tree/node_modules/.vite-temp" "$tree/node_modules/.cache"
  (cd "$tree" && PATH="$node_bin:$PATH" npm install --no-save --no-audit --no-fund --prefer-offline "promptfoo@~$promptfoo_line" >&2)
  echo "$stamp" >"$tree/stamp"
fi

# The checkout's files beside that node_modules.
work="$cache/run-node$node_major-promptfoo$promptfoo_line"
rm -rf "$work"
mkdir -p "$work"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | grep -zv "^node_modules$" | tar --null -T - -cf - --ignore-failed-read 2>/dev/null) | tar -xf - -C "$work"
ln -s "$tree/node_modules" "$work/node_modules"

cd "$work"
# No test file or folder among the arguments (only options): the promptfoo-facing tests.
files=0
for arg in "$@"; do case "$arg" in -*) ;; *) files=1 ;; esac; done
if [ "$files" -eq 0 ]; then set -- "$@" tests/promptfoo tests/plugin tests/cli/eval*.test.ts; fi
export PATH="$node_bin:$PATH"
echo "node $(node --version), promptfoo $(node -p 'require("./node_modules/promptfoo/package.json").version'), in $work" >&2
CI="${CI:-true}" node node_modules/vitest/vitest.mjs run "$@"
