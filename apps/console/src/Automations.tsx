import { FormEvent, useState } from 'react';
import { ACTION_TYPES, AUTOMATION_TRIGGERS, CUSTOMER_LOCALES, FIELD_KINDS, OPS_BY_KIND, REFERENCE_TYPES, SENDER_TYPES } from '../../../libs/automation/src/automation-vocabulary';
import { CATEGORIES, PRIORITIES, request, STATUSES } from './api';
import { Busy, Outcome, useAction, useLoad } from './ui';

type Value = string | number | null | Array<string | number>;
interface Condition {
  field: string;
  op: string;
  value: Value;
}
interface Action {
  type: string;
  value: Value;
  message?: string;
}
interface Automation {
  id: number;
  name: string;
  position: number;
  active: boolean;
  on: string;
  conditions: { all?: Condition[]; any?: Condition[] };
  actions: Action[];
}
type AutomationInput = Omit<Automation, 'id'>;
interface TestResult {
  matches: boolean;
  conditions: { all: Array<Condition & { actual: unknown; matches: boolean }>; any: Array<Condition & { actual: unknown; matches: boolean }> };
  actions: Array<{ type: string; result: string; detail?: string }>;
}

const automations = {
  list: () => request<{ data: Automation[] }>('GET', '/api/desk/automations?limit=100').then((r) => r.data),
  create: (body: AutomationInput) => request<Automation>('POST', '/api/desk/automations', body),
  update: (id: number, body: Partial<AutomationInput>) => request<Automation>('PATCH', `/api/desk/automations/${id}`, body),
  test: (id: number, ticketId: number) => request<TestResult>('POST', `/api/desk/automations/${id}/test`, { ticketId }),
};

/** The values a field takes, when it is a fixed set: offered as choices. */
const FIELD_VALUES: Record<string, readonly string[]> = {
  status: STATUSES,
  priority: PRIORITIES,
  category: CATEGORIES,
  origin: ['munch', 'mtxi', 'mtables', 'helpdesk', 'console'],
  'customer.locale': CUSTOMER_LOCALES,
  'message.senderType': SENDER_TYPES,
  'reference.type': REFERENCE_TYPES,
};
const ACTION_VALUES: Record<string, readonly string[]> = { set_status: STATUSES, set_priority: PRIORITIES };
const ACTION_HINTS: Record<string, string> = {
  add_tags: 'tags, comma-separated',
  remove_tags: 'tags, comma-separated',
  assign: 'agent id, or route',
  apply_macro: 'shared macro id',
  notify_staff: 'assignee, admins, or a staff id',
};
const isList = (op: string) => op === 'in' || op === 'not_in';

/** Text typed for a value, as the API takes it: numbers for ids and minutes, lists for in/not_in and tags. */
function parseValue(text: string, numeric: boolean, list: boolean): Value {
  const one = (part: string): string | number => (numeric && /^\d+$/.test(part.trim()) ? Number(part.trim()) : part.trim());
  if (list) return text.split(',').map(one).filter((part) => part !== '');
  if (numeric && text.trim() === '') return null;
  return one(text);
}
const showValue = (value: Value) => (Array.isArray(value) ? value.join(', ') : value === null ? '' : String(value));

/** Admins: automations in the order they run; arrows reorder them, each can be edited, tried on a ticket and switched on or off. */
export function Automations() {
  const list = useLoad(() => automations.list(), []);
  const [editing, setEditing] = useState<Automation | 'new' | null>(null);
  const [testing, setTesting] = useState<Automation | null>(null);
  const move = useAction();
  const toggle = useAction();
  const items = list.data ?? [];

  // Arrows swap neighbours; positions are renumbered so equal ones cannot tie.
  const swap = (index: number, by: -1 | 1) =>
    void move.run(async () => {
      const order = [...items];
      [order[index], order[index + by]] = [order[index + by], order[index]];
      for (const [i, automation] of order.entries()) if (automation.position !== (i + 1) * 10) await automations.update(automation.id, { position: (i + 1) * 10 });
      await list.reload();
      return 'Order saved';
    });

  return (
    <div className="admin">
      <section className="panel" aria-labelledby="automations-title">
        <div className="section-head">
          <h2 id="automations-title">Automations</h2>
          <Busy when={list.loading}>Loading</Busy>
          <button type="button" className="small" onClick={() => setEditing('new')}>
            New automation
          </button>
        </div>
        <Outcome error={list.error ?? move.error ?? toggle.error} done={move.done ?? toggle.done} />
        {items.length === 0 && !list.loading && <p className="empty">No automations yet.</p>}
        {items.length > 0 && (
          <ol className="agents" data-testid="automations">
            {items.map((automation, index) => (
              <li key={automation.id} data-testid={`automation-${automation.id}`}>
                <strong>{automation.name}</strong> <span className="muted">on {automation.on}</span> <span className="muted">{automation.active ? 'on' : 'off'}</span>{' '}
                <button type="button" className="secondary small" aria-label={`Move ${automation.name} up`} disabled={index === 0 || move.pending} onClick={() => swap(index, -1)}>
                  ↑
                </button>{' '}
                <button type="button" className="secondary small" aria-label={`Move ${automation.name} down`} disabled={index === items.length - 1 || move.pending} onClick={() => swap(index, 1)}>
                  ↓
                </button>{' '}
                <button
                  type="button"
                  className="secondary small"
                  disabled={toggle.pending}
                  onClick={() => void toggle.run(async () => (await automations.update(automation.id, { active: !automation.active }), await list.reload(), automation.active ? 'Switched off' : 'Switched on'))}
                >
                  {automation.active ? 'Switch off' : 'Switch on'}
                </button>{' '}
                <button type="button" className="secondary small" onClick={() => setEditing(automation)}>
                  Edit
                </button>{' '}
                <button type="button" className="secondary small" onClick={() => setTesting(automation)}>
                  Test
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
      {editing && (
        <Editor
          key={editing === 'new' ? 'new' : editing.id}
          automation={editing === 'new' ? null : editing}
          nextPosition={(items.length + 1) * 10}
          onDone={async () => {
            setEditing(null);
            await list.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {testing && <DryRun key={testing.id} automation={testing} />}
    </div>
  );
}

function Editor({ automation, nextPosition, onDone, onCancel }: { automation: Automation | null; nextPosition: number; onDone: () => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState(automation?.name ?? '');
  const [on, setOn] = useState(automation?.on ?? 'ticket.created');
  const [rows, setRows] = useState<Array<Condition & { group: 'all' | 'any' }>>(() => [
    ...(automation?.conditions.all ?? []).map((c) => ({ ...c, group: 'all' as const })),
    ...(automation?.conditions.any ?? []).map((c) => ({ ...c, group: 'any' as const })),
  ]);
  const [actions, setActions] = useState<Action[]>(automation?.actions ?? [{ type: 'set_priority', value: 'high' }]);
  const save = useAction();
  const fields = Object.keys(FIELD_KINDS).filter((field) => !FIELD_KINDS[field].only || FIELD_KINDS[field].only === on);
  const setRow = (index: number, change: Partial<Condition & { group: 'all' | 'any' }>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const setAction = (index: number, change: Partial<Action>) => setActions(actions.map((action, i) => (i === index ? { ...action, ...change } : action)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      const all = rows.filter((row) => row.group === 'all').map(({ field, op, value }) => ({ field, op, value }));
      const any = rows.filter((row) => row.group === 'any').map(({ field, op, value }) => ({ field, op, value }));
      const body = { name, on, conditions: { ...(all.length ? { all } : {}), ...(any.length ? { any } : {}) }, actions };
      if (automation) await automations.update(automation.id, body);
      else await automations.create({ ...body, position: nextPosition, active: true });
      await onDone();
    });
  };

  return (
    <section className="panel" aria-labelledby="automation-editor-title">
      <h2 id="automation-editor-title">{automation ? `Edit ${automation.name}` : 'New automation'}</h2>
      <form onSubmit={submit} className="stack" aria-label="Automation">
        <label>
          Name <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Runs on{' '}
          <select value={on} onChange={(e) => setOn(e.target.value)}>
            {AUTOMATION_TRIGGERS.map((trigger) => (
              <option key={trigger}>{trigger}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Conditions</legend>
          {rows.map((row, index) => {
            const kind = FIELD_KINDS[row.field]?.kind ?? 'enum';
            const choices = FIELD_VALUES[row.field];
            return (
              <div key={index} className="inline" data-testid={`condition-${index}`}>
                <select aria-label={`Condition ${index + 1} group`} value={row.group} onChange={(e) => setRow(index, { group: e.target.value as 'all' | 'any' })}>
                  <option value="all">all</option>
                  <option value="any">any</option>
                </select>{' '}
                <select
                  aria-label={`Condition ${index + 1} field`}
                  value={row.field}
                  onChange={(e) => setRow(index, { field: e.target.value, op: OPS_BY_KIND[FIELD_KINDS[e.target.value].kind][0], value: FIELD_VALUES[e.target.value]?.[0] ?? '' })}
                >
                  {fields.map((field) => (
                    <option key={field}>{field}</option>
                  ))}
                </select>{' '}
                <select aria-label={`Condition ${index + 1} operator`} value={row.op} onChange={(e) => setRow(index, { op: e.target.value, value: isList(e.target.value) ? [] : (choices?.[0] ?? '') })}>
                  {OPS_BY_KIND[kind].map((op) => (
                    <option key={op}>{op}</option>
                  ))}
                </select>{' '}
                {choices && !isList(row.op) ? (
                  <select aria-label={`Condition ${index + 1} value`} value={String(row.value)} onChange={(e) => setRow(index, { value: e.target.value })}>
                    {choices.map((choice) => (
                      <option key={choice}>{choice}</option>
                    ))}
                  </select>
                ) : (
                  <input
                    aria-label={`Condition ${index + 1} value`}
                    defaultValue={showValue(row.value)}
                    placeholder={isList(row.op) ? 'values, comma-separated' : ''}
                    onChange={(e) => setRow(index, { value: parseValue(e.target.value, kind !== 'enum' && kind !== 'tags', isList(row.op)) })}
                  />
                )}{' '}
                <button type="button" className="link" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                  Remove condition {index + 1}
                </button>
              </div>
            );
          })}
          <button type="button" className="secondary small" onClick={() => setRows([...rows, { group: 'all', field: 'status', op: 'eq', value: 'open' }])}>
            Add condition
          </button>
        </fieldset>
        <fieldset>
          <legend>Actions</legend>
          {actions.map((action, index) => {
            const choices = ACTION_VALUES[action.type];
            return (
              <div key={index} className="inline" data-testid={`action-${index}`}>
                <select aria-label={`Action ${index + 1}`} value={action.type} onChange={(e) => setAction(index, { type: e.target.value, value: ACTION_VALUES[e.target.value]?.[0] ?? '', message: undefined })}>
                  {ACTION_TYPES.map((type) => (
                    <option key={type}>{type}</option>
                  ))}
                </select>{' '}
                {choices ? (
                  <select aria-label={`Action ${index + 1} value`} value={String(action.value)} onChange={(e) => setAction(index, { value: e.target.value })}>
                    {choices.map((choice) => (
                      <option key={choice}>{choice}</option>
                    ))}
                  </select>
                ) : (
                  <input
                    key={action.type}
                    aria-label={`Action ${index + 1} value`}
                    placeholder={ACTION_HINTS[action.type]}
                    defaultValue={showValue(action.value)}
                    onChange={(e) => setAction(index, { value: parseValue(e.target.value, true, action.type === 'add_tags' || action.type === 'remove_tags') })}
                  />
                )}
                {action.type === 'notify_staff' && (
                  <input aria-label={`Action ${index + 1} message`} placeholder="notice text" defaultValue={action.message ?? ''} onChange={(e) => setAction(index, { message: e.target.value || undefined })} />
                )}{' '}
                <button type="button" className="link" onClick={() => setActions(actions.filter((_, i) => i !== index))}>
                  Remove action {index + 1}
                </button>
              </div>
            );
          })}
          <button type="button" className="secondary small" onClick={() => setActions([...actions, { type: 'add_tags', value: [] }])}>
            Add action
          </button>
        </fieldset>
        <div>
          <button type="submit" disabled={save.pending}>
            Save automation
          </button>{' '}
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
        <Outcome error={save.error} />
      </form>
    </section>
  );
}

function DryRun({ automation }: { automation: Automation }) {
  const [ticketId, setTicketId] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  const run = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run.run(async () => setResult(await automations.test(automation.id, Number(ticketId))));
  };
  return (
    <section className="panel" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">Test {automation.name}</h2>
      <form onSubmit={submit} className="inline" aria-label="Dry run">
        <label>
          Ticket id <input inputMode="numeric" required value={ticketId} onChange={(e) => setTicketId(e.target.value)} />
        </label>{' '}
        <button type="submit" disabled={run.pending}>
          Run test
        </button>
      </form>
      <Outcome error={run.error} />
      {result && (
        <div data-testid="dry-run-result">
          <p>
            <strong>{result.matches ? 'The conditions match' : 'The conditions do not match'}</strong> <span className="muted">(nothing was changed)</span>
          </p>
          <ul>
            {[...result.conditions.all, ...result.conditions.any].map((c, i) => (
              <li key={i}>
                {c.field} {c.op} {showValue(c.value as Value)}: {c.matches ? 'yes' : 'no'} <span className="muted">(is {JSON.stringify(c.actual)})</span>
              </li>
            ))}
          </ul>
          <ul>
            {result.actions.map((a, i) => (
              <li key={i}>
                {a.type}: {a.result}
                {a.detail ? ` — ${a.detail}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
