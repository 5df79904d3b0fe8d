// Keyset paging as 前 / 1 / 次: the API pages with an opaque cursor, so the pages seen so far keep
// their cursors and "previous" goes back through them.
import {h, replace} from './dom.js';
import {t} from './i18n.js';

export class Pager {
  /** load(cursor) resolves with a page {items, next_cursor}; draw(page, offset) draws it. */
  constructor(idPrefix, load, draw) {
    this.load = load;
    this.draw = draw;
    this.cursors = [null];
    this.index = 0;
    this.offset = 0;
    this.sizes = [];
    this.info = h('p', {id: idPrefix + 'page-info', class: 'page-info'});
    this.prev = h('button', {type: 'button', id: idPrefix + 'page-prev', onclick: () => this.go(this.index - 1)}, t('common.prev'));
    this.number = h('span', {id: idPrefix + 'page-number', class: 'page-number', 'aria-current': 'page'});
    this.next = h('button', {type: 'button', id: idPrefix + 'page-next', onclick: () => this.go(this.index + 1)}, t('common.next'));
    this.element = h('div', {class: 'pager'}, this.info,
      h('nav', {'aria-label': t('common.pageNav')}, this.prev, ' ', this.number, ' ', this.next));
  }

  /** Back to the first page (new filters). */
  reset() {
    this.cursors = [null];
    this.sizes = [];
    return this.go(0);
  }

  /** Reloads the page shown now (after a change). */
  refresh() {
    return this.go(this.index);
  }

  async go(index) {
    const page = await this.load(this.cursors[index]);
    this.index = index;
    this.sizes[index] = page.items.length;
    this.offset = this.sizes.slice(0, index).reduce((a, b) => a + b, 0);
    this.cursors[index + 1] = page.next_cursor || undefined;
    this.draw(page, this.offset);
    const first = page.items.length ? this.offset + 1 : 0;
    const last = this.offset + page.items.length;
    // The API has no total; on the last page the total is known.
    replace(this.info, page.next_cursor ? t('common.range', first, last) : t('common.rangeTotal', first, last, last));
    replace(this.number, String(index + 1));
    this.number.setAttribute('aria-label', t('common.page', index + 1));
    this.prev.disabled = index === 0;
    this.next.disabled = !page.next_cursor;
    return page;
  }
}
