import { retentionCutoffs } from './retention.service';

describe(retentionCutoffs.name, () => {
  it("keeps each agreement's exchanges its own number of months, and the rest the default", () => {
    expect(
      retentionCutoffs(
        [
          { id: 'norddjurs-akasse-2024', retention: { exchangeLogMonths: 36 } },
          { id: 'short', retention: { exchangeLogMonths: 6 } },
        ],
        12,
        '2026-11-22',
      ),
    ).toEqual([
      { agreementId: 'norddjurs-akasse-2024', before: '2023-11-22' },
      { agreementId: 'short', before: '2026-05-22' },
      { agreementId: null, before: '2025-11-22' },
    ]);
  });

  it('clamps to the end of a shorter month', () => {
    expect(retentionCutoffs([], 1, '2025-03-31')).toEqual([{ agreementId: null, before: '2025-02-28' }]);
  });
});
