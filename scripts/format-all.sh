#!/usr/bin/env bash
# Formats the whole repository once with Biome (biome.json), to be committed on its own: Biome's formatter,
# its safe fixes (e.g. `import type`), and the removal of unused imports (an unsafe fix in Biome, applied only
# for that rule). Then checks that nothing broke and that `npm run lint` passes.
#
# Usage: bash scripts/format-all.sh && git commit -am "Format: the whole repository with Biome"
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "commit or stash your changes first: the formatting commit should hold nothing else" >&2
  exit 1
fi
npx biome lint --only=correctness/noUnusedImports --write --unsafe .
npx biome check --write .
npm run typecheck
npm run lint
git status --short | wc -l | xargs echo "files changed:"
