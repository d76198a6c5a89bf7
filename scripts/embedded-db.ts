/**
 * Embedded PostgreSQL for zero-setup runs (`npm start` without DATABASE_URL): PGlite with its
 * data under .data/pglite, served on a local port so Prisma, migrations, the API and the worker
 * connect to it like to any PostgreSQL. This process must be the only one opening the folder.
 *
 * Prints the connection URL as the first line on stdout, then serves until SIGINT/SIGTERM.
 * Env: EMBEDDED_DB_PORT (default 54329), EMBEDDED_DB_DIR (default .data/pglite).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const port = Number(process.env.EMBEDDED_DB_PORT ?? 54329);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`EMBEDDED_DB_PORT must be a port number`);
  const dataDir = path.resolve(root, process.env.EMBEDDED_DB_DIR ?? '.data/pglite');
  mkdirSync(dataDir, { recursive: true });

  const db = await PGlite.create(dataDir);
  // The default of one connection resets every other client; the API, the worker and
  // migrations connect side by side.
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 20 });
  await server.start();
  console.log(`postgresql://postgres:postgres@127.0.0.1:${port}/postgres`);
  console.error(`embedded PostgreSQL (PGlite) serving ${dataDir} on 127.0.0.1:${port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`embedded PostgreSQL: ${signal}, stopping`);
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`embedded-db: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
