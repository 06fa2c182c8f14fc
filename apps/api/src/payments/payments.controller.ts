import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { revisionEtag } from '../http/if-match';
import { ApiErrorResponses } from '../http/openapi/api-error-responses.decorator';
import { PaymentViewDto } from './dto/payment-view.dto';
import { PaymentsService, type PaymentView } from './payments.service';

const ETAG = { ETag: { description: 'the revision, `"<n>"`', schema: { type: 'string' } } };

/**
 * Payment queries (payments are changed by the payments service's reactions only): a payment by id, and
 * the payment of an order. Each response carries the payment's revision (body and `ETag`).
 */
@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get('payments/:id')
  @ApiOperation({ summary: 'A payment, from its stream' })
  @ApiOkResponse({ type: PaymentViewDto, headers: ETAG })
  @ApiErrorResponses(404)
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<PaymentView> {
    return this.withEtag(res, await this.payments.get(id));
  }

  @Get('orders/:id/payment')
  @ApiOperation({ summary: "An order's payment (404 until payments has reacted to the order)" })
  @ApiOkResponse({ type: PaymentViewDto, headers: ETAG })
  @ApiErrorResponses(404)
  async ofOrder(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<PaymentView> {
    return this.withEtag(res, await this.payments.ofOrder(id));
  }

  private withEtag(res: Response, view: PaymentView): PaymentView {
    res.setHeader('ETag', revisionEtag(view.revision));
    return view;
  }
}
