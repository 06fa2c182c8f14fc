import { ManagementApiError } from '../errors/management-api.error';

/** A thin, typed client of the RabbitMQ management HTTP API. */
export class ManagementApi {
  private readonly base: URL;
  private readonly authorization: string;

  /** @param url e.g. `http://guest:guest@127.0.0.1:15672`; credentials in the URL are used for basic auth. */
  constructor(url: string) {
    const u = new URL(url);
    const user = decodeURIComponent(u.username || 'guest');
    const pass = decodeURIComponent(u.password || 'guest');
    this.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    u.username = '';
    u.password = '';
    this.base = u;
  }

  /** Sends a request; resolves with the parsed JSON body (or undefined for an empty one). */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.base), {
      method,
      headers: { authorization: this.authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new ManagementApiError(method, path, res.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  static vhostPath(vhost: string): string {
    return encodeURIComponent(vhost);
  }

  async createVhost(vhost: string, user = 'guest'): Promise<void> {
    const v = ManagementApi.vhostPath(vhost);
    await this.request('PUT', `/api/vhosts/${v}`, {});
    await this.request('PUT', `/api/permissions/${v}/${encodeURIComponent(user)}`, {
      configure: '.*',
      write: '.*',
      read: '.*',
    });
  }

  async deleteVhost(vhost: string): Promise<void> {
    try {
      await this.request('DELETE', `/api/vhosts/${ManagementApi.vhostPath(vhost)}`);
    } catch (err) {
      if (!(err instanceof ManagementApiError && err.status === 404)) throw err;
    }
  }

  async listVhosts(): Promise<string[]> {
    const rows = await this.request<{ name: string }[]>('GET', '/api/vhosts');
    return rows.map((r) => r.name);
  }
}
