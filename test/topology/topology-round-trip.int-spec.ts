import { testConfig, useTestVhost } from '@switchyard/testing';
import { deleteUsers, examplePlan, passwordsEnv } from './topology-fixtures';
import {
  applyTopology,
  diffTopology,
  exportDefinitions,
  type TopologyPlan,
} from '@switchyard/messaging/topology';

const a = useTestVhost('topo_rt_a');
const b = useTestVhost('topo_rt_b');
const c = useTestVhost('topo_rt_c');

describe('topology round trip: apply, diff, export, import, diff', () => {
  let plan: TopologyPlan;
  let planC: TopologyPlan;
  const env = passwordsEnv();

  beforeAll(async () => {
    plan = examplePlan(a.name);
    planC = examplePlan(c.name);
  });

  afterAll(async () => {
    await deleteUsers(plan);
    await deleteUsers(planC);
  });

  it('applies the example topology, then diff shows nothing', async () => {
    // When the example topology is applied to an empty vhost
    const report = await applyTopology(plan, {
      amqpUrl: testConfig().AMQP_URL,
      management: a.management,
      env,
    });

    // Then every object is created and nothing conflicts
    expect(report.items.filter((i) => i.outcome !== 'created' && i.kind !== 'vhost')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.items.filter((i) => i.kind === 'queue')).toHaveLength(plan.queues.length);
    // And the broker matches the model
    const diff = await diffTopology(plan, a.management, { env });
    expect(diff.items).toEqual([]);
    expect(diff.empty).toBe(true);
  });

  it('is idempotent: a second apply reports everything unchanged', async () => {
    const report = await applyTopology(plan, {
      amqpUrl: testConfig().AMQP_URL,
      management: a.management,
      env,
    });
    expect(report.items.filter((i) => i.outcome !== 'unchanged')).toEqual([]);
    expect(report.items.length).toBe(
      1 +
        plan.exchanges.length +
        plan.queues.length +
        plan.bindings.length +
        plan.users.length +
        plan.permissions.length,
    );
  });

  it('exports definitions that import into another vhost, where diff shows nothing either', async () => {
    // Given the export of the same model (passwords only as salted hashes)
    const definitions = exportDefinitions(plan, { env });
    expect(JSON.stringify(definitions)).not.toContain('pw-orders-test');
    expect(definitions.users.every((u) => u.password_hash.length > 0)).toBe(true);

    // When it is imported into vhost B through the management API (as the management UI does)
    await b.management.importDefinitions(definitions, b.name);

    // Then B matches the model planned for B (a vhost-scoped import carries no users or permissions)
    const diff = await diffTopology(examplePlan(b.name), b.management, { includeAccess: false, env });
    expect(diff.items).toEqual([]);
  });

  it('imports as a whole-broker definitions file too, users and permissions included', async () => {
    // Given the export of the model for vhost C (what `rabbitmqctl import_definitions` would read)
    const definitions = exportDefinitions(planC, { env });
    // When the whole file is imported
    await c.management.importDefinitions(definitions);
    // Then C, its domain users and their permissions all match the model
    expect((await diffTopology(planC, c.management, { env })).items).toEqual([]);
    const user = await c.management.getUser(`${c.name}_payments`);
    expect(user?.password_hash).toBe(
      definitions.users.find((u) => u.name === `${c.name}_payments`)?.password_hash,
    );
  });
});
