import fc from 'fast-check';
import type { StoredEventRecord } from '../archive/archive.types';
import { isStoredEventCorruptError } from '../errors/stored-event-corrupt.error';
import { decodeExportLine, encodeExportLine } from './export-line';

const record = (data: string, metadata = '{}'): StoredEventRecord => ({
  position: 7,
  indexInCommit: 1,
  stream: 'order-"42"',
  revision: 3,
  type: 'order.confirmed',
  schemaVersion: 2,
  eventId: '0b8a2f4e-5c1d-4e3b-9a7f-2d6c8e1b4a90',
  committedAt: new Date('2025-03-01T10:20:30.456Z'),
  metadata,
  data,
});

const decoded = (line: string): StoredEventRecord => {
  const d = decodeExportLine(line);
  if ('error' in d) throw new Error(d.error);
  return d.event;
};

describe('export lines: the stored envelope as NDJSON, data as stored', () => {
  it('writes the fields in a fixed order, the payload text as it is stored', () => {
    const data = '{"a.b":1.0,"$x":[1e2,"\\u00e9",null],"big":12345678901234567890,"k":{"":-0}}';
    const line = encodeExportLine(record(data, '{"correlationId":"c-1"}'));
    expect(line).toBe(
      '{"position":7,"indexInCommit":1,"stream":"order-\\"42\\"","revision":3,"type":"order.confirmed",' +
        '"schemaVersion":2,"eventId":"0b8a2f4e-5c1d-4e3b-9a7f-2d6c8e1b4a90",' +
        '"committedAt":"2025-03-01T10:20:30.456Z","metadata":{"correlationId":"c-1"},"data":' +
        data +
        '}',
    );
    // And reading it back gives the same text, byte for byte (JSON.parse would print 1.0 as 1, 1e2 as 100)
    expect(decoded(line)).toEqual(record(data, '{"correlationId":"c-1"}'));
  });

  it('round-trips any JSON payload byte for byte', () => {
    fc.assert(
      fc.property(fc.json(), fc.jsonValue(), (text, value) => {
        const r = record(text, JSON.stringify({ v: value }));
        expect(decoded(encodeExportLine(r))).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to write stored text that is not JSON or spans lines', () => {
    for (const bad of ['{"a":', '{"a":\n1}']) {
      const err = (() => {
        try {
          return encodeExportLine(record(bad), 'commit-1');
        } catch (e) {
          return e;
        }
      })();
      expect(isStoredEventCorruptError(err)).toBe(true);
      expect(err).toMatchObject({ commitId: 'commit-1' });
    }
  });

  it('says what is wrong with a line that is not an exported event', () => {
    const good = JSON.parse(encodeExportLine(record('{}'))) as Record<string, unknown>;
    const cases: [string, RegExp][] = [
      ['not json', /not a JSON line/],
      ['[1]', /not a JSON object/],
      [JSON.stringify({ ...good, position: 0 }), /"position" is not a whole number ≥ 1/],
      [JSON.stringify({ ...good, stream: '' }), /"stream" is not a string/],
      [JSON.stringify({ ...good, data: undefined }), /"data" is missing/],
      [JSON.stringify({ ...good, committedAt: '2025-03-01' }), /committedAt/],
    ];
    for (const [line, why] of cases) {
      const d = decodeExportLine(line);
      expect('error' in d && d.error).toMatch(why);
    }
  });
});
