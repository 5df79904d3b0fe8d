// 「システム設定」: 「パラメータ」 and 「メールテンプレート設定」. Read-only for auditors.
import {api, ApiError} from './api.js';
import {errorRegion, field, h, replace, showError, statusRegion} from './dom.js';
import {formatTime, t} from './i18n.js';

export async function parametersPage({main, roles}) {
  const canSave = roles.systemAdmin;
  let parameters = await api('GET', '/v1/system-parameters');
  const error = errorRegion();
  const status = statusRegion();
  const updated = h('p', {id: 'parameters-updated', class: 'info'});
  const drawUpdated = () => replace(updated, t('params.updatedAt', formatTime(parameters.updated_at)));
  const number = (max, value) => ({type: 'number', min: 1, max, step: 1, required: true, value, readonly: !canSave, inputmode: 'numeric'});
  const form = h('form', {id: 'parameters-form', novalidate: true},
    field('validity-days', t('params.validity'), {...number(3650, parameters.api_token_validity_days), name: 'validity'}),
    field('pickup-window-hours', t('params.window'), {...number(2160, parameters.api_token_pickup_window_hours), name: 'window'}),
    canSave ? h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'save-parameters', class: 'primary'}, t('common.save'))) : null);
  replace(main,
    h('h1', {}, t('params.title')),
    h('section', {class: 'notice', id: 'parameters-warning', 'aria-label': t('params.title')},
      h('p', {}, t('params.warning1')), h('p', {}, t('params.warning2')), h('p', {}, t('params.warning3'))),
    error, status, form, updated);
  drawUpdated();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(error, null);
    replace(status);
    try {
      parameters = await api('PUT', '/v1/system-parameters', {
        api_token_validity_days: Number(form.elements.validity.value),
        api_token_pickup_window_hours: Number(form.elements.window.value),
      });
      drawUpdated();
      replace(status, t('common.saved'));
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
    }
  });
  main.dataset.ready = 'true';
}

export async function mailTemplatesPage({main, roles}) {
  const canSave = roles.systemAdmin;
  const templates = (await api('GET', '/v1/mail-templates')).items;
  const error = errorRegion();
  const status = statusRegion();
  const chooser = h('select', {id: 'template-select', name: 'template'},
    templates.map((tpl) => h('option', {value: tpl.id}, t('mail.' + tpl.id))));
  const subject = h('input', {type: 'text', id: 'template-subject', name: 'subject', maxlength: 200, readonly: !canSave});
  const body = h('textarea', {id: 'template-body', name: 'body', rows: 14, maxlength: 10000, readonly: !canSave});
  const placeholders = h('ul', {id: 'template-placeholders', class: 'placeholders'});
  const previewSubject = h('p', {id: 'preview-subject', class: 'preview-subject'});
  const previewBody = h('pre', {id: 'preview-body', class: 'preview-body'});
  const preview = h('section', {id: 'preview', 'aria-labelledby': 'preview-title', 'aria-live': 'polite', hidden: true},
    h('h2', {id: 'preview-title'}, t('mail.previewTitle')), previewSubject, previewBody);
  const form = h('form', {id: 'template-form', novalidate: true},
    h('div', {class: 'field'}, h('label', {for: 'template-select'}, t('mail.template')), chooser),
    h('div', {class: 'field'}, h('label', {for: 'template-subject'}, t('mail.subject')), subject),
    h('div', {class: 'field'}, h('label', {for: 'template-body'}, t('mail.body')), body),
    h('div', {class: 'field'}, h('span', {class: 'label', id: 'placeholders-label'}, t('mail.placeholders')), placeholders),
    h('div', {class: 'actions'},
      h('button', {type: 'button', id: 'preview-button', onclick: () => run(true)}, t('mail.preview')),
      canSave ? h('button', {type: 'submit', id: 'save-template', class: 'primary'}, t('common.save')) : null));
  placeholders.setAttribute('aria-labelledby', 'placeholders-label');

  function load() {
    const tpl = templates.find((x) => x.id === chooser.value);
    subject.value = tpl.subject;
    body.value = tpl.body;
    replace(placeholders, tpl.placeholders.map((p) => h('li', {}, h('code', {}, p))));
    preview.hidden = true;
    showError(error, null);
    replace(status);
  }

  async function run(previewOnly) {
    showError(error, null);
    replace(status);
    const id = chooser.value;
    const draft = {subject: subject.value, body: body.value};
    try {
      if (previewOnly) {
        const rendered = await api('POST', `/v1/mail-templates/${id}/preview`, draft);
        replace(previewSubject, t('mail.subject') + '：' + rendered.subject);
        replace(previewBody, rendered.body);
        preview.hidden = false;
      } else {
        const saved = await api('PUT', '/v1/mail-templates/' + id, draft);
        templates[templates.findIndex((x) => x.id === id)] = saved;
        replace(status, t('common.saved'));
      }
    } catch (e) {
      showError(error, e instanceof ApiError ? e.describe() : String(e));
    }
  }

  replace(main, h('h1', {}, t('mail.title')), error, status, form, preview);
  chooser.addEventListener('change', load);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(false);
  });
  load();
  main.dataset.ready = 'true';
}
