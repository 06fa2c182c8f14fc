/** The AMQP 0-9-1 frames the fault proxy recognises (class 10 = connection). */
export const AMQP_METHODS = {
  connectionOpenOk: { classId: 10, methodId: 41 },
  connectionClose: { classId: 10, methodId: 50 },
} as const;

/** One whole frame as it came off the wire, with its method when it is a method frame. */
export interface AmqpFrame {
  readonly bytes: Buffer;
  readonly type: number;
  readonly channel: number;
  readonly classId?: number;
  readonly methodId?: number;
}

const HEADER_BYTES = 7; // type (1) + channel (2) + payload size (4)
const FRAME_END = 0xce;
const METHOD_FRAME = 1;

/**
 * Splits a byte stream into AMQP frames: feed it chunks as they arrive, get back the whole frames so far;
 * a partial frame waits for the next chunk. Throws on a frame that does not end in 0xCE (not AMQP).
 */
export class AmqpFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): AmqpFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: AmqpFrame[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const size = this.pending.readUInt32BE(3);
      const total = HEADER_BYTES + size + 1;
      if (this.pending.length < total) break;
      const bytes = this.pending.subarray(0, total);
      if (bytes[total - 1] !== FRAME_END) throw new Error(`not an AMQP frame (no frame-end octet)`);
      const type = bytes[0]!;
      const isMethod = type === METHOD_FRAME && size >= 4;
      frames.push({
        bytes,
        type,
        channel: bytes.readUInt16BE(1),
        classId: isMethod ? bytes.readUInt16BE(HEADER_BYTES) : undefined,
        methodId: isMethod ? bytes.readUInt16BE(HEADER_BYTES + 2) : undefined,
      });
      this.pending = this.pending.subarray(total);
    }
    return frames;
  }

  /** Bytes received that do not make a whole frame yet. */
  rest(): Buffer {
    return this.pending;
  }
}

export function isMethod(frame: AmqpFrame, method: { classId: number; methodId: number }): boolean {
  return frame.classId === method.classId && frame.methodId === method.methodId;
}
