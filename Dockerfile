# One image definition for every service; pick the service at build time:
#   docker build --build-arg SERVICE=subgraphs/catalog -t miw-catalog .
# SERVICE is the workspace folder whose src/main.ts the container runs.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 APOLLO_TELEMETRY_DISABLED=1
COPY . .
RUN npm ci --no-audit --no-fund && npx tsc -p tsconfig.json

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
RUN test -n "${SERVICE}" || (echo "--build-arg SERVICE=<workspace folder> is required" && exit 1)
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1 SERVICE_ENTRY=${SERVICE}/src/main.ts
COPY --from=build --chown=node:node /app /app
USER node
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "exec node --import tsx \"$SERVICE_ENTRY\""]
