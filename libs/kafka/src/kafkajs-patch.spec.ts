import { kafkajsFiltersAbortedTransactions } from './kafkajs-patch';

describe('the installed kafkajs', () => {
  it('hides records of aborted transactions even when the broker lists the aborts out of order', () => {
    expect(kafkajsFiltersAbortedTransactions()).toBe(true);
  });
});
