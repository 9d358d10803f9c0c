# syntax=docker/dockerfile:1
# Loa Làng server image (docs/deployment.md). Two stages: the build stage has
# the toolchain better-sqlite3 compiles with and compiles the TypeScript; the
# runtime stage has Debian's ffmpeg, the PostgreSQL client for `loa backup`,
# and runs the compiled server as `node`.
# The offline voice (eSpeak NG compiled to WASM) comes with node_modules.

FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# All dependencies: tsc is a dev dependency.
RUN npm ci --no-fund --no-audit
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY devices ./devices
COPY schedules ./schedules
# Compiled, the server runs without tsx's loader and transforms (~55 MB less
# RSS). Then only production dependencies are kept; the npm static
# ffmpeg/ffprobe builds (~140 MB) give way to Debian's below.
RUN npm run build \
 && chmod +x dist/src/cli.js \
 && npm prune --omit=dev --no-fund --no-audit \
 && rm -rf node_modules/@ffmpeg-installer/linux-* node_modules/@ffprobe-installer/linux-* \
 && npm cache clean --force

FROM node:20-bookworm-slim
# postgresql-client 15: its pg_dump must not be older than the server (compose.yaml runs PostgreSQL 15).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg postgresql-client tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=8080 \
    LOA_DEMO=0 \
    FFMPEG_PATH=/usr/bin/ffmpeg \
    FFPROBE_PATH=/usr/bin/ffprobe
WORKDIR /app
# package.json: "type": "module", and the root the code finds web/ and audio/ from (src/paths.ts).
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY web ./web
COPY audio ./audio
# `loa` on the PATH is the compiled CLI (`docker compose exec loa loa backup …`).
# /data/mosquitto exists so that a volume mounted there (compose.yaml's
# mqtt-auth) starts out owned by `node` rather than root.
RUN ln -s /app/dist/src/cli.js /usr/local/bin/loa \
 && mkdir -p /data/mosquitto && chown -R node:node /data
USER node
VOLUME /data
EXPOSE 8080 1883
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# tini forwards SIGTERM (graceful shutdown) and reaps ffmpeg children.
ENTRYPOINT ["tini", "--", "node", "dist/src/cli.js"]
CMD ["serve"]
