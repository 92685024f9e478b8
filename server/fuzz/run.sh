#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each) with cargo fuzz and libFuzzer
# (AddressSanitizer), seeded with the shipped content, the test fixtures and past crashes.
# A crash is copied to server/fuzz/regressions/<target>/, where the unit test
# `fuzzing::tests::shipped_content_and_past_crashes_pass_every_target` replays it forever after;
# the script then fails.
#
#   server/fuzz/run.sh            # 60 s per target
#   server/fuzz/run.sh 300        # 5 minutes per target
#   server/fuzz/run.sh 60 markdown
#
# cargo fuzz needs nightly features; RUSTC_BOOTSTRAP=1 lets the stable toolchain (and the
# AddressSanitizer runtime it ships) provide them, so no nightly is installed.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter markdown search_query attachment)

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

root="$(cd ../.. && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"
  mkdir -p "$corpus" "regressions/$t"
  case "$t" in
    front_matter|markdown) find "$root/content" "$root/tests/fixtures" -name '*.md' -exec cp {} "$corpus/" \; ;;
    search_query) python3 -c "
import json, sys, hashlib, os
for q in json.load(open('$root/tests/fixtures/relevance.json')):
    text = q['q']
    open(os.path.join('$corpus', hashlib.sha1(text.encode()).hexdigest()), 'w').write(text)
" ;;
    attachment) find "$root/tests/fixtures/extra" -path '*/files/*' -type f -exec cp {} "$corpus/" \; ;;
  esac
  find "regressions/$t" -type f ! -name .keep -exec cp {} "$corpus/" \;
  echo "==> $t for ${seconds}s"
  if ! cargo fuzz run "$t" "$corpus" -- -max_total_time="$seconds" -rss_limit_mb=4096 \
       -artifact_prefix="$work/crash-$t-"; then
    failed=1
  fi
  for crash in "$work"/crash-"$t"-*; do
    [ -e "$crash" ] || continue
    cp "$crash" "regressions/$t/"
    echo "crash kept as server/fuzz/regressions/$t/$(basename "$crash")"
    failed=1
  done
done
exit $failed
