# syntax=docker/dockerfile:1
# One image recipe for every app:  docker build --build-arg APP=entity-service -t forecastin/entity-service .
ARG NODE_IMAGE=node:20.20-slim

# Only the package manifests, so the dependency layers below are rebuilt when a manifest changes,
# not on every source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY apps apps
COPY libs libs
RUN mkdir -p /manifests \
 && find apps libs -mindepth 2 -maxdepth 2 -name package.json -exec cp --parents {} /manifests \;

# Every dependency (dev included): the build needs TypeScript and Nx.
FROM ${NODE_IMAGE} AS deps
WORKDIR /repo
COPY package.json package-lock.json ./
COPY --from=manifests /manifests ./
# npm ci refuses this lockfile when it lacks other platforms' optional binaries (@swc/core-darwin-*,
# ...); npm install --no-save then installs the same locked versions (as tools/dev/ensure-install.sh).
RUN npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund

# Build the app and, through Nx `^build`, the libs it uses; then keep only what runs.
FROM deps AS build
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<app under apps/>" >&2; exit 1)
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true
COPY . .
RUN test -f "apps/$APP/project.json" || (echo "unknown app: $APP" >&2; exit 1)
RUN npx nx run "$APP:build" --outputStyle=stream
RUN mkdir -p /out \
 && for dir in libs/* "apps/$APP"; do \
      mkdir -p "/out/$dir" && cp "$dir/package.json" "/out/$dir/"; \
      if [ -d "$dir/dist" ]; then cp -r "$dir/dist" "/out/$dir/"; fi; \
    done

# Production dependencies only; workspace packages become symlinks into libs/ and apps/.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /manifests ./
RUN (npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-save --no-audit --no-fund) \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=build /out ./
# The image runs one app: its directory becomes the working directory, so the exec-form CMD
# below needs no shell (Docker does not expand ARGs in CMD) and node is PID 1 and gets SIGTERM.
WORKDIR /app/apps/${APP}
USER 1000:1000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||JSON.parse(require('fs').readFileSync('package.json','utf8')).forecastin.port)+'/health/ready').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
