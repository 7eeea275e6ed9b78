#!/usr/bin/env bash
# regen.sh: rebuilds schemaN.db and schemaN.json (N = 1..7) from the
# commits that last wrote each schema; see README.md. Needs Go and the
# module proxy; leaves no worktree behind.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
now=2026-07-02T08:00:00Z
declare -A commit=([2]=cdcffb0 [3]=857a5e2 [4]=957fad7 [5]=e99bfd1 [6]=e567131 [7]=a228822)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# dump N TAGS: what the worktree's own code reports about schemaN.db (on a
# copy: an old store may write when it opens a file).
dump() {
  cp "$here/schema$1.db" "$scratch/copy.db"
  (cd "/tmp/seats-schema$wt" && go run $2 ./fxdump "$scratch/copy.db" "$now") >"$here/schema$1.json"
}

for wt in 2 3 4 5 6 7; do
  dir=/tmp/seats-schema$wt
  git -C "$repo" worktree add --detach "$dir" "${commit[$wt]}"
  cp -r "$here/tools/dump" "$dir/fxdump"
  rm -f "$here/schema$wt.db"
  if [ "$wt" = 2 ]; then
    cp -r "$here/tools/gen2" "$dir/fxgen"
    cp -r "$here/tools/schema1" "$dir/fxschema1"
    (cd "$dir" && go run ./fxgen "$here/schema2.db")
    cp "$here/schema2.db" "$here/schema1.db"
    (cd "$dir" && go run ./fxschema1 "$here/schema1.db")
    dump 1 "-tags noalloc"
    dump 2 "-tags noalloc"
  else
    (cd "$dir" && go build -o seats .)
    "$here/gen.sh" "$dir/seats" "$here/schema$wt.db"
    dump "$wt" ""
  fi
  git -C "$repo" worktree remove --force "$dir"
done
chmod 0644 "$here"/schema*.db
