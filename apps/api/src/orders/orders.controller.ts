import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { EventMetadata } from '@switchyard/event-store';
import type { Response } from 'express';
import { parseIdempotencyKey } from '../http/idempotency-key';
import { parseIfMatch, revisionEtag } from '../http/if-match';
import { RequestMetadata } from '../http/request-metadata.decorator';
import { cancelOrderRequest, placeOrderRequest, shipOrderRequest } from './order-requests';
import { OrdersService, type CommandResult, type OrderView } from './orders.service';

/**
 * The orders resource. Every response carries the order's revision (body and `ETag`); commands accept
 * `If-Match: <revision>` for optimistic concurrency (409 when the order has moved on).
 */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(201)
  async place(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @RequestMetadata() metadata: EventMetadata,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    const { replayed, ...result } = await this.orders.place(placeOrderRequest(body), {
      metadata,
      idempotencyKey: parseIdempotencyKey(idempotencyKey),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return this.withEtag(res, result);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<OrderView> {
    return this.withEtag(res, await this.orders.get(id));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  async confirm(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestMetadata() metadata: EventMetadata,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return this.withEtag(
      res,
      await this.orders.confirm(id, { expectedRevision: parseIfMatch(ifMatch), metadata }),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestMetadata() metadata: EventMetadata,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    const { reason } = cancelOrderRequest(body);
    return this.withEtag(
      res,
      await this.orders.cancel(id, reason, { expectedRevision: parseIfMatch(ifMatch), metadata }),
    );
  }

  @Post(':id/ship')
  @HttpCode(200)
  async ship(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestMetadata() metadata: EventMetadata,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    const { carrier, trackingNumber } = shipOrderRequest(body);
    return this.withEtag(
      res,
      await this.orders.ship(id, carrier, trackingNumber, {
        expectedRevision: parseIfMatch(ifMatch),
        metadata,
      }),
    );
  }

  private withEtag<T extends { revision: number }>(res: Response, result: T): T {
    res.setHeader('ETag', revisionEtag(result.revision));
    return result;
  }
}
