import { Client, Connection } from '@temporalio/client';
import { testEnv } from './env';

/** A Temporal client on the run's server (close it with `client.connection.close()`). */
export async function connectClient(address = testEnv().temporalAddress): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: testEnv().namespace });
}
