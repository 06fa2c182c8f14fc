import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { revisionEtag } from '../http/if-match';
import { PaymentsService, type PaymentView } from './payments.service';

/**
 * Payment queries (payments are changed by the payments service's reactions only): a payment by id, and
 * the payment of an order. Each response carries the payment's revision (body and `ETag`).
 */
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get('payments/:id')
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<PaymentView> {
    return this.withEtag(res, await this.payments.get(id));
  }

  @Get('orders/:id/payment')
  async ofOrder(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<PaymentView> {
    return this.withEtag(res, await this.payments.ofOrder(id));
  }

  private withEtag(res: Response, view: PaymentView): PaymentView {
    res.setHeader('ETag', revisionEtag(view.revision));
    return view;
  }
}
