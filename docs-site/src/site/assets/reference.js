// Draws the reference page with Redoc from the spec file beside it. Redoc resolves the spec's
// relative $refs (./common.yaml) against an absolute URL, so the page's own address is the base.
(function () {
  'use strict';
  var element = document.getElementById('redoc');
  var spec = new URL(element.getAttribute('data-spec'), document.baseURI).href;
  var sans = 'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", ' +
      '"Noto Sans JP", "Noto Sans CJK JP", "Yu Gothic UI", "Yu Gothic", Meiryo, sans-serif';
  var mono = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK JP", monospace';
  Redoc.init(spec, {
    scrollYOffset: 'header.site-header',
    expandResponses: '200,201',
    jsonSampleExpandLevel: 3,
    hideHostname: false,
    theme: {
      colors: { primary: { main: '#1f4e79' } },
      typography: {
        fontSize: '15px',
        lineHeight: '1.7',
        fontFamily: sans,
        headings: { fontFamily: sans, fontWeight: '600' },
        code: { fontFamily: mono }
      },
      sidebar: { width: '280px' }
    }
  }, element);
})();
