#!/usr/bin/env bash
# Proves a test run leaves the checkout as it found it.
#
#   scripts/tree-state.sh save FILE    writes the checkout's state to FILE
#   scripts/tree-state.sh check FILE   fails, naming each path, if the state
#                                      differs from the one saved in FILE
#
# The state is every untracked (and not ignored) or modified path with a
# digest of its content, so a file that was already modified before the run
# and is written again by it counts too.  The shared data beside the
# checkout (../shared/data, or $JJM_SHARED_DATA), which tests read, counts
# too: every file in it with its size and modification time, so a test that
# writes beside an input it reads (an import's *.rejected.csv) fails the run.
# Outside a git checkout there is nothing to compare and both succeed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?save or check}
file=${2:?state file}

state() {
  git status --porcelain=v1 --untracked-files=all -z |
    while IFS= read -r -d '' entry; do
      path=${entry:3}
      if [[ -f "$path" ]]; then
        printf '%s %s\n' "$(sha1sum <"$path" | cut -c1-40)" "$entry"
      else
        printf '%s %s\n' "-" "$entry"
      fi
    done | sort
  local shared=${JJM_SHARED_DATA:-../shared/data}
  if [[ -d "$shared" ]]; then
    find -H "$shared" -type f -printf 'shared %P %s %T@\n' | sort
  fi
}

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then exit 0; fi
case "$mode" in
  save) state >"$file" ;;
  check)
    now=$(mktemp)
    state >"$now"
    if ! diff -u "$file" "$now" >/dev/null; then
      echo "tree-state: the test run changed the checkout or the shared data:" >&2
      diff "$file" "$now" | grep '^[<>]' | sed 's/^</  before:/; s/^>/  after: /' >&2
      rm -f "$now"
      exit 1
    fi
    rm -f "$now"
    ;;
  *) echo "tree-state: save or check" >&2; exit 2 ;;
esac
