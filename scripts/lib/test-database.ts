import { join } from 'node:path';
import { Client } from 'pg';
import { run } from './processes';

const root = join(__dirname, '..', '..');

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh, migrated PostgreSQL database for one test run on the server named by
 * `TEST_DATABASE_ADMIN_URL` (default: the local PostgreSQL), so no run depends on another's data.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `gennaker_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await run(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'migrate.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString() },
  });
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
