import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKeyError } from '@switchyard/mongodb';
import { UNREGISTERED_TOKENS_COLLECTION } from '../notifications.constants';
import { maskRecipient } from './recipient-mask';

/** Why a token was marked. */
export interface UnregisteredMark {
  readonly provider: string;
  readonly providerCode: string;
  readonly eventId: string;
  readonly message: string;
}

/** Push tokens that must not be sent to again. */
export interface UnregisteredTokens {
  /** The mark of `token`, if it has one. */
  find(token: string): Promise<(UnregisteredMark & { readonly markedAt: Date }) | undefined>;
  /** Marks `token` (once: a second mark of the same token changes nothing). */
  mark(token: string, mark: UnregisteredMark): Promise<void>;
}

/** The `_id` of a token's mark: its SHA-256, so any token length fits the index and no token is stored. */
export function unregisteredTokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** {@link UnregisteredTokens} in MongoDB: one document per token, a unique insert. */
export class MongoUnregisteredTokens implements UnregisteredTokens {
  constructor(private readonly db: Db) {}

  async find(token: string): Promise<(UnregisteredMark & { readonly markedAt: Date }) | undefined> {
    const doc = await this.collection().findOne({ _id: unregisteredTokenId(token) });
    return doc ?? undefined;
  }

  async mark(token: string, mark: UnregisteredMark): Promise<void> {
    try {
      await this.collection().insertOne({
        _id: unregisteredTokenId(token),
        token: maskRecipient(token),
        ...mark,
        markedAt: new Date(),
      });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  private collection() {
    return this.db.collection<UnregisteredMark & { _id: string; token: string; markedAt: Date }>(
      UNREGISTERED_TOKENS_COLLECTION,
    );
  }
}
