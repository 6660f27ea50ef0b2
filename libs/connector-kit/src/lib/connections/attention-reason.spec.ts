import { AuthError, AuthErrorCode } from '@concord/errors';

import { authAttentionReason } from './attention-reason';

describe('authAttentionReason', () => {
  it('names the system and the code when the connector gave no reason of its own', () => {
    const error = new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Invalid API Key provided');
    expect(authAttentionReason('stripe', error)).toBe(
      'stripe refused the credentials (INVALID_CREDENTIALS)',
    );
  });

  it("uses the connector's own reason when its error carries one", () => {
    const error = new AuthError(AuthErrorCode.TOKEN_REFRESH_FAILED, 'refused', {
      details: { attentionReason: 'the org has no Concord_Id__c field on Account' },
    });
    expect(authAttentionReason('salesforce', error)).toBe(
      'the org has no Concord_Id__c field on Account',
    );
  });
});
