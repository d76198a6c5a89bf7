import type { Client } from '@temporalio/client';

/** A poller seen within this window counts as a live worker (long polls last about a minute). */
const LIVE_POLLER_MS = 90_000;

/**
 * Whether any worker polls a task queue, remembered briefly. A query to a workflow nobody polls
 * for would hang until its deadline, so readers check this first and answer from what they know.
 */
export class WorkerPresence {
  private readonly cache = new Map<string, { at: number; live: Promise<boolean> }>();

  constructor(
    private readonly client: Client,
    private readonly namespace: string,
    private readonly ttlMs = 2_000,
  ) {}

  hasWorkers(taskQueue: string): Promise<boolean> {
    const cached = this.cache.get(taskQueue);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.live;
    const live = this.lookup(taskQueue);
    this.cache.set(taskQueue, { at: Date.now(), live });
    return live;
  }

  private async lookup(taskQueue: string): Promise<boolean> {
    try {
      const answer = await this.client.workflowService.describeTaskQueue({
        namespace: this.namespace,
        taskQueue: { name: taskQueue },
      });
      const now = Date.now();
      return (answer.pollers ?? []).some((poller) => {
        const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
        return now - seconds * 1000 < LIVE_POLLER_MS;
      });
    } catch {
      // Unknown: let the query try, bounded by its deadline.
      return true;
    }
  }
}
