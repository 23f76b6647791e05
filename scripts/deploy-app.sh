#!/usr/bin/env bash
# Builds the runnable folder of one app, with production dependencies only:
#   scripts/deploy-app.sh api|agent <empty-output-dir>
# The Dockerfiles run exactly this; apps/api/src/deploy/deploy-app.test.ts runs it too and
# starts the app from the folder, since the tests have no container runtime.
# The apps run from their TypeScript sources (tsx, the @bot-backend/source condition), so
# nothing is compiled: the folder is `pnpm deploy --prod` of the app plus its start command.
set -euo pipefail

app="${1:?usage: deploy-app.sh api|agent <output-dir>}"
out="${2:?usage: deploy-app.sh api|agent <output-dir>}"
case "$app" in
  api | agent) ;;
  *)
    echo "unknown app: $app (api or agent)" >&2
    exit 2
    ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "output folder is not empty: $out" >&2
  exit 2
fi
pnpm=(npx -y pnpm@10.34.9)

# --legacy: pnpm 10's deploy otherwise wants inject-workspace-packages for the whole workspace;
# the legacy deploy copies each workspace package the app depends on (its files) into the folder.
cd "$root"
"${pnpm[@]}" --filter "@bot-backend/$app" deploy --prod --legacy "$out"

# The migrations are data the api reads at start (DATABASE_MIGRATE=start) and `migrate` applies.
if [ "$app" = api ]; then
  cat >"$out/migrate.sh" <<'SH'
#!/bin/sh
# Applies db/migrations to DATABASE_URL (the same migrator the API runs at start).
cd "$(dirname "$0")" && exec node --conditions=@bot-backend/source --import tsx node_modules/@bot-backend/db/src/migrate-cli.ts "$@"
SH
  chmod +x "$out/migrate.sh"
fi
echo "deployed @bot-backend/$app to $out"
