import { xeroContactFields } from './xero-reader';

describe('xeroContactFields', () => {
  const number = '0f3c2a9e-1111-4222-8333-444455556666';

  it("reads a name connector-xero suffixed (another contact held it) as the catalog's", () => {
    expect(
      xeroContactFields({ Name: 'Ada (0f3c2a9e)', ContactNumber: number, EmailAddress: 'a@x.io' }),
    ).toEqual({ name: 'Ada', email: 'a@x.io', phone: null });
  });

  it('keeps a name whose suffix is not its own ContactNumber', () => {
    expect(xeroContactFields({ Name: 'Ada (0f3c2a9e)', ContactNumber: 'other-number' }).name).toBe(
      'Ada (0f3c2a9e)',
    );
    expect(xeroContactFields({ Name: 'Ada (0f3c2a9e)' }).name).toBe('Ada (0f3c2a9e)');
  });
});
