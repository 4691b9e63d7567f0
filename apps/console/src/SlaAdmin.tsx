import { FormEvent, useState } from 'react';
import { Priority, PRIORITIES, title } from './api';
import { Calendar, desk, SlaPolicy, SlaTargets } from './desk-api';
import { Outcome, useAction, useLoad } from './ui';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const TARGETS: { field: keyof SlaTargets; label: string }[] = [
  { field: 'firstReplyMinutes', label: 'First reply' },
  { field: 'nextReplyMinutes', label: 'Next reply' },
  { field: 'resolutionMinutes', label: 'Resolution' },
];
const list = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean);

/** Admins: business calendars and SLA policies (SPEC 7.2), `#/sla`. */
export function SlaAdmin() {
  const calendars = useLoad(() => desk.calendars(), []);
  return (
    <div className="admin">
      <Calendars calendars={calendars.data?.data ?? []} error={calendars.error} reload={calendars.reload} />
      <Policies calendars={calendars.data?.data ?? []} />
    </div>
  );
}

function hoursOf(calendar: Calendar): string {
  return calendar.weeklyHours.map((h) => `${DAYS[h.day]} ${h.start}-${h.end}`).join(', ');
}

function Calendars({ calendars, error, reload }: { calendars: Calendar[]; error: string | null; reload: () => Promise<void> }) {
  const save = useAction();
  const remove = useAction();
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState('Europe/Paris');
  const [days, setDays] = useState([1, 2, 3, 4, 5]);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('18:00');
  const [holidays, setHolidays] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      const created = await desk.createCalendar({ name, timezone, weeklyHours: days.map((day) => ({ day, start, end })), holidays: list(holidays) });
      setName('');
      await reload();
      return `Calendar ${created.name} created`;
    });
  };
  return (
    <section className="panel" aria-labelledby="calendars-title">
      <h2 id="calendars-title">Business calendars</h2>
      <Outcome error={error ?? remove.error} done={remove.done} />
      <ul className="plain" data-testid="calendars">
        {calendars.map((calendar) => (
          <li key={calendar.id} className="row">
            <span className="grow">
              <strong>{calendar.name}</strong> <span className="muted">{calendar.timezone} · {hoursOf(calendar)}{calendar.holidays.length ? ` · holidays ${calendar.holidays.join(', ')}` : ''}</span>
            </span>
            {!calendar.builtIn && (
              <button
                type="button"
                className="danger small"
                aria-label={`Delete calendar ${calendar.name}`}
                onClick={() =>
                  void remove.run(async () => {
                    await desk.deleteCalendar(calendar.id);
                    await reload();
                    return `Calendar ${calendar.name} deleted`;
                  })
                }
              >
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="sla-form" aria-label="New calendar">
        <h3>New calendar</h3>
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Timezone (IANA) <input value={timezone} onChange={(e) => setTimezone(e.target.value)} required />
        </label>
        <fieldset className="row">
          <legend>Working days</legend>
          {DAYS.map((label, day) => (
            <label key={label}>
              <input type="checkbox" checked={days.includes(day)} onChange={(e) => setDays(e.target.checked ? [...days, day].sort() : days.filter((d) => d !== day))} /> {label}
            </label>
          ))}
        </fieldset>
        <div className="row">
          <label>
            From <input value={start} onChange={(e) => setStart(e.target.value)} placeholder="09:00" />
          </label>
          <label>
            To <input value={end} onChange={(e) => setEnd(e.target.value)} placeholder="18:00" />
          </label>
        </div>
        <label>
          Holidays (YYYY-MM-DD, separated by commas) <input value={holidays} onChange={(e) => setHolidays(e.target.value)} />
        </label>
        <button type="submit" disabled={save.pending}>
          Create calendar
        </button>
        <Outcome error={save.error} done={save.done} />
      </form>
    </section>
  );
}

function targetsText(policy: SlaPolicy): string {
  return PRIORITIES.filter((p) => policy.targets[p])
    .map((p) => `${p}: ${TARGETS.filter((t) => policy.targets[p]?.[t.field]).map((t) => `${t.label.toLowerCase()} ${policy.targets[p]?.[t.field]} min`).join(', ')}`)
    .join(' · ');
}

function Policies({ calendars }: { calendars: Calendar[] }) {
  const policies = useLoad(() => desk.policies(), []);
  const change = useAction();
  const save = useAction();
  const [name, setName] = useState('');
  const [position, setPosition] = useState('1');
  const [calendarId, setCalendarId] = useState('');
  const [origins, setOrigins] = useState('');
  const [categories, setCategories] = useState('');
  const [breachAction, setBreachAction] = useState<'notify' | 'escalate'>('notify');
  const [targets, setTargets] = useState<Partial<Record<Priority, Record<string, string>>>>({});
  const calendarOf = (id: number) => calendars.find((c) => c.id === id)?.name ?? `#${id}`;
  const act = (work: () => Promise<unknown>, done: string) =>
    void change.run(async () => {
      await work();
      await policies.reload();
      return done;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const numeric: Partial<Record<Priority, SlaTargets>> = {};
    for (const priority of PRIORITIES)
      for (const { field } of TARGETS) {
        const value = targets[priority]?.[field];
        if (value) numeric[priority] = { ...numeric[priority], [field]: Number(value) };
      }
    const match = { ...(list(origins).length ? { origins: list(origins) } : {}), ...(list(categories).length ? { categories: list(categories) } : {}) };
    void save.run(async () => {
      const created = await desk.createPolicy({ name, position: Number(position), match, calendarId: Number(calendarId || calendars[0]?.id), targets: numeric, breachAction, active: true });
      setName('');
      await policies.reload();
      return `Policy ${created.name} created`;
    });
  };
  return (
    <section className="panel" aria-labelledby="policies-title">
      <h2 id="policies-title">SLA policies</h2>
      <p className="muted small">The first active policy by position whose match fits a ticket sets its targets (working minutes of its calendar).</p>
      <Outcome error={policies.error ?? change.error} done={change.done} />
      {policies.data?.data.length === 0 && <p className="empty">No policies yet: tickets have no service-level clocks.</p>}
      <ul className="plain" data-testid="sla-policies">
        {policies.data?.data.map((policy) => (
          <li key={policy.id} className="row">
            <span className="grow">
              <strong>
                {policy.position}. {policy.name}
              </strong>{' '}
              {!policy.active && <span className="badge">Inactive</span>}
              <br />
              <span className="muted small">
                {policy.match.origins?.length ? `origins ${policy.match.origins.join(', ')} · ` : ''}
                {policy.match.categories?.length ? `categories ${policy.match.categories.map(title).join(', ')} · ` : ''}
                {calendarOf(policy.calendarId)} · {targetsText(policy)} · on breach: {policy.breachAction}
              </span>
            </span>
            <button type="button" className="secondary small" onClick={() => act(() => desk.updatePolicy(policy.id, { active: !policy.active }), `Policy ${policy.name} ${policy.active ? 'deactivated' : 'activated'}`)}>
              {policy.active ? 'Deactivate' : 'Activate'}
            </button>
            <button type="button" className="danger small" aria-label={`Delete policy ${policy.name}`} onClick={() => act(() => desk.deletePolicy(policy.id), `Policy ${policy.name} deleted`)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="sla-form" aria-label="New policy">
        <h3>New policy</h3>
        <div className="row">
          <label className="grow">
            Name <input value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          <label>
            Position <input type="number" min={0} value={position} onChange={(e) => setPosition(e.target.value)} />
          </label>
          <label>
            Calendar
            <select value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
              {calendars.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="row">
          <label className="grow">
            Origins (any when empty) <input value={origins} onChange={(e) => setOrigins(e.target.value)} placeholder="munch, mtxi" />
          </label>
          <label className="grow">
            Categories (any when empty) <input value={categories} onChange={(e) => setCategories(e.target.value)} placeholder="payment_issue, billing" />
          </label>
          <label>
            On breach
            <select value={breachAction} onChange={(e) => setBreachAction(e.target.value as 'notify' | 'escalate')}>
              <option value="notify">Notify</option>
              <option value="escalate">Escalate</option>
            </select>
          </label>
        </div>
        <table className="targets">
          <thead>
            <tr>
              <th>Priority</th>
              {TARGETS.map((t) => (
                <th key={t.field}>{t.label} (min)</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PRIORITIES.map((priority) => (
              <tr key={priority}>
                <td>{title(priority)}</td>
                {TARGETS.map(({ field, label }) => (
                  <td key={field}>
                    <input
                      type="number"
                      min={1}
                      aria-label={`${title(priority)} ${label.toLowerCase()} minutes`}
                      value={targets[priority]?.[field] ?? ''}
                      onChange={(e) => setTargets({ ...targets, [priority]: { ...targets[priority], [field]: e.target.value } })}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" disabled={save.pending}>
          Create policy
        </button>
        <Outcome error={save.error} done={save.done} />
      </form>
    </section>
  );
}
