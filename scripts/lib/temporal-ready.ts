import { Connection } from '@temporalio/client';

/** Waits until the server answers for the namespace and knows Gennaker's search attributes. */
export async function waitForTemporal(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        if (customAttributes && 'GennakerStatus' in customAttributes) return;
        lastError = new Error('search attributes not registered yet');
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Temporal at ${address} not ready within ${timeoutMs} ms: ${String(lastError)}`);
}
