import { assignMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { SWITCHYARD_ARGS_METADATA } from '../../../messaging.constants';
import { SwitchyardParamtype } from './switchyard-paramtype';

type Pipe = Type<PipeTransform> | PipeTransform;

function paramDecorator(
  paramtype: SwitchyardParamtype,
  data: string | undefined,
  pipes: Pipe[],
): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) return;
    const args = (Reflect.getMetadata(SWITCHYARD_ARGS_METADATA, target.constructor, key) ?? {}) as object;
    Reflect.defineMetadata(
      SWITCHYARD_ARGS_METADATA,
      assignMetadata(args, paramtype, index, { data, pipes }),
      target.constructor,
      key,
    );
  };
}

/**
 * The event's payload (`ctx.event`), or one property of it, through the handler's pipes and these: with
 * `@UsePipes(new ValidationPipe({ transform: true }))` on the handler and a DTO class as the parameter's
 * type, a payload that does not validate is dead-lettered with the validation message. Only records
 * metadata; the explorer reads it.
 */
export function Payload(): ParameterDecorator;
export function Payload(...pipes: Pipe[]): ParameterDecorator;
export function Payload(property: string, ...pipes: Pipe[]): ParameterDecorator;
export function Payload(propertyOrPipe?: string | Pipe, ...pipes: Pipe[]): ParameterDecorator {
  return typeof propertyOrPipe === 'string' || propertyOrPipe === undefined
    ? paramDecorator(SwitchyardParamtype.PAYLOAD, propertyOrPipe, pipes)
    : paramDecorator(SwitchyardParamtype.PAYLOAD, undefined, [propertyOrPipe, ...pipes]);
}

/** The whole `MessageContext` (type, message id, attempt, stream, revision, signal, inbox). */
export function Ctx(): ParameterDecorator {
  return paramDecorator(SwitchyardParamtype.CONTEXT, undefined, []);
}

/** The message headers, or the one named. */
export function Headers(name?: string, ...pipes: Pipe[]): ParameterDecorator {
  return paramDecorator(SwitchyardParamtype.HEADERS, name, pipes);
}
