import { ManagementApiError, type ManagementApi } from '@switchyard/messaging/topology';

/**
 * Closes one broker connection by its name (`127.0.0.1:<port> -> 127.0.0.1:5672`) through the management
 * API, as an operator's "force close" does. A connection that opened a moment ago may not be listed yet:
 * a 404 is retried until `timeoutMs`.
 */
export async function closeBrokerConnection(
  management: ManagementApi,
  name: string,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    try {
      await management.request('DELETE', `/api/connections/${encodeURIComponent(name)}`);
      return;
    } catch (err) {
      const notYet = err instanceof ManagementApiError && err.status === 404;
      if (!notYet || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Names of the broker connections whose client-provided name is `clientName`. */
export async function brokerConnectionsNamed(
  management: ManagementApi,
  clientName: string,
): Promise<string[]> {
  const all = await management.request<
    Array<{ name: string; client_properties?: { connection_name?: string } }>
  >('GET', '/api/connections?columns=name,client_properties');
  return all.filter((c) => c.client_properties?.connection_name === clientName).map((c) => c.name);
}
