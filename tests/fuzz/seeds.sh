#!/bin/sh
# tests/fuzz/seeds.sh DIR — builds the seed corpus for the topology fuzzer in
# DIR (made afresh): every YAML file under topologies/ and tests/ (the bad-input
# corpus, the cases, the include targets) and every regression input in
# tests/fuzz/regress/. Run from the repository root (mk/fuzz.mk does).
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
n=0
for f in $(find topologies tests -name '*.yaml' -type f | sort) $(find tests/fuzz/regress -type f ! -name '*.md' | sort); do
    n=$((n + 1))
    # keep the origin readable in the name; slashes become dashes
    cp "$f" "$dir/$(printf '%04d' "$n")-$(echo "$f" | tr '/' '-')"
done
echo "fuzz: $n seed files in $dir"
