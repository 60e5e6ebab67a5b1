# syntax=docker/dockerfile:1
# One image for every fly process group (web, worker; agent later). Built remotely by
# `fly deploy` (docs/deploy.md). Node 20: graphile-worker 0.17.3 is the release that runs on it.

FROM node:20-bookworm-slim AS base
WORKDIR /app

# ---- build: all dependencies, Prisma client, Remix bundle ----------------------------------
FROM base AS build
# The postinstall script (prisma/generate.ts) generates the Prisma client into
# server/db/generated, so it needs the schema and the Prisma config before `npm ci`.
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx remix build
# tsx stays: it is a runtime dependency (the server, worker and migrations run as TypeScript).
RUN npm prune --omit=dev --no-audit --no-fund

# ---- runtime -------------------------------------------------------------------------------
FROM base
# SEED_DEMO=false: the demo business and platform admin have published passwords; an image is
# for real deployments (`docker run -e SEED_DEMO=true ...` for a throwaway trial).
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    SEED_DEMO=false
COPY --from=build --chown=node:node /app /app
# The image's unprivileged `node` user (uid 1000). Without DATABASE_URL the embedded PostgreSQL
# keeps its data under /app/.data, which this user owns.
USER node
EXPOSE 3000
# fly.toml's [processes] override this per group; plain `docker run` gets the web server with
# its in-process worker.
CMD ["npx", "tsx", "server/main.ts"]
