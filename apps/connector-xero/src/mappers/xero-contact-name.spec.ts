import {
  catalogNameOf,
  contactNameTaken,
  disambiguatedContactName,
  isDisambiguated,
} from './xero-contact-name';

const ID = '0f3c2a9e-1111-4222-8333-444455556666';

describe('Xero contact names', () => {
  it('suffixes the short catalog id, within Xero 255 characters', () => {
    expect(disambiguatedContactName('Ada', ID)).toBe('Ada (0f3c2a9e)');
    const long = disambiguatedContactName('x'.repeat(300), ID);
    expect(long).toHaveLength(255);
    expect(isDisambiguated(long, ID)).toBe(true);
    expect(isDisambiguated('Ada', ID)).toBe(false);
  });

  it("drops only the suffix of the contact's own ContactNumber", () => {
    expect(catalogNameOf('Ada (0f3c2a9e)', ID)).toBe('Ada');
    expect(catalogNameOf('Ada (0f3c2a9e)', 'ffffffff-1111-4222-8333-444455556666')).toBe(
      'Ada (0f3c2a9e)',
    );
    expect(catalogNameOf('Ada (0f3c2a9e)', undefined)).toBe('Ada (0f3c2a9e)');
    expect(catalogNameOf(' (0f3c2a9e)', ID)).toBe(' (0f3c2a9e)');
  });

  it("recognises Xero's taken-name refusal, not the taken number", () => {
    expect(
      contactNameTaken([
        'The contact name Ada is already assigned to another contact. The contact name must be unique across all active contacts.',
      ]),
    ).toBe(true);
    expect(
      contactNameTaken(['The contact number 42 is already assigned to another contact.']),
    ).toBe(false);
  });
});
