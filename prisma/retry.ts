import { Prisma } from './generated/client';

/** True for PostgreSQL's unique violation as Prisma reports it (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/**
 * Runs `attempt` again when it loses a race on a unique key (two saves of the same pipeline
 * computing the same next version, two creations of the same name). Each attempt must be a whole
 * transaction, so a failed one left nothing behind.
 */
export async function retryOnUniqueViolation<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= attempts || !isUniqueViolation(err)) throw err;
    }
  }
}
