import type { ParamData } from '@nestjs/common';
import type { MessageContext } from '../message-context';
import { SwitchyardParamtype } from './switchyard-paramtype';

/**
 * Gives each decorated parameter of an `@OnEvent` handler its value from the call's arguments (the
 * `MessageContext` is the only one); Nest's ExternalContextCreator runs the pipes on it.
 */
export class SwitchyardParamsFactory {
  exchangeKeyForValue(type: number, data: ParamData | undefined, args: unknown[]): unknown {
    const ctx = args[0] as MessageContext | undefined;
    const key = typeof data === 'string' ? data : undefined;
    if (!ctx) return undefined;
    switch (type as SwitchyardParamtype) {
      case SwitchyardParamtype.PAYLOAD:
        return key === undefined ? ctx.event : (ctx.event as Record<string, unknown> | null)?.[key];
      case SwitchyardParamtype.CONTEXT:
        return ctx;
      case SwitchyardParamtype.HEADERS:
        return key === undefined ? ctx.headers : ctx.headers[key];
      default:
        return undefined;
    }
  }
}
