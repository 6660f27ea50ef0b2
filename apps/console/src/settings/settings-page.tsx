import { PageHeader } from '../ui/page-header';
import { ApiKeysPanel } from './api-keys-panel';
import { AuditLogPanel } from './audit-log-panel';
import { NotificationWebhookPanel } from './notification-webhook-panel';

export function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Who can use Concord, where it sends alerts, and what was changed."
      />
      <div className="stack">
        <ApiKeysPanel />
        <NotificationWebhookPanel />
        <AuditLogPanel />
      </div>
    </>
  );
}
