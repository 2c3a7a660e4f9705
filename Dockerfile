# mock-broker as a container: `docker build -t mock-broker .` then
# `docker run --rm -p 4100:4100 mock-broker`. Configuration is by environment variable (README,
# "Docker"). scripts/container-smoke.sh performs these steps outside a container in CI: it reads the
# COPY, RUN (npm only), ENV, HEALTHCHECK, STOPSIGNAL and CMD lines of this file, so keep them simple
# (one KEY=value per ENV word, JSON arrays for CMD and HEALTHCHECK CMD).
ARG NODE_VERSION=20-bookworm-slim

# --- build: every dependency, compile src/ to dist/ -------------------------------------------
FROM node:${NODE_VERSION} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` compiles, and the sources are not here yet (better layer caching).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies, the compiled output and the data files it reads ---------
FROM node:${NODE_VERSION} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` runs tsc, a dev dependency that is not installed here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY scenarios ./scenarios
COPY fixtures ./fixtures
COPY openapi ./openapi
# The state dir for --state-dir (MOCK_STATE_DIR), unset by default: mount a volume at /data and
# set MOCK_STATE_DIR=/data to keep snapshots across restarts. Owned by the runtime user.
RUN mkdir -p /data && chown node:node /data

# The application files stay root-owned and read-only to the process.
USER node
ENV PORT=4100 HOST=0.0.0.0
EXPOSE 4100
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4100)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/cli/main.js", "serve"]
