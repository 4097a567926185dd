#!/usr/bin/env bash
# Measures the throughput of "deepmerge -lines" on a generated JSON Lines
# export of user records, with one worker and with two, beside jq's "*"
# on the same file; and of "deepmerge validate -lines" and "deepmerge
# normalize -lines" on the same export with one record in 100 damaged
# (genusers -damage 100: repeated names, raw Latin-1 bytes, unpaired
# surrogate escapes, at depths 1 to 5). It prints MB/s (10^6 bytes of
# input a second) from the median of several runs.
#
#   bash cmd/deepmerge/bench_lines.sh
#
# Settings, from the environment: BENCH_DIR (where the binary, the stream
# and the results go; default $TMPDIR/deepmerge-bench-lines), BENCH_BYTES
# (the size of the stream; default 200000000), BENCH_RUNS (runs of each
# command; default 5). Uses hyperfine when it is installed, and
# /usr/bin/time otherwise; needs jq. The machine should be otherwise idle:
# the script prints the load before and after.
set -euo pipefail
cd "$(dirname "$0")"

work=${BENCH_DIR:-${TMPDIR:-/tmp}/deepmerge-bench-lines}
size=${BENCH_BYTES:-200000000}
runs=${BENCH_RUNS:-5}
mkdir -p "$work"

go build -o "$work/deepmerge" .
if [ "$(cat "$work/users.bytes" 2>/dev/null || true)" != "$size" ] || [ ! -s "$work/users.jsonl" ]; then
	go run ./internal/users/genusers -bytes "$size" >"$work/users.jsonl"
	echo "$size" >"$work/users.bytes"
fi
if [ "$(cat "$work/damaged.bytes" 2>/dev/null || true)" != "$size" ] || [ ! -s "$work/damaged.jsonl" ]; then
	go run ./internal/users/genusers -bytes "$size" -damage 100 >"$work/damaged.jsonl"
	echo "$size" >"$work/damaged.bytes"
fi
cp ../../examples/patch.json "$work/patch.json"
stream=$work/users.jsonl
bytes=$(wc -c <"$stream")
damaged=$work/damaged.jsonl
dbytes=$(wc -c <"$damaged")

echo "date:   $(date -u +%Y-%m-%dT%H:%MZ)"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
echo "go:     $(go version)"
echo "jq:     $(jq --version)"
echo "stream: $bytes bytes, $(wc -l <"$stream") lines"
echo "damaged stream: $dbytes bytes, $(wc -l <"$damaged") lines"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (before)"

# validate exits with 1 on the damaged stream, as it should; the commands
# check that, since hyperfine stops on a failing command.
names=("deepmerge -lines -workers 1" "deepmerge -lines -workers 2"
	"deepmerge validate -lines -workers 1" "deepmerge validate -lines -workers 2"
	"deepmerge normalize -lines -workers 1" "deepmerge normalize -lines -workers 2"
	"jq -c '. * \$p'")
cmds=(
	"$work/deepmerge -lines -workers 1 $stream $work/patch.json"
	"$work/deepmerge -lines -workers 2 $stream $work/patch.json"
	"$work/deepmerge validate -lines -workers 1 $damaged 2>/dev/null; test \$? -eq 1"
	"$work/deepmerge validate -lines -workers 2 $damaged 2>/dev/null; test \$? -eq 1"
	"$work/deepmerge normalize -lines -workers 1 $damaged 2>/dev/null"
	"$work/deepmerge normalize -lines -workers 2 $damaged 2>/dev/null"
	"jq -c --argjson p \"\$(cat $work/patch.json)\" '. * \$p' $stream"
)
inputs=("$bytes" "$bytes" "$dbytes" "$dbytes" "$dbytes" "$dbytes" "$bytes")
last=$((${#cmds[@]} - 1)) # jq

# The outputs first: both worker counts must write the same bytes.
"$work/deepmerge" -lines -workers 1 "$stream" "$work/patch.json" >"$work/out1.jsonl"
"$work/deepmerge" -lines -workers 2 "$stream" "$work/patch.json" >"$work/out2.jsonl"
cmp "$work/out1.jsonl" "$work/out2.jsonl"
jq -c --argjson p "$(cat "$work/patch.json")" '. * $p' "$stream" >"$work/outjq.jsonl"
# validate finds one line in 100; normalize repairs them all, the same
# way on one worker and two, and validate accepts what it writes.
want=$(($(wc -l <"$damaged") / 100))
"$work/deepmerge" validate -lines "$damaged" 2>"$work/validate.err" && exit 1
tail -n 1 "$work/validate.err"
grep -q "^deepmerge: $want of [0-9]* lines invalid\$" "$work/validate.err"
"$work/deepmerge" normalize -lines -workers 1 "$damaged" >"$work/norm1.jsonl" 2>"$work/normalize.err"
"$work/deepmerge" normalize -lines -workers 2 "$damaged" >"$work/norm2.jsonl" 2>/dev/null
cmp "$work/norm1.jsonl" "$work/norm2.jsonl"
tail -n 1 "$work/normalize.err"
grep -q "^deepmerge: .*: $want of [0-9]* lines repaired\$" "$work/normalize.err"
"$work/deepmerge" validate -lines "$work/norm1.jsonl"

# medians prints, for each command, the median wall time, user and system
# CPU seconds.
if command -v hyperfine >/dev/null; then
	args=()
	for i in "${!cmds[@]}"; do
		args+=(-n "${names[$i]}" "${cmds[$i]}")
	done
	hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" "${args[@]}" >&2
	medians() {
		jq -r '.results[] | [.median, (.user // 0), (.system // 0)] | @tsv' "$work/hyperfine.json"
		# hyperfine reports mean user and system times; the median is of
		# the wall times.
	}
	how="hyperfine, $runs runs after 1 warm-up, median wall time"
else
	for i in "${!cmds[@]}"; do
		for _ in $(seq "$runs"); do
			/usr/bin/time -f '%e %U %S' -o "$work/time.txt" bash -c "{ ${cmds[$i]}; } >/dev/null"
			cat "$work/time.txt"
		done | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}' | tr ' ' '\t'
	done >"$work/times.tsv"
	medians() { cat "$work/times.tsv"; }
	how="/usr/bin/time, $runs runs, median wall time"
fi

echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (after)"
echo
echo "| command | median s | MB/s | user+sys CPU s | vs jq |"
echo "| --- | --- | --- | --- | --- |"
mapfile -t rows < <(medians)
jqsecs=$(cut -f1 <<<"${rows[$last]}")
for i in "${!cmds[@]}"; do
	IFS=$'\t' read -r secs user sys <<<"${rows[$i]}"
	awk -v n="${names[$i]}" -v s="$secs" -v u="$user" -v y="$sys" -v b="${inputs[$i]}" -v j="$jqsecs" \
		'BEGIN { printf "| `%s` | %.3f | %.0f | %.2f | %.1f× |\n", n, s, b / s / 1e6, u + y, j / s }'
done
echo "($how)"

# jq's "*" is not RFC 7396: it keeps a null in the patch as a member
# instead of removing the member, and jq 1.6 reads numbers as doubles.
# Show the shortest of the first 1000 records where the outputs differ.
echo
paste -d'\n' <(head -n 1000 "$work/out1.jsonl") <(head -n 1000 "$work/outjq.jsonl") |
	awk 'NR % 2 == 1 { dm = $0; next }
		$0 != dm && (best == "" || length(dm) < length(best)) { best = dm; bestjq = $0; line = NR / 2 }
		END { if (best != "") printf "record %d, deepmerge:\n%s\nrecord %d, jq:\n%s\n", line, best, line, bestjq }'
