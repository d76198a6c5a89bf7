# One image for the API and the worker (the command picks which).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx prisma generate && npx tsx worker/bundle.ts /app/workflow-bundle.js
ENV GENNAKER_WORKFLOW_BUNDLE=/app/workflow-bundle.js
CMD ["npx", "tsx", "api/server.ts"]
