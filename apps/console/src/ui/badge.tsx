export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

const ICONS: Record<Tone, string> = { ok: '●', warn: '▲', bad: '■', muted: '○', info: '◆' };

/** A state shown with words and a shape, never by colour alone. */
export function Badge({ tone, children }: { tone: Tone; children: string }) {
  return (
    <span className={`badge badge-${tone}`}>
      <span aria-hidden="true" className="badge-icon">
        {ICONS[tone]}
      </span>
      {children}
    </span>
  );
}
