import {
  EXAMPLE_TOPOLOGY,
  ManagementApi,
  planTopology,
  topologyNames,
  type TopologyModel,
  type TopologyPlan,
} from '@switchyard/messaging';
import { testConfig } from '@switchyard/testing';

/** The example topology on one test vhost, with users prefixed by the vhost name (users are broker-wide). */
export function examplePlan(vhost: string, model: TopologyModel = EXAMPLE_TOPOLOGY): TopologyPlan {
  return planTopology({ ...model, vhost }, { userPrefix: `${vhost}_` });
}

/** A password per domain user, as the environment would hold them. */
export function passwordsEnv(model: TopologyModel = EXAMPLE_TOPOLOGY): Record<string, string> {
  return Object.fromEntries(
    model.domains.map((d) => [topologyNames.passwordEnv(d.name), `pw-${d.name}-test`]),
  );
}

export function management(): ManagementApi {
  return new ManagementApi(testConfig().RABBITMQ_MANAGEMENT_URL);
}

/** Removes the users a plan created (they outlive vhosts). */
export async function deleteUsers(plan: TopologyPlan | undefined): Promise<void> {
  if (!plan) return;
  const mgmt = management();
  for (const u of plan.users) await mgmt.deleteUser(u.name);
}
