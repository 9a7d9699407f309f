// Danh sách hồ sơ: the dossiers behind one number of form 06 (the
// drill-down), a page at a time; the heading says how many there are.
'use strict';

Motcua.page((who) => {
  const { el, rpc, int } = Motcua;
  const q = new URLSearchParams(location.search);
  const choice = Motcua.queryChoice(q);
  const scope = choice.scope ? Motcua.parseScope(choice.scope) : Motcua.ownScope(who);
  const period = Motcua.periodOf(choice);
  const breakdown = q.get('breakdown') || 'FIELD';
  const field = q.get('column') || '';
  const { COLUMNS, STEPS, KEY_HEADING } = Motcua.FORM06;
  const column = COLUMNS.concat(STEPS).find(([f]) => f === field);
  const row = q.get('row') || '';
  document.getElementById('caption').textContent =
    (Motcua.SCOPE_KIND[scope.kind] || scope.kind) + (scope.code ? ' ' + scope.code : '') +
    ' · ' + Motcua.periodText(period) + ' · ' +
    (row ? (KEY_HEADING[breakdown] || '') + ' ' + (q.get('label') || row) : 'Tổng cộng') +
    ' · ' + (column ? column[2] + ': ' + column[1] : field);
  const back = new URLSearchParams(q);
  for (const name of ['row', 'column', 'label']) back.delete(name);
  document.getElementById('back').setAttribute('href', '/bao-cao.html?' + back.toString());

  // The API names a column as the proto field: resolvedLate -> resolved_late.
  const request = {
    scope, period, breakdown, row, pageSize: 100,
    column: field.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase()),
  };
  let append = null;
  let nextToken = '';
  async function load(pageToken) {
    Motcua.showError(null);
    try {
      const page = await rpc('StatisticsService/ListReportDossiers', Object.assign({ pageToken }, request));
      if (!pageToken) {
        append = Motcua.dossierTable(document.getElementById('dossiers'));
        document.getElementById('count').textContent =
          int(page.totalSize) + ' hồ sơ (tính đến ' + Motcua.dateTime(page.asOf) + ')';
      }
      append(page.dossiers);
      document.getElementById('none').hidden = !(pageToken === '' && page.dossiers.length === 0);
      nextToken = page.nextPageToken || '';
      document.getElementById('more').hidden = !nextToken;
    } catch (e) {
      Motcua.showError(e);
    }
  }
  document.getElementById('more').addEventListener('click', () => load(nextToken));
  load('');
});
