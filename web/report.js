// Báo cáo mẫu 06: the form-06 table of a scope and period with the official
// headings, for any breakdown, and its CSV download.
'use strict';

Motcua.page((who) => {
  const { el, clear, rpc, int } = Motcua;
  const { COLUMNS, STEPS, KEY_HEADING } = Motcua.FORM06;
  let csv = null;

  function render(report, breakdown) {
    const columns = breakdown === 'AGENCY' ? COLUMNS.concat(STEPS) : COLUMNS;
    const table = document.getElementById('form06');
    clear(table);
    const groups = [];
    for (const [, , group] of columns) {
      if (groups.length && groups[groups.length - 1].name === group) groups[groups.length - 1].span++;
      else groups.push({ name: group, span: 1 });
    }
    const keyHeading = KEY_HEADING[breakdown] || 'Mục';
    table.append(el('thead', {}, [
      el('tr', {}, [el('th', { class: 'name', rowspan: '2', text: 'STT' }),
        el('th', { class: 'name', rowspan: '2', text: keyHeading }),
        ...groups.map((g) => el('th', { colspan: String(g.span), text: g.name }))]),
      el('tr', {}, columns.map(([field, heading]) => el('th', { 'data-field': field, text: heading }))),
    ]));
    const body = el('tbody');
    const lines = [['STT', keyHeading].concat(columns.map(([, h, g]) => g + ': ' + h))];
    const label = (row) => {
      if (breakdown === 'MONTH') {
        const [y, m] = row.key.split('-');
        return 'Tháng ' + Number(m) + '/' + y;
      }
      return row.name ? row.name + ' (' + row.key + ')' : row.key;
    };
    // Every number, 0 included, links to the dossiers behind it (the
    // drill-down): a 0 is a figure to check as much as any other.
    const cell = (row, key, field) => {
      const value = Number(row[field]);
      const params = new URLSearchParams(location.search);
      params.set('breakdown', breakdown);
      params.set('row', key);
      params.set('column', field);
      params.set('label', key ? label(row) : 'Tổng cộng');
      return el('td', { 'data-field': field }, [
        el('a', { href: '/danh-sach.html?' + params.toString(), text: int(value) })]);
    };
    report.rows.forEach((row, i) => {
      body.append(el('tr', { 'data-key': row.key }, [
        el('td', { class: 'name', text: String(i + 1) }),
        el('td', { class: 'name', text: label(row) }),
        ...columns.map(([field]) => cell(row, row.key, field)),
      ]));
      lines.push([String(i + 1), label(row)].concat(columns.map(([field]) => String(Number(row[field])))));
    });
    body.append(el('tr', { class: 'total', 'data-key': 'total' }, [
      el('td', { class: 'name', text: '' }),
      el('td', { class: 'name', text: 'Tổng cộng' }),
      ...columns.map(([field]) => cell(report.total, '', field)),
    ]));
    lines.push(['', 'Tổng cộng'].concat(columns.map(([field]) => String(Number(report.total[field])))));
    table.append(body);
    csv = lines;
    document.getElementById('csv').disabled = false;
  }

  // RFC 4180 quoting; a leading =, +, - or @ is neutralised so that a
  // spreadsheet never runs a name as a formula.
  function csvCell(text) {
    let s = String(text);
    if (/^[=+\-@]/.test(s) && !/^-?\d+$/.test(s)) s = "'" + s;
    return /[",\r\n;]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  document.getElementById('csv').addEventListener('click', () => {
    if (!csv) return;
    const text = '\ufeff' + csv.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
    const link = el('a', {
      href: URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' })),
      download: 'bao-cao-mau-06.csv',
    });
    document.body.append(link);
    link.click();
    link.remove();
  });

  async function load() {
    Motcua.showError(null);
    const choice = readForm();
    const breakdown = choice.breakdown;
    const scope = choice.scope ? Motcua.parseScope(choice.scope) : Motcua.ownScope(who);
    const period = Motcua.periodOf(choice);
    document.getElementById('caption').textContent =
      (Motcua.SCOPE_KIND[scope.kind] || scope.kind) + (scope.code ? ' ' + scope.code : '') +
      ' · ' + Motcua.periodText(period);
    clear(document.getElementById('form06'));
    document.getElementById('csv').disabled = true;
    csv = null;
    try {
      const report = await rpc('StatisticsService/GetReport', { scope, period, breakdown });
      render(report, breakdown);
    } catch (e) {
      Motcua.showError(e);
    }
  }

  const readForm = Motcua.periodForm(load, [['Chi tiết theo', 'breakdown', [
    ['FIELD', 'Lĩnh vực'], ['CHILD_UNIT', 'Đơn vị trực thuộc'], ['PROCEDURE', 'Thủ tục'],
    ['MONTH', 'Tháng'], ['AGENCY', 'Cơ quan (kể cả liên thông)']]]]);
  load();
});
