import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventMetadata } from '@switchyard/event-store';
import type { Response } from 'express';
import { parseIdempotencyKey } from '../http/idempotency-key';
import { parseIfMatch, revisionEtag } from '../http/if-match';
import {
  ApiIdempotencyKeyHeader,
  ApiIfMatchHeader,
  ApiTracingHeaders,
} from '../http/openapi/api-command-headers.decorator';
import { ApiErrorResponses } from '../http/openapi/api-error-responses.decorator';
import { RequestMetadata } from '../http/request-metadata.decorator';
import { CancelOrderDto } from './dto/cancel-order.dto';
import { CommandResultDto } from './dto/command-result.dto';
import { OrderViewDto } from './dto/order-view.dto';
import { PlaceOrderDto } from './dto/place-order.dto';
import { ShipOrderDto } from './dto/ship-order.dto';
import { placeOrderRequest } from './order-requests';
import { OrdersService, type CommandResult, type OrderView } from './orders.service';

const ETAG = {
  ETag: { description: 'the revision, `"<n>"`: send it back in If-Match', schema: { type: 'string' } },
};

/**
 * The orders resource. Every response carries the order's revision (body and `ETag`); commands accept
 * `If-Match: <revision>` for optimistic concurrency (409 when the order has moved on).
 */
@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Place an order (order.placed)' })
  @ApiIdempotencyKeyHeader()
  @ApiTracingHeaders()
  @ApiCreatedResponse({
    type: CommandResultDto,
    headers: {
      ...ETAG,
      'Idempotent-Replayed': {
        description: '`true` when a retry found its order placed',
        schema: { type: 'string' },
      },
    },
  })
  @ApiErrorResponses(400, 422)
  async place(
    @Body() body: PlaceOrderDto,
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
  @ApiOperation({ summary: 'An order, from its stream' })
  @ApiOkResponse({ type: OrderViewDto, headers: ETAG })
  @ApiErrorResponses(404)
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<OrderView> {
    return this.withEtag(res, await this.orders.get(id));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm a placed order by hand (order.confirmed); payments does it on authorization',
  })
  @ApiIfMatchHeader()
  @ApiTracingHeaders()
  @ApiOkResponse({ type: CommandResultDto, headers: ETAG })
  @ApiErrorResponses(400, 404, 409)
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
  @ApiOperation({
    summary: 'Cancel an order before it ships (order.cancelled; an authorized payment is refunded)',
  })
  @ApiIfMatchHeader()
  @ApiTracingHeaders()
  @ApiOkResponse({ type: CommandResultDto, headers: ETAG })
  @ApiErrorResponses(400, 404, 409)
  async cancel(
    @Param('id') id: string,
    @Body() body: CancelOrderDto,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestMetadata() metadata: EventMetadata,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return this.withEtag(
      res,
      await this.orders.cancel(id, body.reason, { expectedRevision: parseIfMatch(ifMatch), metadata }),
    );
  }

  @Post(':id/ship')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ship a confirmed order (order.shipped; payments captures)' })
  @ApiIfMatchHeader()
  @ApiTracingHeaders()
  @ApiOkResponse({ type: CommandResultDto, headers: ETAG })
  @ApiErrorResponses(400, 404, 409)
  async ship(
    @Param('id') id: string,
    @Body() body: ShipOrderDto,
    @Headers('if-match') ifMatch: string | undefined,
    @RequestMetadata() metadata: EventMetadata,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return this.withEtag(
      res,
      await this.orders.ship(id, body.carrier, body.trackingNumber, {
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
