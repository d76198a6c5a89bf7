/**
 * Prisma CLI configuration: the JavaScript schema engine with the pg driver adapter, which is what
 * works offline (Prisma 6.19; see the README). Migrations connect to `DATABASE_URL`.
 */
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const databaseUrl = process.env.DATABASE_URL;
// The CLI resolves the schema's `env("DATABASE_URL")` even for commands that never connect
// (generate, migrate diff); without a value it falls back to downloading engines, which fails
// offline. A placeholder keeps those commands working; `adapter` below still needs the real URL.
process.env.DATABASE_URL ??= 'postgresql://localhost/unused';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    if (!databaseUrl) throw new Error('DATABASE_URL is not set');
    // The CLI never closes its pool; without this the process idles ~10 s before exiting.
    return new PrismaPg({ connectionString: databaseUrl, allowExitOnIdle: true });
  },
});
