import type { ProjectionDefinition } from '@switchyard/projections';
import { customerOrdersProjection } from './customer-orders.projection';
import { merchantDailyTotalsProjection } from './merchant-daily-totals.projection';
import { OrderSummaryProjection, type OrderNoticeSink } from './order-summary.projection';

/** The example system's three read models, as the projections worker and the CLI register them. */
export function exampleProjections(notices?: OrderNoticeSink): Array<ProjectionDefinition | object> {
  return [new OrderSummaryProjection(notices), customerOrdersProjection, merchantDailyTotalsProjection];
}
