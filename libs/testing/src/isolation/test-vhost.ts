import { amqpUrlForVhost, testConfig } from './test-env';
import { uniqueTestName } from './test-names';
import { ManagementApi } from '@switchyard/messaging/topology';

/** A fresh RabbitMQ vhost for one test file, created and deleted through the management API. */
export interface TestVhost {
  readonly name: string;
  /** AMQP URL (guest) pointing at this vhost. */
  readonly amqpUrl: string;
  readonly management: ManagementApi;
  delete(): Promise<void>;
}

export async function createTestVhost(label?: string): Promise<TestVhost> {
  const management = new ManagementApi(testConfig().RABBITMQ_MANAGEMENT_URL);
  const name = uniqueTestName(label);
  try {
    await management.createVhost(name);
  } catch (err) {
    // The vhost may exist without the permissions that failed after it: never leave it behind.
    await management.deleteVhost(name).catch(() => undefined);
    throw err;
  }
  return {
    name,
    amqpUrl: amqpUrlForVhost(name),
    management,
    delete: () => management.deleteVhost(name),
  };
}
