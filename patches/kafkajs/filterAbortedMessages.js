// Replaces kafkajs 2.2.4's src/consumer/filterAbortedMessages.js (installed by
// scripts/patch-kafkajs.js). The original shows read-committed consumers records of aborted
// transactions whenever the broker lists aborted transactions out of first-offset order, which it
// does when transactions are aborted in another order than they began (the broker lists them by
// abort, the Java client sorts them; kafkajs did not), and it started at most one aborted
// transaction per record. This version sorts them and starts every one the record has reached.
const Long = require('../utils/long');
const ABORTED_MESSAGE_KEY = Buffer.from([0, 0, 0, 0]);

const isAbortMarker = ({ key, isControlRecord }) =>
  Boolean(isControlRecord) && Boolean(key) && Buffer.from(key).equals(ABORTED_MESSAGE_KEY);

/**
 * Remove messages that took part in an aborted transaction.
 *
 * An aborted transaction starts at its first offset (from the fetch response) and ends at its
 * producer's abort marker (a control record).
 */
module.exports = ({ messages, abortedTransactions }) => {
  if (!abortedTransactions || !abortedTransactions.length) {
    return messages;
  }

  const pending = [...abortedTransactions].sort((a, b) =>
    Long.fromValue(a.firstOffset).compare(Long.fromValue(b.firstOffset)),
  );
  const aborting = new Set();

  return messages.filter((message) => {
    const offset = Long.fromValue(message.offset);
    while (pending.length && offset.gte(pending[0].firstOffset)) {
      aborting.add(String(pending.shift().producerId));
    }

    const { producerId, inTransaction } = message.batchContext;
    if (isAbortMarker(message)) {
      aborting.delete(String(producerId));
      return true;
    }
    return !(inTransaction && aborting.has(String(producerId)));
  });
};
