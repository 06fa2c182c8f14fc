import { ManagementApiError } from '../errors/management-api.error';
import type {
  FederationLinkStatus,
  ManagedBinding,
  ManagedExchange,
  ManagedParameter,
  ManagedPermission,
  ManagedPolicy,
  ManagedQueue,
  ManagedUser,
} from './management.types';

/** A thin, typed client of the RabbitMQ management HTTP API. */
export class ManagementApi {
  private readonly base: URL;
  private readonly authorization: string;
  private readonly user: string;

  /** @param url e.g. `http://guest:guest@127.0.0.1:15672`; credentials in the URL are used for basic auth. */
  constructor(url: string) {
    const u = new URL(url);
    const user = decodeURIComponent(u.username || 'guest');
    const pass = decodeURIComponent(u.password || 'guest');
    this.user = user;
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

  /** The user the client authenticates as (from the URL), e.g. `guest`. */
  get username(): string {
    return this.user;
  }

  /** GETs a resource, resolving `undefined` on 404 instead of throwing. */
  async find<T>(path: string): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path);
    } catch (err) {
      if (err instanceof ManagementApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  private static seg(name: string): string {
    return encodeURIComponent(name);
  }

  async vhostExists(vhost: string): Promise<boolean> {
    return (await this.find(`/api/vhosts/${ManagementApi.seg(vhost)}`)) !== undefined;
  }

  listExchanges(vhost: string): Promise<ManagedExchange[]> {
    return this.request('GET', `/api/exchanges/${ManagementApi.seg(vhost)}`);
  }

  listQueues(vhost: string): Promise<ManagedQueue[]> {
    return this.request('GET', `/api/queues/${ManagementApi.seg(vhost)}`);
  }

  getQueue(vhost: string, name: string): Promise<ManagedQueue | undefined> {
    return this.find(`/api/queues/${ManagementApi.seg(vhost)}/${ManagementApi.seg(name)}`);
  }

  getExchange(vhost: string, name: string): Promise<ManagedExchange | undefined> {
    return this.find(`/api/exchanges/${ManagementApi.seg(vhost)}/${ManagementApi.seg(name)}`);
  }

  listBindings(vhost: string): Promise<ManagedBinding[]> {
    return this.request('GET', `/api/bindings/${ManagementApi.seg(vhost)}`);
  }

  listPolicies(vhost: string): Promise<ManagedPolicy[]> {
    return this.request('GET', `/api/policies/${ManagementApi.seg(vhost)}`);
  }

  putPolicy(vhost: string, name: string, policy: Omit<ManagedPolicy, 'name' | 'vhost'>): Promise<void> {
    return this.request(
      'PUT',
      `/api/policies/${ManagementApi.seg(vhost)}/${ManagementApi.seg(name)}`,
      policy,
    );
  }

  /** Parameters of one component (`federation-upstream`, `shovel`) in a vhost. */
  async listParameters(component: string, vhost: string): Promise<ManagedParameter[]> {
    return (
      (await this.find(`/api/parameters/${ManagementApi.seg(component)}/${ManagementApi.seg(vhost)}`)) ?? []
    );
  }

  putParameter(
    component: string,
    vhost: string,
    name: string,
    value: Record<string, unknown>,
  ): Promise<void> {
    const path = `/api/parameters/${ManagementApi.seg(component)}/${ManagementApi.seg(vhost)}/${ManagementApi.seg(name)}`;
    return this.request('PUT', path, { component, vhost, name, value });
  }

  getUser(name: string): Promise<ManagedUser | undefined> {
    return this.find(`/api/users/${ManagementApi.seg(name)}`);
  }

  /** Creates or updates a user from a password hash: the password itself never travels. */
  putUser(name: string, passwordHash: string, tags = ''): Promise<void> {
    return this.request('PUT', `/api/users/${ManagementApi.seg(name)}`, {
      password_hash: passwordHash,
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags,
    });
  }

  async deleteUser(name: string): Promise<void> {
    try {
      await this.request('DELETE', `/api/users/${ManagementApi.seg(name)}`);
    } catch (err) {
      if (!(err instanceof ManagementApiError && err.status === 404)) throw err;
    }
  }

  getPermission(vhost: string, user: string): Promise<ManagedPermission | undefined> {
    return this.find(`/api/permissions/${ManagementApi.seg(vhost)}/${ManagementApi.seg(user)}`);
  }

  putPermission(
    vhost: string,
    user: string,
    p: Pick<ManagedPermission, 'configure' | 'write' | 'read'>,
  ): Promise<void> {
    return this.request('PUT', `/api/permissions/${ManagementApi.seg(vhost)}/${ManagementApi.seg(user)}`, p);
  }

  /** Imports a definitions document: broker-wide, or into one vhost (which skips users and permissions). */
  importDefinitions(definitions: unknown, vhost?: string): Promise<void> {
    const path = vhost === undefined ? '/api/definitions' : `/api/definitions/${ManagementApi.seg(vhost)}`;
    return this.request('POST', path, definitions);
  }

  /** Federation links of a vhost and their status (`running`, `starting`, `error`…). */
  async federationLinks(vhost: string): Promise<FederationLinkStatus[]> {
    return (await this.find(`/api/federation-links/${ManagementApi.seg(vhost)}`)) ?? [];
  }
}
