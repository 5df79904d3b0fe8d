// 「アカウント設定」－「アカウント管理」: the account list with the seed's filters, selection and the
// three bulk actions, and the create / update form.
import {api, ApiError, query, randomUuid} from './api.js';
import {checkbox, confirmDialog, errorRegion, field, h, replace, showError, statusRegion, table} from './dom.js';
import {formatTime, t} from './i18n.js';
import {Pager} from './paging.js';

// The seed's order of the 権限 checkboxes.
const FLAGS = ['temporary_use_prohibited', 'general_use_prohibited', 'auditor', 'user_admin', 'system_admin'];

function flagNames(account) {
  return account.flags.length ? account.flags.map((f) => t('flag.' + f)).join('、') : t('flag.none');
}

export async function accountsPage({main, me, roles}) {
  const canAct = roles.accountAdmin;
  const selected = new Map(); // account id -> login ID, across pages
  const error = errorRegion();
  const status = statusRegion();
  const result = h('section', {id: 'bulk-result', 'aria-live': 'polite', 'aria-labelledby': 'bulk-result-title', hidden: true});

  const flagBoxes = FLAGS.map((flag) => checkbox('flag-' + flag, t('flag.' + flag), {name: 'flag', value: flag, checked: true}));
  const search = h('input', {type: 'search', id: 'account-search', name: 'q', maxlength: 100});
  const pageSize = h('select', {id: 'page-size', name: 'limit'}, [10, 25, 50].map((n) => h('option', {value: n}, String(n))));
  const filter = h('form', {id: 'account-filter', role: 'search'},
    h('fieldset', {}, h('legend', {}, t('accounts.flags')), h('p', {class: 'hint'}, t('accounts.flagsHint')), flagBoxes),
    h('fieldset', {}, h('legend', {}, t('accounts.lockState')),
      checkbox('lock-unlocked', t('accounts.unlocked'), {name: 'lock', value: 'unlocked', checked: true}),
      checkbox('lock-locked', t('accounts.locked'), {name: 'lock', value: 'locked'})),
    h('div', {class: 'actions'},
      h('span', {class: 'inline-field'}, h('label', {for: 'page-size'}, t('common.perPageLabel')), ' ', pageSize, ' ', t('common.perPage')),
      h('span', {class: 'inline-field'}, h('label', {for: 'account-search'}, t('common.searchLabel')), ' ', search),
      h('button', {type: 'submit', id: 'filter-submit', class: 'primary'}, t('common.search'))));

  const tbody = h('tbody', {});
  const headers = [canAct ? t('accounts.select') : null, t('accounts.loginId'), t('accounts.name'), t('accounts.mail'),
    t('accounts.flags'), t('accounts.lock'), t('common.operation')].filter(Boolean);
  const list = h('table', {id: 'account-table'}, h('caption', {}, t('accounts.list')),
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', {scope: 'col'}, label)))), tbody);
  const count = h('p', {id: 'selected-count', class: 'info', 'aria-live': 'polite'});

  function filters() {
    const flags = flagBoxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    const unlocked = filter.querySelector('#lock-unlocked').checked;
    const locked = filter.querySelector('#lock-locked').checked;
    return {
      q: search.value.trim(),
      // All boxes ticked means "any role or none"; the API's flag filter would drop role-less accounts.
      flag: flags.length === FLAGS.length ? [] : flags,
      locked: unlocked === locked ? null : locked,
      limit: pageSize.value,
    };
  }

  const updateCount = () => replace(count, t('accounts.selected', selected.size));

  function row(account) {
    const box = canAct ? h('input', {type: 'checkbox', id: 'select-' + account.login_id, value: account.id,
      'aria-label': t('accounts.selectRow', account.login_id), checked: selected.has(account.id)}) : null;
    if (box) {
      box.addEventListener('change', () => {
        if (box.checked) {
          selected.set(account.id, account.login_id);
        } else {
          selected.delete(account.id);
        }
        updateCount();
      });
    }
    return h('tr', {'data-login-id': account.login_id, 'data-account-id': account.id},
      box ? h('td', {class: 'select'}, box) : null,
      h('th', {scope: 'row'}, account.login_id),
      h('td', {}, account.name),
      h('td', {}, account.mail || ''),
      h('td', {class: 'flags'}, flagNames(account)),
      h('td', {}, account.locked ? t('accounts.locked') : t('accounts.unlocked')),
      h('td', {}, h('a', {href: '/console/accounts/' + account.id, id: 'edit-' + account.login_id},
        canAct ? t('accounts.update') : t('accounts.view'))));
  }

  const pager = new Pager('', (cursor) => api('GET', '/v1/accounts' + query({...filters(), cursor})), (page) => {
    replace(tbody, page.items.length ? page.items.map(row)
      : h('tr', {}, h('td', {colspan: headers.length}, t('common.none'))));
  });

  function selectAll() {
    const boxes = [...tbody.querySelectorAll('input[type=checkbox]')];
    const all = boxes.length > 0 && boxes.every((b) => b.checked);
    for (const box of boxes) {
      box.checked = !all;
      box.dispatchEvent(new Event('change'));
    }
  }

  function showResults(summary, results, describe) {
    const rows = results.map((r) => h('tr', {'data-account-id': r.account_id, 'data-outcome': r.outcome},
      h('th', {scope: 'row'}, selected.get(r.account_id) || r.account_id),
      h('td', {class: 'outcome'}, describe(r))));
    replace(result, h('h2', {id: 'bulk-result-title'}, t('accounts.result')), h('p', {id: 'bulk-summary'}, summary),
      table('bulk-result-table', t('accounts.result'), [t('accounts.loginId'), t('accounts.result')], rows));
    result.hidden = false;
  }

  const skipped = (r) => t('outcome.skipped', t('reason.' + r.reason));

  async function bulk(kind) {
    showError(error, null);
    if (selected.size === 0) {
      showError(error, t('accounts.noneSelected'));
      return;
    }
    const ids = [...selected.keys()];
    try {
      if (kind === 'issue') {
        const response = await api('POST', '/v1/api-tokens/bulk-issue', {account_ids: ids}, {'Idempotency-Key': randomUuid()});
        showResults(t('accounts.issueSummary', response.issued_count, response.skipped_count, response.validity_days,
          formatTime(response.pickup_deadline)), response.results,
        (r) => r.outcome === 'issued' ? t('outcome.issued') + (r.superseded_token_id ? t('outcome.superseded') : '') : skipped(r));
      } else {
        const [title, note, path] = kind === 'delete'
          ? ['accounts.confirmDelete', 'accounts.confirmDeleteNote', '/v1/accounts/bulk-delete']
          : ['accounts.confirmReset', 'accounts.confirmResetNote', '/v1/accounts/bulk-password-reset'];
        if (!await confirmDialog('confirm-dialog', t(title, ids.length), [t(note)], t('common.no'), t('common.yes'))) {
          return;
        }
        const response = await api('POST', path, {account_ids: ids});
        showResults(t('accounts.resultSummary', response.succeeded_count, response.skipped_count), response.results,
          (r) => r.outcome === 'skipped' ? skipped(r) : t('outcome.' + r.outcome));
      }
      if (kind === 'delete') {
        selected.clear();
        updateCount();
        await pager.refresh();
      }
      result.focus();
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
    }
  }

  const selectAllButton = (id) => h('button', {type: 'button', id, onclick: selectAll}, t('accounts.selectAll'));
  replace(main,
    h('h1', {}, t('accounts.title')),
    h('section', {'aria-labelledby': 'filter-title'}, h('h2', {id: 'filter-title'}, t('accounts.details')), filter),
    canAct ? h('div', {class: 'actions'}, selectAllButton('select-all-top'),
      h('a', {href: '/console/accounts/new', id: 'create-account', class: 'button'}, t('accounts.create'))) : null,
    error, status, list, pager.element,
    canAct ? h('section', {'aria-labelledby': 'bulk-title', class: 'bulk'},
      h('h2', {id: 'bulk-title'}, t('accounts.bulk')), count,
      h('div', {class: 'actions'}, selectAllButton('select-all'),
        h('button', {type: 'button', id: 'bulk-delete', onclick: () => bulk('delete')}, t('accounts.bulkDelete')),
        h('button', {type: 'button', id: 'bulk-password-reset', onclick: () => bulk('reset')}, t('accounts.bulkReset')),
        h('button', {type: 'button', id: 'bulk-issue', class: 'primary', onclick: () => bulk('issue')}, t('accounts.bulkIssue')))) : null,
    result);
  result.setAttribute('tabindex', '-1');
  updateCount();
  filter.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(error, null);
    try {
      await pager.reset();
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
    }
  });
  pageSize.addEventListener('change', () => filter.requestSubmit());
  await pager.reset();
  main.dataset.ready = 'true';
}

/** 「作成」 and 「更新」: one form; read-only for auditors. */
export async function accountFormPage({main, me, roles}) {
  const id = location.pathname.split('/').pop();
  const creating = id === 'new';
  const canAct = roles.accountAdmin;
  const account = creating ? null : await api('GET', '/v1/accounts/' + id);
  const error = errorRegion();
  const status = statusRegion();
  if (new URLSearchParams(location.search).get('created')) {
    replace(status, t('account.created'));
  }
  const readOnly = !canAct;
  const flagBoxes = FLAGS.map((flag) => checkbox('flag-' + flag, t('flag.' + flag), {
    name: 'flag', value: flag, checked: account ? account.flags.includes(flag) : false,
    // Only a system administrator grants or removes システム管理者 (the API refuses it otherwise).
    disabled: readOnly || (flag === 'system_admin' && !roles.grantSystemAdmin),
  }));
  const form = h('form', {id: 'account-form', novalidate: true},
    creating
      ? field('login-id', t('accounts.loginId'), {type: 'text', name: 'login_id', maxlength: 64, required: true, autocomplete: 'off'})
      : h('div', {class: 'field'}, h('span', {class: 'label'}, t('accounts.loginId')), h('p', {id: 'login-id'}, account.login_id)),
    field('name', t('accounts.name'), {type: 'text', name: 'name', maxlength: 100, required: true, value: account ? account.name : null, readonly: readOnly}),
    field('mail', t('accounts.mail'), {type: 'email', name: 'mail', maxlength: 254, value: account ? account.mail : null, readonly: readOnly, autocomplete: 'off'}),
    h('fieldset', {}, h('legend', {}, t('accounts.flags')), flagBoxes),
    creating ? field('password', t('account.password'), {type: 'password', name: 'password', minlength: 12, maxlength: 128, autocomplete: 'new-password'}, t('account.passwordHint')) : null,
    canAct ? h('div', {class: 'actions'},
      h('button', {type: 'submit', id: 'save-account', class: 'primary'}, creating ? t('account.createSubmit') : t('account.updateSubmit'))) : null);

  const lockState = h('p', {id: 'lock-state'});
  const lockButton = h('button', {type: 'button', id: 'lock-toggle'});
  function drawLock(current) {
    replace(lockState, t('account.state') + '：' + (current.locked ? t('accounts.locked') : t('accounts.unlocked'))
      + (current.locked_at ? '（' + formatTime(current.locked_at) + '）' : ''));
    replace(lockButton, current.locked ? t('account.unlockAction') : t('account.lockAction'));
  }
  let current = account;
  if (account) {
    drawLock(account);
    lockButton.addEventListener('click', async () => {
      try {
        current = await api('POST', '/v1/accounts/' + id + (current.locked ? '/unlock' : '/lock'));
        drawLock(current);
        replace(status, current.locked ? t('account.lockedNow') : t('account.unlockedNow'));
      } catch (e) {
        showError(error, e instanceof ApiError ? e.describe() : String(e));
      }
    });
  }

  replace(main,
    h('h1', {}, creating ? t('account.createTitle') : (canAct ? t('account.editTitle') : t('account.viewTitle'))),
    error, status, form,
    account ? h('section', {'aria-label': t('account.state')}, lockState, canAct && !account.deleted ? lockButton : null) : null,
    account ? h('p', {}, h('a', {href: '/console/system/api-tokens?account_id=' + account.id, id: 'account-tokens'}, t('account.tokens'))) : null,
    h('p', {}, h('a', {href: '/console/accounts', id: 'back-to-list'}, t('account.backToList'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(error, null);
    const values = form.elements;
    const flags = flagBoxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    const body = {name: values.name.value.trim(), flags};
    if (values.mail.value.trim()) {
      body.mail = values.mail.value.trim();
    }
    try {
      if (creating) {
        body.login_id = values.login_id.value.trim();
        if (values.password.value) {
          body.password = values.password.value;
        }
        const created = await api('POST', '/v1/accounts', body);
        location.assign('/console/accounts/' + created.id + '?created=1');
      } else {
        current = await api('PATCH', '/v1/accounts/' + id, body);
        replace(status, t('account.updated'));
      }
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
    }
  });
  main.dataset.ready = 'true';
}
