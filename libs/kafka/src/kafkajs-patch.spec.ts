import { kafkajsPatchProblems } from './kafkajs-patch';

describe('the installed kafkajs', () => {
  it('is the version the patches were made for, with every patch applied', () => {
    expect(kafkajsPatchProblems()).toEqual([]);
  });
});
