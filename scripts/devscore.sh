#!/usr/bin/env bash
# Build the seed corpus and the devset and score both with the reference scorer.
#   bash scripts/devscore.sh            # core types, both sets
#   bash scripts/devscore.sh --details  # plus per-report missed/spurious (fazhigraph eval)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
py="$top/.venv/bin/python"
shared="$top/../shared"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m fazhigraph build "$top/corpus" -o "$tmp/seed" -q --no-html >/dev/null 2>"$tmp/seed.err"; cat "$tmp/seed.err" | grep -v -i -E "prefix dict|loading model|dumping model" >&2
"$py" -m fazhigraph build "$shared/devset/raw" -o "$tmp/dev" -q --no-html >/dev/null 2>"$tmp/dev.err"; cat "$tmp/dev.err" | grep -v -i -E "prefix dict|loading model|dumping model" >&2
echo "== seeds (../shared/gold)"
"$py" "$shared/tools/score.py" "$tmp/seed/graph.ttl" "$shared/gold"
echo "== devset (../shared/devset/gold)"
"$py" "$shared/tools/score.py" "$tmp/dev/graph.ttl" "$shared/devset/gold"
if [ "${1:-}" = "--details" ]; then
  echo "== seed details"; "$py" -m fazhigraph eval "$shared/gold" -g "$tmp/seed/graph.ttl" | sed -n '/^==/,$p'
  echo "== devset details"; "$py" -m fazhigraph eval "$shared/devset/gold" -g "$tmp/dev/graph.ttl" | sed -n '/^==/,$p'
fi
