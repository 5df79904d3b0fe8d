// The audit trail (GET /v1/audit-events), newest first, with its filters. Read-only for everyone.
import {api, ApiError, query} from './api.js';
import {errorRegion, h, replace, showError} from './dom.js';
import {formatTime, t} from './i18n.js';
import {Pager} from './paging.js';

const ACTIONS = ['api_token_issued', 'api_token_picked_up', 'api_token_revoked', 'account_created', 'account_updated',
  'account_deleted', 'account_locked', 'account_unlocked', 'password_reset_requested', 'password_reset_completed',
  'system_parameters_changed', 'mail_template_changed', 'sign_in_failed', 'sign_in_succeeded', 'partner_program_created',
  'partner_program_updated', 'partner_program_deleted', 'partner_program_secret_rotated', 'consent_granted',
  'consent_revoked', 'refresh_token_reuse_detected', 'signing_key_rotated'];

/** A datetime-local value (the browser's zone) as RFC 3339, or null. */
function instant(value) {
  return value ? new Date(value).toISOString() : null;
}

export async function auditPage({main}) {
  const error = errorRegion();
  const action = h('select', {id: 'audit-action', name: 'action'},
    h('option', {value: ''}, t('common.all')), ACTIONS.map((a) => h('option', {value: a}, a)));
  const target = h('input', {type: 'text', id: 'audit-target', name: 'target_id', maxlength: 64});
  const since = h('input', {type: 'datetime-local', id: 'audit-since', name: 'since', step: 1});
  const until = h('input', {type: 'datetime-local', id: 'audit-until', name: 'until', step: 1});
  const label = (id, text, input) => h('span', {class: 'inline-field'}, h('label', {for: id}, text), ' ', input);
  const filter = h('form', {id: 'audit-filter', role: 'search'},
    h('div', {class: 'actions'}, label('audit-action', t('audit.action'), action), label('audit-target', t('audit.target'), target),
      label('audit-since', t('audit.since'), since), label('audit-until', t('audit.until'), until),
      h('button', {type: 'submit', id: 'audit-filter-submit', class: 'primary'}, t('common.show'))));
  const headers = [t('audit.occurredAt'), t('audit.action'), t('audit.actor'), t('audit.targetType'), t('audit.target'),
    t('audit.details'), t('audit.requestId')];
  const tbody = h('tbody', {});
  const list = h('table', {id: 'audit-table', class: 'compact'}, h('caption', {}, t('audit.title')),
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', {scope: 'col'}, text)))), tbody);
  const pager = new Pager('', (cursor) => api('GET', '/v1/audit-events' + query({action: action.value, target_id: target.value.trim(),
    since: instant(since.value), until: instant(until.value), limit: 50, cursor})),
  (page) => replace(tbody, page.items.length ? page.items.map((event) => h('tr', {'data-action': event.action},
    h('td', {}, formatTime(event.occurred_at)),
    h('td', {class: 'action'}, event.action),
    h('td', {}, event.actor_login_id || t('audit.system')),
    h('td', {}, event.target_type),
    h('td', {class: 'id'}, event.target_id || ''),
    h('td', {}, h('code', {class: 'details'}, JSON.stringify(event.details))),
    h('td', {class: 'id'}, event.request_id || '')))
    : h('tr', {}, h('td', {colspan: headers.length}, t('common.none')))));
  replace(main, h('h1', {}, t('audit.title')), filter, error, list, pager.element);
  filter.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(error, null);
    try {
      await pager.reset();
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
    }
  });
  await pager.reset();
  main.dataset.ready = 'true';
}
