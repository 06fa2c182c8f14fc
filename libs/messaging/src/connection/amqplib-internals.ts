import type { ChannelWrapper } from 'amqp-connection-manager';

/**
 * The few internals of amqplib 2.x and amqp-connection-manager 5.x that the connection wrapper needs to
 * repair two of their gaps, typed narrowly here so one file names them (both versions are pinned in
 * package.json; a bump must re-check this file).
 */

/** amqplib's promise-API connection (its `ChannelModel`), as amqp-connection-manager hands it over. */
export type ChannelModel = object;

/** What amqplib keeps of a connection under its `ChannelModel`. */
interface AmqplibConnection {
  /** Set once amqplib has processed a close or a socket error: nothing more will be sent or received. */
  readonly expectSocketClose: boolean;
  readonly stream: { readonly destroyed: boolean; destroy(err?: Error): void };
}

function inner(model: ChannelModel): AmqplibConnection | undefined {
  const c = (model as unknown as { connection?: AmqplibConnection }).connection;
  return c && typeof c.expectSocketClose === 'boolean' && c.stream ? c : undefined;
}

/**
 * True when amqplib handed over a connection that is already closed. During `rabbitmqctl stop_app` the
 * broker accepts a connection and force-closes it at once; when `Connection.OpenOk` and
 * `Connection.Close` arrive in one TCP read, amqplib handles the close inside the open handshake,
 * before anyone listens for `close`, and amqp-connection-manager keeps the dead connection as connected
 * forever (it never reconnects).
 */
export function isDeadOnArrival(model: ChannelModel): boolean {
  const c = inner(model);
  return c !== undefined && (c.expectSocketClose || c.stream.destroyed);
}

/**
 * Ends a connection so that amqp-connection-manager sees it close and reconnects with its backoff: the
 * socket is destroyed (amqplib then emits `close`), or, when amqplib already emitted `close` to nobody,
 * that `close` is emitted again on the model, where the manager listens.
 */
export function tearDown(model: ChannelModel, reason: Error): void {
  const c = inner(model);
  if (c && !c.expectSocketClose && !c.stream.destroyed) {
    c.stream.destroy(reason);
    return;
  }
  (model as { emit(event: string, ...args: unknown[]): boolean }).emit('close', reason);
}

/**
 * Opens a new channel on a ChannelWrapper whose channel the broker closed while the connection stayed
 * up: amqp-connection-manager only does so on the next reconnect (upstream issue
 * jwalton/node-amqp-connection-manager#347, whose workaround this is). Its setup functions and
 * consumers are run again, and queued publishes are sent.
 */
export function reopenChannel(wrapper: ChannelWrapper, connection: ChannelModel): Promise<void> {
  const w = wrapper as unknown as { _onConnect(arg: { connection: ChannelModel }): Promise<void> };
  return w._onConnect({ connection });
}
