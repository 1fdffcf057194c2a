# One image for both apps; the command picks which one runs (see docker-compose.yml).
#
# Install scripts: npm blocks dependencies' install scripts unless package.json's `allowScripts`
# approves them, and older npm releases ignore that field. Every stage therefore installs with
# --ignore-scripts and then rebuilds exactly the approved packages it has
# (scripts/approved-install-scripts.mjs), whatever npm the base image ships.
FROM node:24-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/socket/package.json apps/socket/
COPY apps/web/package.json apps/web/
COPY libs/shared/package.json libs/shared/
COPY libs/server/package.json libs/server/
COPY libs/client/package.json libs/client/
COPY scripts/approved-install-scripts.mjs scripts/

# Everything, dev tools included, to build dist/ (server code and the web bundle).
FROM manifests AS build
RUN npm ci --ignore-scripts && node scripts/approved-install-scripts.mjs | xargs -r npm rebuild
COPY . .
RUN npm run build

# What the servers run with: the production dependencies of the API, the socket app and the
# libraries they use. Not the web client's (bundled into dist/web), not the launcher's embedded
# Postgres, not the build and test tools.
FROM manifests AS runtime-deps
RUN npm ci --omit=dev --ignore-scripts --workspace @app/api --workspace @app/socket --workspace @app/server --workspace @app/shared \
  && node scripts/approved-install-scripts.mjs | xargs -r npm rebuild

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-deps /app/package.json ./
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000 3001
CMD ["node", "dist/apps/api/src/main.js"]
