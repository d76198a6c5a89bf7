/**
 * The one way Gennaker opens its database: Prisma's generated client (prisma/generated, made by
 * `npx prisma generate`) over the pg driver adapter, so no query-engine binary is needed.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type { PrismaClient };
export { Prisma } from './generated/client';

export interface PrismaClientOptions {
  /** Pool size of the pg driver (default 10). */
  maxConnections?: number;
}

/** A Prisma client on `url`. Call `$disconnect()` when done. */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
