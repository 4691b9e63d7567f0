import { NOTIFICATION_KINDS } from '../notification.entity';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import { NotificationMessages, resolveLocale } from './notification-messages';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null ? keys(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('NotificationMessages', () => {
  const messages = new NotificationMessages();

  it('renders in the recipient locale with the ticket number and a localized status', () => {
    expect(messages.render('ticket_status_changed', 'fr', { ticketNumber: 'TKT-123456-ABCDEF', status: 'in_progress' })).toEqual({
      locale: 'fr',
      title: 'Ticket TKT-123456-ABCDEF mis à jour',
      body: 'Votre ticket est maintenant en cours de traitement.',
    });
    expect(messages.render('ticket_status_changed', 'es', { ticketNumber: 'TKT-1', status: 'resolved' }).body).toBe('Tu ticket ahora está resuelto.');
    expect(messages.render('ticket_status_changed', 'en', { ticketNumber: 'TKT-1', status: 'on_hold' }).body).toBe('Your ticket is now on hold.');
  });

  it('falls back to English for unknown locales and keeps regional variants', () => {
    expect(messages.render('ticket_closed', 'de', { ticketNumber: 'TKT-1' })).toMatchObject({ locale: 'en', title: 'Ticket TKT-1 closed' });
    expect(messages.render('ticket_closed', null, { ticketNumber: 'TKT-1' }).locale).toBe('en');
    expect(resolveLocale('fr-CA')).toBe('fr');
    expect(resolveLocale('ES_es')).toBe('es');
  });

  it('does not HTML-escape what a person wrote (the apps render plain text)', () => {
    expect(messages.render('staff_reply', 'en', { ticketNumber: 'TKT-1', preview: 'Refund "issued" <today> & done' }).body).toBe(
      'Support replied: Refund "issued" <today> & done',
    );
  });

  it('has every key in every catalog, and a title and body for every notification kind', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
    expect(keys(es).sort()).toEqual(keys(en).sort());
    for (const kind of NOTIFICATION_KINDS) expect(keys(en)).toEqual(expect.arrayContaining([`${kind}.title`, `${kind}.body`]));
  });
});
