#!/usr/bin/env bash
# Clang's thread-safety analysis over every translation unit of the build
# (as LevelDB does): the GUARDED_BY / REQUIRES / ACQUIRE annotations of
# src/base/thread_annotations.h must hold.  GCC builds ignore them; this
# runs clang++ -fsyntax-only with the flags CMake recorded for each file.
#
#   scripts/check-thread-safety.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
db="$build/compile_commands.json"
[[ -f "$db" ]] || { echo "check-thread-safety: no $db; build first" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "check-thread-safety: clang++ missing (apt-get install clang)" >&2; exit 2; }

python3 - "$db" <<'PY'
import json, shlex, subprocess, sys, os
from concurrent.futures import ThreadPoolExecutor
entries = json.load(open(sys.argv[1]))
root = os.getcwd()
jobs = []
for e in entries:
    f = e['file']
    if not f.startswith(os.path.join(root, 'src') + '/'):
        continue  # tests and generated files
    args = shlex.split(e['command'])[1:]
    out = []
    skip = False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a in ('-o', '-c'):
            skip = True
            continue
        if a.startswith('-W') or a in ('-O3', '-O2', '-g'):
            continue
        out.append(a)
    cmd = (['clang++', '-fsyntax-only', '-Wthread-safety', '-Werror=thread-safety',
            '-Wno-unknown-warning-option'] + out + [f])
    jobs.append((f, cmd, e['directory']))

def run(job):
    f, cmd, d = job
    r = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
    return f, r.returncode, r.stderr

failed = 0
with ThreadPoolExecutor(max_workers=2) as pool:
    for f, rc, err in pool.map(run, jobs):
        if rc != 0:
            failed += 1
            sys.stdout.write(err)
print(f"check-thread-safety: {len(jobs)} files, {failed} with errors")
sys.exit(1 if failed else 0)
PY
