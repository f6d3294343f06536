import { validateEmail, validatePhone } from './contact-details';

describe(validateEmail.name, () => {
  it.each(['jobcenter@norddjurs.dk', 'lise.lund@hk-akasse.example', 'a+b@sub.domain.dk'])(
    'accepts %s',
    (email) => {
      expect(validateEmail(email)).toEqual({ ok: true });
    },
  );

  it.each([
    'jobcenter',
    'jobcenter@norddjurs',
    '@norddjurs.dk',
    'a b@norddjurs.dk',
    'a@@norddjurs.dk',
    'a@-x.dk',
    'a..b@x.dk',
  ])('rejects %s with a reason showing the expected shape', (email) => {
    expect(validateEmail(email)).toEqual({
      ok: false,
      reasonDa: `E-mailadressen '${email}' ser ikke rigtig ud; den skal have formen navn@domæne.dk.`,
      reasonEn: `The e-mail address '${email}' does not look right; it must look like name@domain.dk.`,
    });
  });

  it('reports a missing e-mail address as missing', () => {
    expect(validateEmail('')).toMatchObject({ ok: false, reasonEn: 'The e-mail address is missing.' });
  });
});

describe(validatePhone.name, () => {
  it.each(['12345678', '+4512345678', '+45 12 34 56 78', '12 34 56 78'])(
    'accepts the Danish number %s',
    (phone) => {
      expect(validatePhone(phone)).toEqual({ ok: true });
    },
  );

  it.each(['1234567', '123456789', '+4612345678', '0045 12345678', '12-34-56-78', '+45'])(
    'rejects %s',
    (phone) => {
      const result = validatePhone(phone);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reasonDa).toContain('8 cifre, evt. med +45 foran');
    },
  );
});
