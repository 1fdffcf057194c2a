# One image for both apps; the command picks which one runs (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/socket/package.json apps/socket/
COPY apps/web/package.json apps/web/
COPY libs/shared/package.json libs/shared/
COPY libs/server/package.json libs/server/
COPY libs/client/package.json libs/client/
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000 3001
CMD ["node", "dist/apps/api/src/main.js"]
