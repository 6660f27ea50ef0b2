import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ConnectionTest } from '../api/api-types';
import { apiError } from '../testing/fake-catalog';
import { aCatalog, ADMIN_KEY, anIntegration } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';

const TEST_ID = '5d6f1a0e-2b3c-4d5e-8f90-123456789abc';

function aTest(overrides: Partial<ConnectionTest> = {}): ConnectionTest {
  return {
    id: TEST_ID,
    system: 'stripe',
    connectionId: '9a8b7c6d-1111-4222-8333-444455556666',
    status: 'pending',
    message: null,
    errorCode: null,
    requestedAt: new Date().toISOString(),
    testedAt: null,
    ...overrides,
  };
}

async function openPanel(): Promise<HTMLElement> {
  return screen.findByRole('region', { name: 'Test the connection' });
}

describe('test the connection', () => {
  it("asks the connector for a test and shows the provider's refusal in its own words", async () => {
    const refusal = 'Stripe: Invalid API Key provided: sk_test_********1234';
    const catalog = aCatalog()
      .on('POST', '/v1/integrations/stripe/test', () => ({ status: 202, body: aTest() }))
      .on('GET', `/v1/integrations/stripe/tests/${TEST_ID}`, () => ({
        status: 200,
        body: aTest({
          status: 'failed',
          message: refusal,
          errorCode: 'REVOKED_CREDENTIALS',
          testedAt: new Date().toISOString(),
        }),
      }));
    renderConsole(catalog, { route: '/integrations/stripe', apiKey: ADMIN_KEY });

    const panel = await openPanel();
    await userEvent.click(within(panel).getByRole('button', { name: 'Test the connection' }));

    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      `Stripe refused the connection: ${refusal}`,
    );
    expect(catalog.sent('POST', '/v1/integrations/stripe/test')).toHaveLength(1);
    expect(catalog.sent('POST', '/v1/integrations/stripe/test')[0].authorization).toBe(
      `Bearer ${ADMIN_KEY}`,
    );
  });

  it('shows that the test runs, then that the credentials were accepted', async () => {
    let polls = 0;
    const catalog = aCatalog()
      .on('POST', '/v1/integrations/stripe/test', () => ({ status: 202, body: aTest() }))
      .on('GET', `/v1/integrations/stripe/tests/${TEST_ID}`, () => {
        polls += 1;
        return {
          status: 200,
          body:
            polls < 2
              ? aTest()
              : aTest({ status: 'succeeded', testedAt: new Date().toISOString() }),
        };
      });
    renderConsole(catalog, { route: '/integrations/stripe', apiKey: ADMIN_KEY });

    const panel = await openPanel();
    await userEvent.click(within(panel).getByRole('button', { name: 'Test the connection' }));

    expect(
      await within(panel).findByText(
        'Testing: the connector is calling Stripe with the stored credentials…',
      ),
    ).toBeVisible();
    expect(within(panel).getByRole('button', { name: 'Test the connection' })).toBeDisabled();
    expect(
      await within(panel).findByText(/Stripe accepted the credentials/, {}, { timeout: 5000 }),
    ).toBeVisible();
    expect(within(panel).getByRole('button', { name: 'Test the connection' })).toBeEnabled();
    // The answer came with a new connector status: the overview is asked for again.
    const overviews = catalog.sent('GET', '/v1/overview/integrations').length;
    expect(overviews).toBeGreaterThanOrEqual(2);
  });

  it('says when no connector answered, and why a test cannot start', async () => {
    const catalog = aCatalog()
      .on('POST', '/v1/integrations/stripe/test', () => ({ status: 202, body: aTest() }))
      .on('GET', `/v1/integrations/stripe/tests/${TEST_ID}`, () => ({
        status: 200,
        body: aTest({
          status: 'timed-out',
          message: 'connector-stripe did not answer within 45 seconds: is it running?',
        }),
      }));
    renderConsole(catalog, { route: '/integrations/stripe', apiKey: ADMIN_KEY });
    const panel = await openPanel();
    await userEvent.click(within(panel).getByRole('button', { name: 'Test the connection' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      'No answer: connector-stripe did not answer within 45 seconds: is it running?',
    );
  });

  it('offers no test before the credentials are saved, and shows a refusal of the API', async () => {
    const withoutKey = aCatalog().on('GET', '/v1/integrations/stripe', () => ({
      status: 200,
      body: anIntegration({ credentials: { set: false, keyId: null, updatedAt: null } }),
    }));
    const first = renderConsole(withoutKey, { route: '/integrations/stripe', apiKey: ADMIN_KEY });
    const panel = await openPanel();
    expect(within(panel).getByText('Save the credentials first.')).toBeVisible();
    expect(within(panel).getByRole('button', { name: 'Test the connection' })).toBeDisabled();
    first.unmount();

    const refusing = aCatalog().on('POST', '/v1/integrations/stripe/test', () =>
      apiError(409, 'The stripe connection has no credentials yet: set them, then test it'),
    );
    renderConsole(refusing, { route: '/integrations/stripe', apiKey: ADMIN_KEY });
    const again = await openPanel();
    await userEvent.click(within(again).getByRole('button', { name: 'Test the connection' }));
    expect(await within(again).findByRole('alert')).toHaveTextContent(
      'The stripe connection has no credentials yet',
    );
  });
});
