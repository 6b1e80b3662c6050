#!/usr/bin/env bash
# The CUDA checks of the engine issue, as one script for a machine with an NVIDIA GPU.
# Writes everything to $OUT (default ./gpu-out). Uses the repo from source (PYTHONPATH), installs nothing;
# a pure-Python wheel the machine lacks (platformdirs) can lie in .gpu_wheels/ and is put on the path.
#   QPM_MINUTES=0.25,0.5,1 (default): marks of the quality-per-minute curve at 64 and 128 px; empty skips it.
set -u
OUT=${OUT:-gpu-out}
mkdir -p "$OUT"
export PYTHONPATH="$PWD:$(ls "$PWD"/.gpu_wheels/*.whl 2>/dev/null | tr '\n' ':')${PYTHONPATH:-}"
{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  python3 -c "import sys, torch; print(sys.version); print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
  for m in torchvision PIL numpy tqdm platformdirs; do
    python3 -c "import $m; print('$m', getattr($m, '__version__', 'ok'))" 2>&1 | tail -1
  done
} > "$OUT/env.txt" 2>&1
cat "$OUT/env.txt"

echo "== devices"; python3 -m aigc_desktop.cli devices 2>&1 | tee "$OUT/devices.txt"

echo "== throughput 64px bf16 (DCGAN size)"
timeout 240 python3 benchmarks/throughput.py --device cuda --amp bf16 --resolution 64 --width 64 --batch 64 \
  --steps 25 --rounds 3 --cache "$OUT/cache" 2>&1 | tee "$OUT/throughput_cuda_bf16.txt"

echo "== throughput 64px fp16 (the GradScaler path)"
timeout 180 python3 benchmarks/throughput.py --device cuda --amp fp16 --resolution 64 --width 64 --batch 64 \
  --steps 25 --rounds 2 --cache "$OUT/cache" 2>&1 | tee "$OUT/throughput_cuda_fp16.txt"

echo "== CLI train, gpu-standard preset, 60 s"
timeout 150 python3 -m aigc_desktop.cli train --demo --out "$OUT/run" --preset gpu-standard --minutes 1 \
  --sample-every 500 --checkpoint-every 1000 2> "$OUT/train_stderr.txt"
echo "rc=$?"; tail -c 1500 "$OUT/train_stderr.txt" | tr '\r' '\n' | tail -8
python3 -m aigc_desktop.cli generate "$OUT/run" -n 64 --out "$OUT/generated" --device cuda 2>&1 | tail -2
cp "$OUT"/run/metrics.jsonl "$OUT/metrics.jsonl" 2>/dev/null
ls "$OUT/run/samples" | tail -3
rm -rf "$OUT/cache" "$OUT/run/cache" "$OUT/run/checkpoints"

QPM_MINUTES=${QPM_MINUTES-0.25,0.5,1}
if [ -n "$QPM_MINUTES" ]; then
  echo "== quality per minute on the GPU: gpu-standard and gpu-high against the plain DCGAN at 64 and 128 px"
  timeout 420 python3 benchmarks/quality_per_minute.py --device cuda --sets demo --images 500 \
    --configs gpu-standard,plain-dcgan-64,gpu-high,plain-dcgan-128 --minutes "$QPM_MINUTES" \
    --out "$OUT/qpm" --cache "$OUT/census-cache" --fresh 2>&1 | tee "$OUT/quality_per_minute_cuda.txt"
  rm -rf "$OUT/qpm/runs" "$OUT/qpm/pictures" "$OUT/census-cache"
fi
