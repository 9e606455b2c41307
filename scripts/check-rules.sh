#!/usr/bin/env bash
# House rules a linter does not cover: the core stays deterministic and free of the browser, and
# every known shortcoming names its issue. Prints each offending line; exits 1 if there is any.
set -u
cd "$(dirname "$0")/.."
status=0

hits=$(grep -rnE '\b(Math\.random|Date\.now|performance\.now|setTimeout|setInterval|console\.)|new Date\(' src \
  --include='*.ts' --exclude='*.test.ts' --exclude='*.bench.ts' | grep -v '^src/testing/' \
  | grep -vE '^[^:]+:[0-9]+:\s*(//|/?\*)' || true)
if [[ -n "$hits" ]]; then
  printf 'src/ must not read the wall clock, timers, console or Math.random:\n%s\n' "$hits"
  status=1
fi

hits=$(grep -rnE "from '(react|react-dom|d3|d3-[a-z]+|zustand)'|from '(\.\./)+app/" src --include='*.ts' || true)
if [[ -n "$hits" ]]; then
  printf 'src/ must not import the browser shell or UI libraries:\n%s\n' "$hits"
  status=1
fi

hits=$(grep -rnE '\b(TODO|FIXME|XXX)\b' src app scripts bench e2e --include='*.ts' --include='*.tsx' \
  | grep -vE '(TODO|FIXME)\(#[0-9]+\)' || true)
if [[ -n "$hits" ]]; then
  printf 'Mark a shortcoming as TODO(#issue): what is wrong; what would fix it:\n%s\n' "$hits"
  status=1
fi

hits=$(grep -rnE '\b(it|describe|test)\.(skip|only)\(' src app scripts e2e --include='*.ts' --include='*.tsx' || true)
if [[ -n "$hits" ]]; then
  printf 'No skipped or focused tests:\n%s\n' "$hits"
  status=1
fi

exit $status
