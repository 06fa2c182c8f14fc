import { getEventContract, type EventContractClass } from './event-contract.decorator';
import { ContractRegistrationError } from './errors/contract-registration.error';
import { InvalidEventError } from './errors/invalid-event.error';
import { UnknownEventTypeError } from './errors/unknown-event-type.error';
import { UnknownEventVersionError } from './errors/unknown-event-version.error';
import type { Upcaster, VersionedData } from './upcaster';
import { validateAgainst } from './validation';

interface TypeEntry {
  readonly domain: string;
  /** Contract classes by schema version. */
  readonly classes: Map<number, EventContractClass>;
  /** Upcasters by the version they upcast from. */
  readonly upcasters: Map<number, Upcaster>;
}

/**
 * The event types a service knows: contract classes by (type, version), their domains and routing keys,
 * and the upcasters that bring old stored versions to the current one. A plain class with no static
 * state: build one per application (the example system's is `exampleEventRegistry()` in `@switchyard/examples`).
 */
export class EventRegistry {
  private readonly types = new Map<string, TypeEntry>();

  /** Registers contract classes. Several versions of one type may be registered; the highest is current. */
  register(...contracts: EventContractClass[]): this {
    for (const cls of contracts) {
      const contract = getEventContract(cls);
      if (!contract)
        throw new ContractRegistrationError(cls.name, 'the class is not decorated with @EventContract');
      const { type, version, domain } = contract;
      if (!Number.isInteger(version) || version < 1) {
        throw new ContractRegistrationError(type, `version must be a positive integer, got ${version}`);
      }
      const entry = this.entryFor(type, domain);
      const existing = entry.classes.get(version);
      if (existing && existing !== cls) {
        throw new ContractRegistrationError(
          type,
          `version ${version} is already registered by ${existing.name}`,
        );
      }
      entry.classes.set(version, cls);
    }
    return this;
  }

  /** Registers an upcaster from `fromVersion` to `fromVersion + 1`; the type must be registered first. */
  registerUpcaster<From = Record<string, unknown>, To = Record<string, unknown>>(
    upcaster: Upcaster<From, To>,
  ): this {
    const entry = this.types.get(upcaster.type);
    if (!entry)
      throw new ContractRegistrationError(upcaster.type, 'register the contract before its upcasters');
    if (entry.upcasters.has(upcaster.fromVersion)) {
      throw new ContractRegistrationError(
        upcaster.type,
        `an upcaster from version ${upcaster.fromVersion} exists`,
      );
    }
    entry.upcasters.set(upcaster.fromVersion, upcaster as unknown as Upcaster);
    return this;
  }

  /** Whether a contract is registered for the type. */
  has(type: string): boolean {
    return this.types.has(type);
  }

  /** Every registered type, sorted. */
  registeredTypes(): string[] {
    return [...this.types.keys()].sort();
  }

  /** The current (highest registered) schema version of a type. */
  currentVersion(type: string): number {
    return Math.max(...this.entry(type).classes.keys());
  }

  /** The routing key of a type: the type itself (`order.placed`). */
  routingKeyOf(type: string): string {
    this.entry(type);
    return type;
  }

  /** The domain that owns a type (`orders`). */
  domainOf(type: string): string {
    return this.entry(type).domain;
  }

  /** The contract class of a type at a version (the current one when omitted). */
  contractOf(type: string, version = this.currentVersion(type)): EventContractClass {
    const entry = this.entry(type);
    const cls = entry.classes.get(version);
    if (!cls) {
      throw new UnknownEventVersionError(
        type,
        version,
        this.currentVersion(type),
        'no contract class for it',
      );
    }
    return cls;
  }

  /**
   * Validates data against the contract of (type, version).
   * @throws InvalidEventError listing every failing field
   * @throws UnknownEventTypeError / UnknownEventVersionError
   */
  validate(type: string, version: number, data: unknown): void {
    const failures = validateAgainst(this.contractOf(type, version), data);
    if (failures.length > 0) throw new InvalidEventError(type, version, failures);
  }

  /**
   * Brings data stored at `version` to the current version by chaining upcasters. Data already at the
   * current version is returned as it is.
   * @throws UnknownEventTypeError for an unregistered type
   * @throws UnknownEventVersionError for a version above the current one or with a gap in the chain
   */
  upcast(type: string, version: number, data: Record<string, unknown>): VersionedData {
    const entry = this.entry(type, version);
    const current = this.currentVersion(type);
    if (!Number.isInteger(version) || version < 1 || version > current) {
      throw new UnknownEventVersionError(type, version, current, 'not a version this service knows');
    }
    let v = version;
    let d = data;
    while (v < current) {
      const upcaster = entry.upcasters.get(v);
      if (!upcaster) {
        throw new UnknownEventVersionError(
          type,
          version,
          current,
          `no upcaster registered from version ${v}`,
        );
      }
      d = upcaster.upcast(d);
      v += 1;
    }
    return { version: v, data: d };
  }

  private entry(type: string, version?: number): TypeEntry {
    const entry = this.types.get(type);
    if (!entry) throw new UnknownEventTypeError(type, version);
    return entry;
  }

  private entryFor(type: string, domain: string): TypeEntry {
    const existing = this.types.get(type);
    if (existing) {
      if (existing.domain !== domain) {
        throw new ContractRegistrationError(type, `domain "${domain}" conflicts with "${existing.domain}"`);
      }
      return existing;
    }
    const created: TypeEntry = { domain, classes: new Map(), upcasters: new Map() };
    this.types.set(type, created);
    return created;
  }
}
