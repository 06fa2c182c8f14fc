#!/usr/bin/env python3
"""Plants one named bug in the source (never commit it), to check that the test naming it fails.

    python3 scripts/plant-bug.py list
    python3 scripts/plant-bug.py apply <name>     # then run the test that should catch it
    python3 scripts/plant-bug.py revert <name>

Each bug is one exact text replacement; apply and revert refuse to run unless the text is there exactly
once, so a bug is never planted twice nor left half-reverted. The results are in docs/notes/issue-11.md.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name: (file, original text, planted text, the test that must fail)
BUGS = {
    'tail-walk-one-batch': (
        'libs/event-store/src/mongo/tail-walk.ts',
        '    if (next < base + TAIL_WALK_BATCH) return found;\n',
        '    if (next < base + TAIL_WALK_BATCH || round >= 0) return found; // PLANTED: one batch only\n',
        'libs/event-store/test/tail-reads.int-spec.ts, libs/event-store/test/aggregates.int-spec.ts',
    ),
    'bucket-tail-one-round': (
        'libs/event-store/src/mongo/bucket-tail.ts',
        '    if (revisionBucket(next) >= first + BUCKETS_PER_ROUND) continue;\n',
        "    if (revisionBucket(next) >= first + BUCKETS_PER_ROUND) return { kind: 'complete', commits: found }; // PLANTED\n",
        'libs/event-store/test/tail-reads.int-spec.ts, libs/event-store/test/aggregates.int-spec.ts',
    ),
    'read-all-skips-gap': (
        'libs/event-store/src/sequencing/dense-page.ts',
        '    if (c.position !== from + page.length) break;\n',
        '    // PLANTED: a position not visible yet is skipped\n',
        'libs/event-store/test/read-all-gaps.int-spec.ts',
    ),
    'read-all-resume-skips': (
        'libs/event-store/src/mongo/read-all-page.ts',
        '    nextPosition: page.length > 0 ? page[page.length - 1]!.position + 1 : fromPosition,\n',
        '    nextPosition: page.length > 0 ? page[page.length - 1]!.position + 1 : fromPosition + 1, // PLANTED\n',
        'libs/event-store/test/read-all-gaps.int-spec.ts',
    ),
    'visibility-timeout-no-abort': (
        'libs/messaging/src/consuming/retry/attempt-lease.ts',
        '    this.controller.abort(this.expiry);\n',
        "    if (reason !== 'visibility-timeout') this.controller.abort(this.expiry); // PLANTED\n",
        'libs/messaging/test/visibility-timeout.int-spec.ts',
    ),
    'shutdown-no-abort': (
        'libs/messaging/src/consuming/retry/attempt-lease.ts',
        '    this.controller.abort(this.expiry);\n',
        "    if (reason !== 'shutdown') this.controller.abort(this.expiry); // PLANTED\n",
        'libs/messaging/test/visibility-timeout.int-spec.ts',
    ),
    'confirm-ignores-if-match': (
        'apps/api/src/orders/orders.service.ts',
        '    return this.command(orderId, options, (order) => order.confirm());\n',
        '    return this.command(orderId, { ...options, expectedRevision: undefined }, (order) => order.confirm()); // PLANTED\n',
        'apps/api/test/orders.e2e-spec.ts',
    ),
    'ship-ignores-if-match': (
        'apps/api/src/orders/orders.service.ts',
        '    return this.command(orderId, options, (order) => order.ship(carrier, trackingNumber));\n',
        '    return this.command(orderId, { ...options, expectedRevision: undefined }, (order) => order.ship(carrier, trackingNumber)); // PLANTED\n',
        'apps/api/test/orders.e2e-spec.ts',
    ),
    'relay-publishes-twice': (
        'libs/outbox/src/relay/batch-publisher.ts',
        '        await this.window.run(() => this.publisher.publish(event));\n',
        '        await this.window.run(() => this.publisher.publish(event));\n'
        '        await this.window.run(() => this.publisher.publish(event)); // PLANTED: every event twice\n',
        'libs/outbox/test/relay-load.int-spec.ts, relay-fast-path.int-spec.ts, outbox-relay.int-spec.ts',
    ),
    'consumer-skips-inbox-check': (
        'libs/messaging/src/consuming/queue-consumer.ts',
        "    if (inbox && (await inbox.has(this.consumerName, messageId))) return settleDelivery(d, 'ack');\n",
        "    if (inbox && false && (await inbox.has(this.consumerName, messageId))) return settleDelivery(d, 'ack'); // PLANTED\n",
        'libs/messaging/test/messaging-runtime.int-spec.ts (the duplicated message)',
    ),
}


def swap(name: str, planting: bool) -> None:
    file, original, planted, _ = BUGS[name]
    path = ROOT / file
    text = path.read_text()
    old, new = (original, planted) if planting else (planted, original)
    count = text.count(old)
    if count != 1:
        sys.exit(f'plant-bug: {name}: expected the text once in {file}, found it {count} times')
    path.write_text(text.replace(old, new))
    print(f"{'planted' if planting else 'reverted'} {name} in {file}")


def main(argv: list[str]) -> None:
    if argv[:1] == ['list']:
        for name, (file, _, _, tests) in BUGS.items():
            print(f'{name:30} {file}\n{"":30} caught by: {tests}')
        return
    if len(argv) != 2 or argv[0] not in ('apply', 'revert') or argv[1] not in BUGS:
        sys.exit('usage: plant-bug.py list | apply <name> | revert <name>  (names: plant-bug.py list)')
    swap(argv[1], argv[0] == 'apply')


if __name__ == '__main__':
    main(sys.argv[1:])
