#!/usr/bin/env bash
# Builds and runs the libFuzzer targets in this folder (not a SwiftPM target).
#
#   bash Tests/Fuzz/run.sh                 # build all, fuzz each for $FUZZ_SECONDS (10) seconds
#   bash Tests/Fuzz/run.sh --smoke         # CI: build all, a few seconds each
#   bash Tests/Fuzz/run.sh --build-only    # build only
#   bash Tests/Fuzz/run.sh document rubric # only these targets (framer, document, rubric)
#
# Environment: FUZZ_OUT (build, corpus and artifacts; default /tmp/critique-fuzz, outside
# the repository), FUZZ_SECONDS, SWIFTC (default: swiftc on PATH, else /opt/swift/usr/bin/swiftc),
# FUZZ_JOBS (targets fuzzed at once, default 1), FUZZ_ARGS (extra libFuzzer flags).
#
# Each target: <out>/bin/<target>, corpus <out>/corpus/<target> (seeded from the fixtures
# every run, grows as the fuzzer finds inputs), crash/timeout/OOM inputs in
# <out>/artifacts/<target>/, log in <out>/logs/<target>.log. Exit status 1 if any target
# crashed (or failed to build). Reproduce one input:
#   SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 <out>/bin/<target> <file>
# Minimise a crash: add -minimize_crash=1 -runs=10000 to that command.
# Leak detection is off: LeakSanitizer cannot see through Swift's tagged enum payload
# pointers, so the embedded rubrics (process-lifetime statics) show up as false leaks.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${FUZZ_OUT:-/tmp/critique-fuzz}"
seconds="${FUZZ_SECONDS:-10}"
jobs="${FUZZ_JOBS:-1}"
mode=run
targets=()
for a in "$@"; do
  case "$a" in
    --smoke) mode=run; seconds="${FUZZ_SECONDS:-5}" ;;
    --build-only) mode=build ;;
    framer|document|rubric) targets+=("$a") ;;
    *) echo "usage: $0 [--smoke|--build-only] [framer|document|rubric]..." >&2; exit 2 ;;
  esac
done
((${#targets[@]})) || targets=(framer document rubric)

swiftc="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
# The Swift runtime's own crash reporter would race libFuzzer's signal handler (and can hang);
# libFuzzer and ASan report crashes themselves.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1:symbolize=1}"

log() { printf '==> fuzz: %s\n' "$*"; }
mkdir -p "$out/bin" "$out/logs"

ldflag=()
if "$swiftc" -use-ld=lld -version >/dev/null 2>&1 && command -v "$(dirname "$swiftc")/ld.lld" >/dev/null 2>&1; then
  ldflag=(-use-ld=lld)   # gold prints thousands of ASan "cannot export local symbol" warnings
fi

build() { # target
  # Every target is the core, the framer and the shared pipelines (FuzzPipelines.swift, also
  # used by FuzzRegressionTests), plus a thin entry point that traps on a broken invariant.
  local t="$1" sources=() harness
  case "$t" in
    framer) harness=FuzzFramer.swift ;;
    document) harness=FuzzDocument.swift ;;
    rubric) harness=FuzzRubric.swift ;;
  esac
  while IFS= read -r f; do sources+=("$f"); done < <(find "$root/Sources/CritiqueCore" -name '*.swift' | LC_ALL=C sort)
  sources+=("$root/Sources/CritiqueLSP/Transport/Framer.swift" "$root/Tests/CritiqueTests/FuzzPipelines.swift")
  log "building $t (${#sources[@]} sources + $harness)"
  "$swiftc" -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g \
    "${ldflag[@]}" -module-name "Fuzz_$t" -lm \
    "${sources[@]}" "$here/$harness" -o "$out/bin/$t" >"$out/logs/$t.build.log" 2>&1 || {
      cat "$out/logs/$t.build.log" >&2; return 1; }
}

seed() { # target
  local t="$1" dir="$out/corpus/$t" i=0
  mkdir -p "$dir"
  case "$t" in
    document)
      while IFS= read -r f; do cp "$f" "$dir/seed-$(basename "$f")"; done \
        < <(find "$root/Tests/CritiqueTests/Fixtures" -name '*.critique.md')
      ;;
    rubric)
      while IFS= read -r f; do i=$((i + 1)); cp "$f" "$dir/seed-$i-$(basename "$f")"; done \
        < <(find "$root/Tests/CritiqueTests/Fixtures" -name '*.rubric.json' -o -name 'critique.json' -o -path '*/tasks/*.json'
            find "$root/Tests/CritiqueTests/Fixtures/data" \( -name '*.json' -o -name '*.jsonl' \) -size -256k)
      ;;
    framer)
      local bodies=(
        '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
        '{"jsonrpc":"2.0","method":"initialized","params":{}}'
        '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.critique.md","languageId":"markdown","version":1,"text":"## Style\nA: 4\n"}}}'
        '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
        '{"jsonrpc":"2.0","method":"exit"}'
      )
      local all="" b
      for b in "${bodies[@]}"; do
        i=$((i + 1))
        printf 'Content-Length: %d\r\n\r\n%s' "${#b}" "$b" >"$dir/seed-$i"
        all+="$(printf 'Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n%s' "${#b}" "$b")"
      done
      printf '%s' "$all" >"$dir/seed-stream"
      printf 'Content-Length: 99999999\r\n\r\n{}Content-Length: 2\r\n\r\n{}' >"$dir/seed-oversized"
      printf 'garbage\r\nContent-Length: x\r\n\r\nContent-Length: 2\n\r\n\r\n{}' >"$dir/seed-bad-header"
      ;;
  esac
}

fuzz_one() { # target -> 0 ok, 1 crashed
  local t="$1" maxlen=65536
  [ "$t" = framer ] && maxlen=200000
  mkdir -p "$out/artifacts/$t"
  log "fuzzing $t for ${seconds}s"
  # shellcheck disable=SC2086
  if "$out/bin/$t" "$out/corpus/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len="$maxlen" \
      -timeout=25 -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" ${FUZZ_ARGS:-} \
      >"$out/logs/$t.log" 2>&1; then
    log "$t: $(grep -E 'stat::number_of_executed_units|^Done|DONE' "$out/logs/$t.log" | tr '\n' ' ')"
    return 0
  fi
  log "$t CRASHED; log: $out/logs/$t.log; artifacts: $out/artifacts/$t/"
  grep -E 'Fatal error|ERROR: (AddressSanitizer|libFuzzer)|SUMMARY|Test unit written' "$out/logs/$t.log" | head -20 >&2 || true
  return 1
}

status=0
for t in "${targets[@]}"; do build "$t" || { log "$t failed to build"; status=1; }; done
[ "$status" -eq 0 ] || exit 1
[ "$mode" = build ] && { log "built ${targets[*]} in $out/bin"; exit 0; }

for t in "${targets[@]}"; do seed "$t"; done
pids=(); names=()
for t in "${targets[@]}"; do
  fuzz_one "$t" & pids+=($!); names+=("$t")
  if ((${#pids[@]} >= jobs)); then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}"); names=("${names[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ "$status" -eq 0 ] && log "no crashes" || log "FAILED: a target crashed"
exit "$status"
