import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageContext } from '../consuming/handlers/message-context';

/** The `@Ctx()` of `@EventPattern` handlers on the Switchyard transport: the typed message context. */
export class SwitchyardContext extends BaseRpcContext<[MessageContext]> {
  constructor(message: MessageContext) {
    super([message]);
  }

  get message(): MessageContext {
    return this.getArgByIndex(0) as MessageContext;
  }
}
