#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, one after another, at low priority.
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# Seeds are made at run time in fuzz/work/seeds/: the files of corpus/ and
# pieces of the seed reports in ../shared/seeds/ (as UTF-8, GBK, UTF-16LE and
# with stray bytes), so no seed text is copied into the repository. What
# libFuzzer finds goes to fuzz/work/corpus/TARGET, crashes to
# fuzz/artifacts/TARGET, logs to fuzz/work/logs/TARGET.log; all are ignored
# by git. cargo-fuzz needs nightly flags: RUSTC_BOOTSTRAP=1 lets the stable
# toolchain take them.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(decode readers clean documents figures items pipeline)
fi
export RUSTC_BOOTSTRAP=1

mkdir -p work/seeds work/logs
python3 - <<'PY'
import os, pathlib
root = pathlib.Path("..")
out = pathlib.Path("work/seeds")
texts = []
for d in (root / "corpus", root / ".." / "shared" / "seeds"):
    if d.is_dir():
        for p in sorted(d.glob("*.txt")):
            texts.append((p.stem, p.read_bytes()))
def pieces(b, size=3000):
    # Cut at line ends so pieces stay whole text.
    i = 0
    while i < len(b):
        j = b.find(b"\n", i + size)
        j = len(b) if j < 0 else j + 1
        yield b[i:j]
        i = j
for target in ("decode", "clean", "documents", "figures", "items", "pipeline"):
    (out / target).mkdir(parents=True, exist_ok=True)
n = 0
for stem, raw in texts:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", "replace")
    for k, piece in enumerate(pieces(text.encode("utf-8"))):
        s = piece.decode("utf-8", "replace")
        variants = {
            "u8": piece,
            "gbk": s.encode("gb18030", "replace"),
            "u16": s.encode("utf-16-le"),
            "bad": piece[: len(piece) // 2] + b"\xff" + piece[len(piece) // 2 :],
        }
        for v, b in variants.items():
            name = f"{stem}_{k}_{v}"
            for target in ("decode", "clean", "documents", "items", "pipeline"):
                (out / target / name).write_bytes(b)
            if v == "u8":
                # figures: 2 bytes start, 2 bytes end, 1 byte year, then text.
                for h, head in enumerate((b"\x00\x00\xff\xff\x1c", b"\x03\x00\x40\x00\x00")):
                    (out / "figures" / f"{name}_{h}").write_bytes(head + b)
            n += 1
print(f"fuzz seeds: {n} pieces from {len(texts)} files")
PY

for t in "${targets[@]}"; do
  mkdir -p "work/corpus/$t"
  echo "== $t: ${secs}s (log: fuzz/work/logs/$t.log)"
  # -timeout: one input taking over 10 s is a hang worth reporting.
  if nice -n 19 cargo fuzz run "$t" "work/corpus/$t" "work/seeds/$t" -- \
      -max_total_time="$secs" -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 >"work/logs/$t.log" 2>&1; then
    status=ok
  else
    status="FAILED (see the log and fuzz/artifacts/$t)"
  fi
  runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "work/logs/$t.log" | tail -1 || true)
  echo "   $status ${runs:-}"
done
