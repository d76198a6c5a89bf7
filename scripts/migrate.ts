/**
 * Applies the committed Prisma migrations to `DATABASE_URL`, creating the database first when it
 * does not exist. Uses `prisma migrate deploy` with the JavaScript schema engine (prisma.config.ts),
 * which works offline.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/gennaker npx tsx scripts/migrate.ts
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';

const root = path.resolve(__dirname, '..');

/** Creates the database named in `url` unless it exists, connecting to the `postgres` database. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      // Identifiers cannot be bound as parameters; quote it the way PostgreSQL does.
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } catch (err) {
    // Two processes may race to create it; losing that race is fine.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

/**
 * Prisma 6.19's WebAssembly schema engine leaves a 10 s timer behind after its work, which keeps
 * the CLI alive that long for nothing. This module, preloaded into the CLI process, unreferences
 * long timers: they still fire while anything else (such as a pending query) keeps it running.
 */
const UNREF_LONG_TIMERS = `data:text/javascript,
const setTimeoutOriginal = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms, ...args) => {
  const timer = setTimeoutOriginal(fn, ms, ...args);
  if (ms >= 10000) timer.unref();
  return timer;
};`;

/** Runs `prisma migrate deploy` against `url`. */
export function deployMigrations(url: string): Promise<void> {
  const cli = require.resolve('prisma/build/index.js', { paths: [root] });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', UNREF_LONG_TIMERS, cli, 'migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  await ensureDatabase(url);
  await deployMigrations(url);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`migrate: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
