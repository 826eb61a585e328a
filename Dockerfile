# OneStop production image: build with dev dependencies, run with production ones only, as a
# non-root user. Production sets MONGODB_URI (MongoDB) and MEILI_URL (Meilisearch); the image
# carries no Go, no embedded database and no secret: they all come from the environment.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY seed ./seed
COPY scripts ./scripts
RUN npm run build

FROM node:20-bookworm-slim
# Debian's Chromium prints referral sheets to PDF (without it the PDF link is hidden); Noto fonts
# cover Arabic, Persian, Pashto, Urdu and Ethiopic.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-noto-core \
  && rm -rf /var/lib/apt/lists/*
# The V8 heap is capped so the app fits a small server beside its database: at 10,000 services
# with the embedded search engine ~130 MiB of it is live, and uncapped V8 grew it past 370 MiB
# under load (npm run bench:search reads this value). Raise it for a larger directory.
ENV NODE_ENV=production \
  CHROMIUM_PATH=/usr/bin/chromium \
  PORT=3000 \
  NODE_OPTIONS=--max-old-space-size=256
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY views ./views
COPY locales ./locales
# The vocabulary of needs (names and search terms per language), loaded at start-up.
COPY seed/needs ./seed/needs
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server/main.js"]
