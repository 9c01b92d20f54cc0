# syntax=docker/dockerfile:1
#
# One image for every vigil command: `ingest`, `analyzer`, `api` (scale-out),
# `start` (all three in one process), `analyze`, `config check`, `rules …`.
#
#   docker build -t vigil:0.1.0 .
#   docker run --rm vigil:0.1.0 --help
#   docker run --rm -e VIGIL_EVENT_LOG__TYPE=kafka -e 'VIGIL_EVENT_LOG__BROKERS=[kafka:9092]' vigil:0.1.0 config check
#
# The runtime stage installs production dependencies only and leaves out the
# optional chDB package (about 0.5 GB): images are for the scale-out services,
# which use a ClickHouse server (store.type: clickhouse). `vigil start` still
# works in it with store.type clickhouse; the embedded chDB store does not.

ARG NODE_IMAGE=node:22.20.0-bookworm-slim

# ---- workspace manifests ---------------------------------------------------
# npm ci checks the lockfile against every workspace named in package.json
# (packages/*, services/*, bench), so each workspace's package.json must be
# present in both stages, bench included, even though bench is not shipped.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/alerts/package.json packages/alerts/
COPY packages/cli/package.json packages/cli/
COPY packages/core/package.json packages/core/
COPY packages/event-log/package.json packages/event-log/
COPY packages/evidence/package.json packages/evidence/
COPY packages/ledger/package.json packages/ledger/
COPY packages/platform/package.json packages/platform/
COPY packages/rules/package.json packages/rules/
COPY packages/store/package.json packages/store/
COPY services/analyzer/package.json services/analyzer/
COPY services/api/package.json services/api/
COPY services/ingest/package.json services/ingest/
COPY services/router/package.json services/router/
COPY bench/package.json bench/

# ---- build: every dependency, then tsc through turbo ------------------------
FROM ${NODE_IMAGE} AS build
ENV NO_UPDATE_NOTIFIER=1 TURBO_TELEMETRY_DISABLED=1 npm_config_fund=false npm_config_audit=false
WORKDIR /app
COPY --from=manifests /app/ ./
# Full install: turbo's binary is an optional dependency, and the store's
# TypeScript imports chdb's types, so nothing is omitted here.
RUN npm ci
COPY tsconfig.base.json turbo.json ./
COPY packages/ packages/
COPY services/ services/
COPY bench/ bench/
RUN npm run build

# ---- runtime ----------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production NO_UPDATE_NOTIFIER=1 npm_config_fund=false npm_config_audit=false
WORKDIR /app
COPY --from=manifests /app/ ./
# Production dependencies without chDB. The only install script in the
# lockfile is chdb's, which is omitted, so scripts are off.
RUN npm ci --omit=dev --omit=optional --ignore-scripts \
 && npm cache clean --force \
 && rm -rf /root/.npm /tmp/*
COPY --from=build /app/packages/core/dist/ packages/core/dist/
COPY --from=build /app/packages/platform/dist/ packages/platform/dist/
COPY --from=build /app/packages/event-log/dist/ packages/event-log/dist/
COPY --from=build /app/packages/evidence/dist/ packages/evidence/dist/
COPY --from=build /app/packages/ledger/dist/ packages/ledger/dist/
COPY --from=build /app/packages/store/dist/ packages/store/dist/
COPY --from=build /app/packages/rules/dist/ packages/rules/dist/
COPY --from=build /app/packages/evidence/dist/ packages/evidence/dist/
COPY --from=build /app/packages/alerts/dist/ packages/alerts/dist/
COPY --from=build /app/packages/cli/dist/ packages/cli/dist/
COPY --from=build /app/services/ingest/dist/ services/ingest/dist/
COPY --from=build /app/services/analyzer/dist/ services/analyzer/dist/
COPY --from=build /app/services/api/dist/ services/api/dist/
COPY --from=build /app/services/router/dist/ services/router/dist/
COPY packages/cli/bin/ packages/cli/bin/
# Read at run time through import.meta.url: the SQL migrations next to the
# store's dist/, and the shipped rule packs three levels above the analyzer's
# dist/ (analyzer.rules_paths defaults to /app/rules).
COPY packages/store/migrations/ packages/store/migrations/
COPY rules/ rules/
# data_dir defaults to ./data: only `vigil start` writes there (generated
# tokens). The scale-out services write nothing to disk, so they run with a
# read-only root file system.
RUN mkdir -p /app/data && chown 1000:1000 /app/data

LABEL org.opencontainers.image.title="vigil" \
      org.opencontainers.image.description="Streaming compliance analyzer for Kubernetes audit logs" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="Apache-2.0"

# ingest, api, analyzer metrics
EXPOSE 8080 8081 8082
# Numeric, so Kubernetes can verify runAsNonRoot (uid 1000 is the image's "node" user).
USER 1000:1000
ENTRYPOINT ["node", "packages/cli/bin/vigil.js"]
CMD ["--help"]
