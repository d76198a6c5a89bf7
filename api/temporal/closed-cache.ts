import type { PipelineExecution } from '../../workflows/model/execution';

/**
 * The documents of closed executions, which never change again (execution ids are never reused:
 * new ids are ULIDs, keyed starts reject duplicates), so reads of finished executions skip
 * Temporal. Bounded: the least recently used entry goes first.
 */
export class ClosedExecutionCache {
  private readonly entries = new Map<string, PipelineExecution>();

  constructor(private readonly capacity = 1000) {}

  get(id: string): PipelineExecution | undefined {
    const doc = this.entries.get(id);
    if (doc) {
      this.entries.delete(id);
      this.entries.set(id, doc);
    }
    return doc;
  }

  set(id: string, doc: PipelineExecution): void {
    this.entries.delete(id);
    this.entries.set(id, doc);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
