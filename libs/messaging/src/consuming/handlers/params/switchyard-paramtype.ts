/**
 * What a parameter decorator of an `@OnEvent` handler asks for. The numbers are Nest's: pipes see
 * `PAYLOAD` as `'body'` (so `ValidationPipe` validates it, as it does `@Payload()` of Nest's own
 * microservices, `RpcParamtype.PAYLOAD`), and the others as `'custom'`.
 */
export enum SwitchyardParamtype {
  /** The event's payload (`ctx.event`), or one property of it. */
  PAYLOAD = 3,
  /** The whole `MessageContext`. */
  CONTEXT = 6,
  /** The message headers, or one of them. */
  HEADERS = 7,
}
