import { IsInt, IsObject, IsString, Min } from 'class-validator';
import { EventContract, type EventRegistry } from '@switchyard/contracts';
import { exampleEventRegistry } from '@switchyard/examples';

/** A counter event for concurrency tests and property tests. */
@EventContract({ type: 'counter.incremented', version: 1, domain: 'test' })
export class CounterIncremented {
  @IsInt()
  @Min(1)
  by!: number;
}

/** Carries arbitrary JSON, to check payload fidelity. */
@EventContract({ type: 'blob.stored', version: 1, domain: 'test' })
export class BlobStored {
  @IsString()
  label!: string;

  @IsObject()
  payload!: Record<string, unknown>;
}

/** The demo contracts plus the test ones. */
export function testRegistry(): EventRegistry {
  return exampleEventRegistry().register(CounterIncremented, BlobStored);
}
