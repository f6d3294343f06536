import { adapterPrefix, partnerDeliveryKind } from './adapter-app';

describe('partnerDeliveryKind', () => {
  it('takes the kind from PARTNER_DELIVERY_KIND', () => {
    expect(partnerDeliveryKind([], { PARTNER_DELIVERY_KIND: 'union' })).toBe('union');
  });

  it('prefers --kind on the command line, in either form', () => {
    expect(partnerDeliveryKind(['--kind', 'company'], { PARTNER_DELIVERY_KIND: 'union' })).toBe('company');
    expect(partnerDeliveryKind(['--kind=akasse'], {})).toBe('akasse');
  });

  it('refuses a kind the hub does not deliver to, naming the choices', () => {
    expect(() => partnerDeliveryKind([], { PARTNER_DELIVERY_KIND: 'vitas' })).toThrow(
      /PARTNER_DELIVERY_KIND: must be one of akasse, jobcenter, union, company .*got "vitas"/,
    );
    expect(() => partnerDeliveryKind([], {})).toThrow(/PARTNER_DELIVERY_KIND: .*it is not set/);
  });
});

describe('adapterPrefix', () => {
  it('keeps the per-kind settings prefix of the adapters', () => {
    expect(adapterPrefix('jobcenter')).toBe('JOBCENTER_ADAPTER');
    expect(adapterPrefix('company')).toBe('COMPANY_ADAPTER');
  });
});
