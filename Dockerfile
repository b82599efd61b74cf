# syntax=docker/dockerfile:1
# Hutong gateway image. Multi-stage: compile with dev dependencies, ship with production ones only.

FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json .swcrc nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY seeds ./seeds
RUN npm run build

FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/hutong
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY contracts ./contracts
# The embedded database (only used when DATABASE_URL is unset) and generated keys live here.
RUN mkdir -p /var/lib/hutong && chown node:node /var/lib/hutong
VOLUME ["/var/lib/hutong"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `hutong` (the CLI) is on the image too: docker compose exec gateway node bin/hutong.js --help
CMD ["node", "dist/apps/gateway/src/main.js"]
