# One image for every process of the system; the command picks the service (docker-compose.yml,
# deploy/k8s). Each runs compiled JavaScript with no TypeScript loader:
#   node --conditions=miw-dist <workspace>/dist/main.js
# (`miw-dist` makes `@miw/*` resolve to their dist/ folders; see scripts/build.ts). Commands:
#   gateway                 node --conditions=miw-dist gateway/dist/main.js              (the default)
#   subgraph <domain>       node --conditions=miw-dist subgraphs/<domain>/dist/main.js   (auth, catalog, inventory, orders, notify)
#   sync worker             node --conditions=miw-dist sync-worker/dist/main.js
#   sync worker CLI         node --conditions=miw-dist sync-worker/dist/cli.js <command>
#   migrations (+ demo)     node --conditions=miw-dist scripts/dist/db-deploy.js [--seed]
#   key set                 node --conditions=miw-dist scripts/dist/keys.js <init|rotate|retire|status> --file <keys.json>
#   first admin             node --conditions=miw-dist scripts/dist/admin-create.js --email <address> --region <eu|cn>
#   web client              CLIENT_APP=<admin|mobile> node --conditions=miw-dist scripts/dist/serve-client.js
#
#   docker build -t madeinworld .
#
# Runtime: user 1000 (non-root, numeric for Kubernetes' runAsNonRoot), and nothing is written
# outside /tmp, so the root filesystem can be read-only (mount a tmpfs or emptyDir on /tmp):
# npm_config_cache (an `npm` run inside the container) and XDG_CACHE_HOME (libraries' caches)
# point there; the services themselves write no file. The key set is read from AUTH_KEYS_FILE (a mounted secret; /keys is
# the mount point docker-compose's volume uses, owned by user 1000).
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Everything installed, the services compiled to dist/ and the web clients built.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1 APOLLO_TELEMETRY_DISABLED=1 EXPO_NO_TELEMETRY=1
COPY . .
# postinstall generates the Prisma clients (subgraphs/*/src/generated), which the build compiles.
RUN npm ci --no-audit --no-fund \
 && npm run build -- --clients
# The manifests alone (what npm ci reads), then what the runtime needs besides node_modules: every
# workspace manifest (npm resolves @miw/* through them), the compiled code, the schema files read
# at run time, the migrations and the built clients.
RUN mkdir /manifests /out \
 && tar -cf - package.json package-lock.json packages/*/package.json subgraphs/*/package.json \
      gateway/package.json sync-worker/package.json clients/*/package.json | tar -xf - -C /manifests \
 && tar -cf - packages/*/dist subgraphs/*/dist gateway/dist sync-worker/dist scripts/dist \
      gateway/supergraph.graphql subgraphs/*/src/schema.graphql prisma clients/admin/dist clients/mobile/dist \
    | tar -xf - -C /out

# 2. Production dependencies only, for the service workspaces (not the web clients' React
#    Native/Expo tree, not the test and local-infrastructure packages). No install scripts: the
#    Prisma clients are already generated and compiled, and nothing else needs one at run time.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=build /manifests/ ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace=gateway --workspace=sync-worker \
      --workspace=subgraphs/auth --workspace=subgraphs/catalog --workspace=subgraphs/inventory \
      --workspace=subgraphs/orders --workspace=subgraphs/notify \
      --workspace=packages/auth --workspace=packages/config --workspace=packages/contracts \
      --workspace=packages/db --workspace=packages/events --workspace=packages/logging \
      --workspace=packages/observability --workspace=packages/retry --workspace=packages/service-kit \
 && npm cache clean --force

# 3. The image: the dependencies (root and per-workspace node_modules) with the build's output on top.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    APOLLO_TELEMETRY_DISABLED=1 \
    npm_config_cache=/tmp/.npm \
    npm_config_update_notifier=false \
    XDG_CACHE_HOME=/tmp/.cache
COPY --from=deps /app/ ./
COPY --from=build /out/ ./
RUN mkdir -p /keys && chown 1000:1000 /keys
USER 1000:1000
# Readiness of the service on PORT (/readyz: its dependencies answer); the web clients' server
# sets HEALTHCHECK_PATH=/config.json. The one-shot jobs (db-deploy, keys) disable it in compose.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+(process.env.HEALTHCHECK_PATH||'/readyz'),{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
EXPOSE 4000
CMD ["node", "--conditions=miw-dist", "gateway/dist/main.js"]
