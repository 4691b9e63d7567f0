#!/usr/bin/env bash
# Generates a migration from the difference between the entities and the committed
# migrations: `npm run migration:new -- AddTickets`. Uses a scratch database on the
# PostgreSQL at TEST_DATABASE_URL (default: the local one) and drops it afterwards.
# Read the generated SQL, then add the class to apps/api/src/platform/database/migrations/index.ts.
set -euo pipefail
name="${1:?usage: npm run migration:new -- <Name>}"
admin="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
scratch="mm_migration_$$_$RANDOM"
psql "$admin" -qc "CREATE DATABASE $scratch" >/dev/null
url="${admin%/*}/$scratch"
trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" >/dev/null' EXIT
DATABASE_URL="$url" npx ts-node -r tsconfig-paths/register ./node_modules/typeorm/cli.js migration:run -d ormconfig.ts >/dev/null
DATABASE_URL="$url" npx ts-node -r tsconfig-paths/register ./node_modules/typeorm/cli.js migration:generate -d ormconfig.ts "apps/api/src/platform/database/migrations/$name"
