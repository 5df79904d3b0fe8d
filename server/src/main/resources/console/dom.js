// Small DOM helpers. Text is only ever set through textContent and attributes through
// setAttribute: the console never parses HTML strings (Trusted Types forbids it anyway).

/** Creates an element: h('button', {id: 'x', class: 'primary'}, 'text', child...). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.substring(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces the children of an element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A labelled input in a .field block. */
export function field(id, label, attributes, hint) {
  const hintId = hint ? id + '-hint' : null;
  return h('div', {class: 'field'},
    h('label', {for: id}, label),
    hint ? h('p', {class: 'hint', id: hintId}, hint) : null,
    h(attributes.tag || 'input', {...attributes, tag: null, id, 'aria-describedby': hintId}));
}

/** A checkbox with its label after it. */
export function checkbox(id, label, attributes) {
  return h('div', {class: 'choice'},
    h('input', {type: 'checkbox', id, ...attributes}),
    h('label', {for: id}, label));
}

/** A table with a caption, header cells and rows (arrays of cells or ready <tr> elements). */
export function table(id, caption, headers, rows) {
  return h('table', {id},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', {scope: 'col'}, label)))),
    h('tbody', {}, rows));
}

/** The page's live region for results ("polite": announced after the current speech). */
export function statusRegion(id = 'status') {
  return h('div', {id, class: 'status', role: 'status', 'aria-live': 'polite'});
}

/** The page's error region (role=alert), empty until an error is shown. */
export function errorRegion(id = 'error') {
  return h('div', {id, class: 'error-box', role: 'alert', hidden: true});
}

export function showError(region, message) {
  if (!message) {
    region.hidden = true;
    replace(region);
    return;
  }
  replace(region, message);
  region.hidden = false;
}

/**
 * A modal confirmation (<dialog>: the browser traps focus inside it and closes it on Escape).
 * Resolves true for yes, false for no or Escape; focus returns to the element that opened it.
 */
export function confirmDialog(id, title, lines, noLabel, yesLabel) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const titleId = id + '-title';
    const textId = id + '-text';
    const no = h('button', {type: 'button', id: id + '-no'}, noLabel);
    const yes = h('button', {type: 'button', id: id + '-yes', class: 'primary'}, yesLabel);
    const dialog = h('dialog', {id, 'aria-labelledby': titleId, 'aria-describedby': textId},
      h('h2', {id: titleId}, title),
      h('div', {id: textId}, lines.map((line) => h('p', {}, line))),
      h('div', {class: 'actions'}, no, yes));
    let answered = false;
    const finish = (answer) => {
      if (answered) {
        return;
      }
      answered = true;
      dialog.close();
      dialog.remove();
      if (opener && opener.isConnected) {
        opener.focus();
      }
      resolve(answer);
    };
    no.addEventListener('click', () => finish(false));
    yes.addEventListener('click', () => finish(true));
    dialog.addEventListener('close', () => finish(false));
    document.body.appendChild(dialog);
    dialog.showModal();
    // The safe answer has the focus: Enter alone never confirms.
    no.focus();
  });
}

/** Moves focus to a page's heading after it was drawn, so screen readers announce the new view. */
export function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}
