import type { ReconcileCheck } from './reconcile-check';

/**
 * No app connects as guest (or any user but its domain's): every connection to the demo's vhost, but the
 * demo's own operator connections, is logged in as a domain user; and the apps did connect.
 */
export const appsLeastPrivilegeCheck: ReconcileCheck = {
  name: 'apps connect as their domain users',
  run(o) {
    const apps = o.connections.filter((c) => c.name !== o.operatorConnectionName);
    const differences = apps
      .filter((c) => !o.domainUsers.includes(c.user))
      .map((c) => `connection "${c.name}": logged in as ${c.user}`);
    if (apps.length === 0) differences.push('no app connection seen on the vhost');
    const users = [...new Set(apps.map((c) => c.user))].sort();
    return {
      name: this.name,
      ok: differences.length === 0,
      summary: `${apps.length} app connections, as ${users.join(', ') || 'nobody'}`,
      differences,
    };
  },
};
