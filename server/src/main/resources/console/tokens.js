// 「APIトークン管理」 (all accounts' tokens) and the holder's 「設定」―「APIトークン」 with the
// one-time pickup of seed 000: トークンを取得する → 確認 (いいえ / はい) → token, クリップボードへコピー → 戻る.
import {api, ApiError, query} from './api.js';
import {confirmDialog, errorRegion, focusHeading, h, replace, showError, statusRegion, table} from './dom.js';
import {formatTime, t} from './i18n.js';
import {Pager} from './paging.js';

const STATUSES = ['pending_pickup', 'active', 'expired', 'revoked', 'pickup_expired'];
const revocable = (token) => token.status === 'pending_pickup' || token.status === 'active';

function statusText(token) {
  return t('status.' + token.status) + (token.revocation_reason ? '（' + t('revocation.' + token.revocation_reason) + '）' : '');
}

/** The cells both token tables share, each marked with a class the tests and styles can find. */
function tokenCells(token) {
  return [
    h('td', {class: 'status'}, statusText(token)),
    h('td', {class: 'validity'}, String(token.validity_days)),
    h('td', {class: 'issued'}, formatTime(token.issued_at)),
    h('td', {class: 'deadline'}, formatTime(token.pickup_deadline)),
    h('td', {class: 'picked-up'}, formatTime(token.picked_up_at)),
    h('td', {class: 'expires'}, formatTime(token.expires_at)),
    h('td', {class: 'last-four'}, token.last_four ? '…' + token.last_four : ''),
  ];
}

const TOKEN_HEADERS = () => [t('tokens.status'), t('tokens.validity'), t('tokens.issuedAt'), t('tokens.deadline'),
  t('tokens.pickedUpAt'), t('tokens.expiresAt'), t('tokens.lastFour')];

async function revoke(path, status, error, onDone) {
  showError(error, null);
  if (!await confirmDialog('confirm-dialog', t('tokens.confirmRevoke'), [t('tokens.confirmRevokeNote')], t('common.no'), t('common.yes'))) {
    return;
  }
  try {
    await api('POST', path);
    replace(status, t('tokens.revoked'));
    await onDone();
  } catch (e) {
    showError(error, e instanceof ApiError ? e.describe() : String(e));
  }
}

export async function adminTokensPage({main, roles}) {
  const canAct = roles.accountAdmin;
  const params = new URLSearchParams(location.search);
  const error = errorRegion();
  const status = statusRegion();
  const login = h('input', {type: 'text', id: 'token-login-filter', name: 'login_id', maxlength: 64});
  const state = h('select', {id: 'token-status-filter', name: 'status'},
    h('option', {value: ''}, t('common.all')), STATUSES.map((s) => h('option', {value: s}, t('status.' + s))));
  let accountId = params.get('account_id');
  if (accountId) {
    try {
      login.value = (await api('GET', '/v1/accounts/' + accountId)).login_id;
    } catch (e) {
      accountId = null;
    }
  }
  const filter = h('form', {id: 'token-filter', role: 'search'},
    h('div', {class: 'actions'},
      h('span', {class: 'inline-field'}, h('label', {for: 'token-login-filter'}, t('tokens.loginFilter')), ' ', login),
      h('span', {class: 'inline-field'}, h('label', {for: 'token-status-filter'}, t('tokens.statusFilter')), ' ', state),
      h('button', {type: 'submit', id: 'token-filter-submit', class: 'primary'}, t('common.show'))));
  const tbody = h('tbody', {});
  const headers = [t('tokens.loginFilter'), ...TOKEN_HEADERS(), t('tokens.revokedAt'), canAct ? t('common.operation') : null].filter(Boolean);
  const list = h('table', {id: 'token-table'}, h('caption', {}, t('tokens.title')),
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', {scope: 'col'}, label)))), tbody);

  const pager = new Pager('', (cursor) => api('GET', '/v1/api-tokens' + query({account_id: accountId, status: state.value, limit: 25, cursor})),
    (page) => replace(tbody, page.items.length ? page.items.map((token) => h('tr', {'data-token-id': token.id, 'data-login-id': token.login_id},
      h('th', {scope: 'row'}, token.login_id), tokenCells(token), h('td', {class: 'revoked'}, formatTime(token.revoked_at)),
      canAct ? h('td', {}, revocable(token) ? h('button', {type: 'button', id: 'revoke-' + token.id, 'aria-label': t('tokens.revokeRow', token.login_id),
        onclick: () => revoke(`/v1/api-tokens/${token.id}/revoke`, status, error, () => pager.refresh())}, t('tokens.revoke')) : '') : null))
      : h('tr', {}, h('td', {colspan: headers.length}, t('common.none')))));

  replace(main, h('h1', {}, t('tokens.title')), filter, error, status, list, pager.element);
  filter.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(error, null);
    try {
      accountId = null;
      const wanted = login.value.trim();
      if (wanted) {
        const found = (await api('GET', '/v1/accounts' + query({q: wanted, limit: 50}))).items.find((a) => a.login_id === wanted);
        if (!found) {
          replace(tbody);
          showError(error, t('tokens.noAccount'));
          return;
        }
        accountId = found.id;
      }
      await pager.reset();
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
    }
  });
  await pager.reset();
  main.dataset.ready = 'true';
}

/** 「設定」―「APIトークン」: the holder's own tokens and the one-time pickup. */
export async function myTokensPage({main}) {
  const error = errorRegion();
  const status = statusRegion();
  const pickupArea = h('div', {id: 'pickup-area'});
  const tbody = h('tbody', {});
  const list = h('table', {id: 'my-token-table'}, h('caption', {}, t('my.list')),
    h('thead', {}, h('tr', {}, [...TOKEN_HEADERS(), t('common.operation')].map((label) => h('th', {scope: 'col'}, label)))), tbody);
  const listView = [h('h1', {}, t('my.title')), h('p', {}, t('my.intro')), error, status, pickupArea, list];

  async function drawList(highlightId) {
    // Newest first: the newest pending token is the one to pick up (a re-issue revokes older ones).
    const page = await api('GET', '/v1/me/api-tokens' + query({limit: 50}));
    const pending = page.items.find((token) => token.status === 'pending_pickup');
    replace(pickupArea, pending
      ? [h('p', {id: 'pending-info'}, t('my.pending', pending.validity_days, formatTime(pending.pickup_deadline))),
        h('button', {type: 'button', id: 'pickup-button', class: 'primary', 'data-token-id': pending.id,
          onclick: () => pickUp(pending)}, t('my.pickup'))]
      : h('p', {id: 'pending-info'}, t('my.nothing')));
    replace(tbody, page.items.length ? page.items.map((token) => h('tr', {'data-token-id': token.id,
      class: token.id === highlightId ? 'highlight' : null}, tokenCells(token),
    h('td', {}, revocable(token) ? h('button', {type: 'button', id: 'revoke-' + token.id,
      'aria-label': t('my.revokeRow', token.last_four),
      onclick: () => revoke(`/v1/me/api-tokens/${token.id}/revoke`, status, error, () => drawList())}, t('my.revoke')) : '')))
      : h('tr', {}, h('td', {colspan: 8}, t('common.none'))));
  }

  async function pickUp(token) {
    showError(error, null);
    replace(status);
    const yes = await confirmDialog('pickup-dialog', t('my.confirmTitle'), [t('my.confirmNote'), t('my.confirmOnce')],
      t('common.no'), t('common.yes'));
    if (!yes) {
      return;
    }
    let picked;
    try {
      picked = await api('POST', `/v1/me/api-tokens/${token.id}/pickup`);
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
      await drawList();
      return;
    }
    showSecret(picked);
  }

  /** The secret exists only in this view's DOM; 戻る drops it for good. */
  function showSecret(picked) {
    const secret = h('input', {type: 'text', id: 'token-secret', readonly: true, value: picked.secret, spellcheck: 'false',
      autocomplete: 'off', 'aria-describedby': 'token-warning', class: 'secret'});
    const copied = h('p', {id: 'copy-status', role: 'status', 'aria-live': 'polite'});
    const copy = h('button', {type: 'button', id: 'copy-button', class: 'primary'}, t('my.copy'));
    const back = h('button', {type: 'button', id: 'back-button'}, t('common.back'));
    copy.addEventListener('click', async () => {
      replace(copied, (await copyText(secret)) ? t('my.copied') : t('my.copyFailed'));
    });
    back.addEventListener('click', async () => {
      secret.value = '';
      replace(main, ...listView);
      replace(status, t('my.pickedUp', formatTime(picked.token.expires_at)));
      await drawList(picked.token.id);
      focusHeading(main);
    });
    replace(main,
      h('h1', {}, t('my.issuedTitle')),
      h('div', {class: 'field'}, h('label', {for: 'token-secret'}, t('my.secretLabel')), secret),
      h('p', {id: 'token-warning', class: 'warning'}, t('my.secretWarning')),
      h('p', {id: 'token-expiry'}, t('my.secretExpiry', formatTime(picked.token.expires_at))),
      h('div', {class: 'actions'}, copy, back), copied);
    focusHeading(main);
    secret.select();
  }

  replace(main, ...listView);
  await drawList();
  main.dataset.ready = 'true';
}

/**
 * The asynchronous Clipboard API where the page is a secure context (https, localhost); the
 * older copy command on a selected field elsewhere (plain-http installations).
 */
async function copyText(input) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(input.value);
      return true;
    } catch (e) {
      // fall through to the copy command
    }
  }
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch (e) {
    return false;
  }
}
