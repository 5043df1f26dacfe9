#!/usr/bin/env bash
# The house rules that a reader can check by machine (ENGINEERING.md, section
# 5): SQL lives only in src/store/, and no source file grows past 900 lines.
# Prints every breach and exits 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

# A string literal that starts an SQL statement, outside src/store/.
sql=$(grep -rnE --include='*.cc' --include='*.h' \
  '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|BEGIN|COMMIT|PRAGMA|COPY)[[:space:]]' \
  src | grep -v '^src/store/' || true)
if [[ -n "$sql" ]]; then
  echo "check-layout: SQL outside src/store/:"
  echo "$sql" | sed 's/^/  /'
  status=1
fi

while IFS= read -r f; do
  n=$(wc -l <"$f")
  if ((n > 900)); then
    echo "check-layout: $f has $n lines (at most 900)"
    status=1
  fi
done < <(find src -name '*.cc' -o -name '*.h')

if ((status == 0)); then echo "check-layout: ok"; fi
exit $status
