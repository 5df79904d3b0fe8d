// Entry point: the server names the page in <body data-page>; this module checks the session,
// draws the menu the account's roles allow and hands over to the page's module.
import {api, ApiError, session, signOut, storeSession, toSignIn} from './api.js';
import {errorRegion, field, h, replace, showError, statusRegion} from './dom.js';
import {t} from './i18n.js';
import {accountFormPage, accountsPage} from './accounts.js';
import {auditPage} from './audit.js';
import {mailTemplatesPage, parametersPage} from './settings.js';
import {adminTokensPage, myTokensPage} from './tokens.js';

const page = document.body.dataset.page;
const main = document.getElementById('main');

/**
 * What the signed-in account may do, by the API's own rules (Caller in the server): a
 * general-use prohibited (一般利用禁止) session manages only its own tokens, whatever its flags.
 */
export function rolesOf(account) {
  const has = (flag) => account.flags.includes(flag);
  const interactive = !has('general_use_prohibited');
  return {
    adminRead: interactive && (has('system_admin') || has('user_admin') || has('auditor')),
    accountAdmin: interactive && (has('system_admin') || has('user_admin')),
    settingsRead: interactive && (has('system_admin') || has('auditor')),
    systemAdmin: interactive && has('system_admin'),
    grantSystemAdmin: interactive && has('system_admin'),
  };
}

const PAGES = {
  'accounts': {allowed: (r) => r.adminRead, draw: accountsPage},
  'account-new': {allowed: (r) => r.accountAdmin, draw: accountFormPage},
  'account-edit': {allowed: (r) => r.adminRead, draw: accountFormPage},
  'parameters': {allowed: (r) => r.settingsRead, draw: parametersPage},
  'mail-templates': {allowed: (r) => r.settingsRead, draw: mailTemplatesPage},
  'api-tokens': {allowed: (r) => r.adminRead, draw: adminTokensPage},
  'audit': {allowed: (r) => r.adminRead, draw: auditPage},
  'my-api-tokens': {allowed: () => true, draw: myTokensPage},
};

start();

async function start() {
  if (page === 'sign-in') {
    return signInPage();
  }
  if (page === 'password-reset') {
    return passwordResetPage();
  }
  if (page === 'not-found') {
    return replace(main, h('h1', {}, t('notFound.title')), h('p', {}, h('a', {href: '/console/'}, t('home.title'))));
  }
  if (!session()) {
    return toSignIn('needed');
  }
  let me;
  try {
    me = await api('GET', '/v1/me');
  } catch (e) {
    if (e.status !== 401) {
      const error = errorRegion();
      replace(main, error);
      showError(error, e instanceof ApiError ? e.describe() : String(e));
    }
    return;
  }
  const roles = rolesOf(me.account);
  drawNav(me.account, roles);
  if (page === 'home') {
    location.replace(roles.adminRead ? '/console/accounts' : '/console/settings/api-tokens');
    return;
  }
  const target = PAGES[page];
  if (!target || !target.allowed(roles)) {
    replace(main, h('h1', {id: 'forbidden'}, t('forbidden.title')), h('p', {}, t('forbidden.text')));
    return;
  }
  try {
    await target.draw({main, me, roles});
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      return;
    }
    const error = errorRegion('page-error');
    main.prepend(error);
    showError(error, e instanceof ApiError ? e.describe() : String(e));
  }
}

/** The seed's menu (設定 / アカウント設定 / システム設定), only with the entries the roles allow. */
function drawNav(account, roles) {
  const here = location.pathname.replace(/\/$/, '');
  const link = (id, href, label) => h('li', {}, h('a', {id, href, 'aria-current': here === href ? 'page' : null}, label));
  const group = (label, ...links) => {
    const items = links.filter(Boolean);
    return items.length ? h('li', {}, h('span', {class: 'group'}, label), h('ul', {}, items)) : null;
  };
  const readOnly = roles.adminRead && !roles.accountAdmin;
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav.label'));
  replace(nav,
    h('ul', {class: 'menu'},
      group(t('nav.settings'), link('nav-my-tokens', '/console/settings/api-tokens', t('nav.myTokens'))),
      group(t('nav.accountSettings'), roles.adminRead && link('nav-accounts', '/console/accounts', t('nav.accounts'))),
      group(t('nav.system'),
        roles.settingsRead && link('nav-parameters', '/console/system/parameters', t('nav.parameters')),
        roles.settingsRead && link('nav-mail-templates', '/console/system/mail-templates', t('nav.mailTemplates')),
        roles.adminRead && link('nav-api-tokens', '/console/system/api-tokens', t('nav.apiTokens'))),
      roles.adminRead && h('li', {}, link('nav-audit', '/console/audit', t('nav.audit')))),
    h('p', {class: 'who'},
      h('span', {id: 'signed-in-as'}, t('nav.signedInAs', account.login_id), readOnly ? ' ' + t('nav.readOnly') : ''), ' ',
      h('button', {type: 'button', id: 'sign-out', onclick: () => {
        signOut();
        location.assign('/console/sign-in');
      }}, t('nav.signOut'))));
}

/** Only this console's own pages are followed after sign-in (no open redirect). */
function safeNext(value) {
  return value && /^\/console\/[A-Za-z0-9/_?=&%.-]*$/.test(value) && !value.startsWith('//') ? value : '/console/';
}

function signInPage() {
  const params = new URLSearchParams(location.search);
  const error = errorRegion();
  const loginId = field('login-id', t('signIn.loginId'), {type: 'text', name: 'login_id', autocomplete: 'username', maxlength: 64, required: true});
  const password = field('password', t('signIn.password'), {type: 'password', name: 'password', autocomplete: 'current-password', maxlength: 128, required: true});
  const submit = h('button', {type: 'submit', id: 'sign-in-submit', class: 'primary'}, t('signIn.submit'));
  const form = h('form', {id: 'sign-in-form', novalidate: true}, loginId, password, h('div', {class: 'actions'}, submit));
  const reason = params.get('reason');
  replace(main, h('h1', {}, t('signIn.title')),
    reason ? h('p', {id: 'sign-in-reason', class: 'notice'}, t(reason === 'expired' ? 'signIn.expired' : 'signIn.needed')) : null,
    error, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = form.elements.login_id.value.trim();
    const secret = form.elements.password.value;
    if (!id || !secret) {
      showError(error, t('signIn.required'));
      return;
    }
    submit.disabled = true;
    try {
      storeSession(await api('POST', '/v1/auth/sign-in', {login_id: id, password: secret}));
      location.assign(safeNext(params.get('next')));
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
      form.elements.password.value = '';
      form.elements.password.focus();
      submit.disabled = false;
    }
  });
  form.elements.login_id.focus();
}

function passwordResetPage() {
  // The secret travels in the fragment, which is never sent to a server; drop it from the
  // address bar and history at once.
  const token = new URLSearchParams(location.hash.substring(1)).get('token');
  history.replaceState(null, '', location.pathname);
  const error = errorRegion();
  const status = statusRegion();
  if (!token) {
    replace(main, h('h1', {}, t('reset.title')), error);
    showError(error, t('reset.noToken'));
    return;
  }
  const attributes = {type: 'password', autocomplete: 'new-password', minlength: 12, maxlength: 128, required: true};
  const submit = h('button', {type: 'submit', id: 'reset-submit', class: 'primary'}, t('reset.submit'));
  const form = h('form', {id: 'reset-form', novalidate: true},
    field('new-password', t('reset.newPassword'), {...attributes, name: 'new_password'}, t('reset.hint')),
    field('new-password-again', t('reset.confirm'), {...attributes, name: 'again'}),
    h('div', {class: 'actions'}, submit));
  replace(main, h('h1', {}, t('reset.title')), error, status, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = form.elements.new_password.value;
    if (value !== form.elements.again.value) {
      showError(error, t('reset.mismatch'));
      return;
    }
    submit.disabled = true;
    try {
      await api('POST', '/v1/auth/password-reset', {reset_token: token, new_password: value});
      showError(error, null);
      form.remove();
      replace(status, t('reset.done'), ' ', h('a', {href: '/console/sign-in', id: 'to-sign-in'}, t('signIn.title')));
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
      submit.disabled = false;
    }
  });
}
