// Tổng quan: the rates of the caller's scope for a period, the online
// ratios, a month-by-month trend and the child units ranked by on-time rate.
'use strict';

Motcua.page((who) => {
  const { el, clear, rpc, rateText, int } = Motcua;
  let chart = null;

  // One figure: label, the rate as text (or "chưa có dữ liệu") and its
  // numerator/denominator.
  function card(id, label, rate, unit) {
    const text = rateText(rate);
    const none = text === Motcua.NO_DATA;
    return el('div', { class: 'card', id: 'rate-' + id }, [
      el('div', { class: 'label', text: label }),
      el('div', { class: none ? 'value none' : 'value', text }),
      el('div', { class: 'ratio', text: int(rate.numerator) + '/' + int(rate.denominator) + ' ' + unit }),
    ]);
  }

  function onTimeOf(row) {
    return {
      numerator: Number(row.resolvedEarly) + Number(row.resolvedOnTime),
      denominator: Number(row.resolvedTotal),
    };
  }

  function drawTrend(months) {
    const labels = months.map((m) => {
      const [y, mo] = m.key.split('-');
      return mo + '/' + y;
    });
    const series = (pick) => months.map((m) => Motcua.rateValue(m[pick]));
    if (chart) chart.destroy();
    chart = new Chart(document.getElementById('trend'), {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: 'Tỷ lệ đúng hạn (%)', data: series('onTime'), borderColor: '#0b5cad', backgroundColor: '#0b5cad', spanGaps: false },
          { label: 'Chỉ số tiến độ QĐ 766 (%)', data: series('progressIndex'), borderColor: '#a4161a', backgroundColor: '#a4161a', spanGaps: false },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: 0, max: 100 } },
        plugins: {
          tooltip: {
            callbacks: {
              label: (ctx) => ctx.dataset.label + ': ' +
                (ctx.parsed.y === null ? Motcua.NO_DATA : ctx.parsed.y.toFixed(2).replace('.', ',') + '%'),
            },
          },
        },
      },
    });
  }

  function childTable(report) {
    const table = document.getElementById('children');
    clear(table);
    table.append(el('thead', {}, [el('tr', {}, [
      el('th', { class: 'name', text: 'Đơn vị' }), el('th', { text: 'Tiếp nhận' }),
      el('th', { text: 'Đã giải quyết' }), el('th', { text: 'Trước hạn và đúng hạn' }),
      el('th', { text: 'Quá hạn' }), el('th', { text: 'Tỷ lệ đúng hạn' }),
    ])]));
    const rows = report.rows.slice().sort((a, b) => {
      const ra = Motcua.rateValue(onTimeOf(a));
      const rb = Motcua.rateValue(onTimeOf(b));
      if (ra === null || rb === null) return (ra === null) - (rb === null);
      return rb - ra || Number(b.resolvedTotal) - Number(a.resolvedTotal);
    });
    const body = el('tbody');
    for (const row of rows) {
      const r = onTimeOf(row);
      body.append(el('tr', { 'data-key': row.key }, [
        el('td', { class: 'name', text: row.name ? row.name + ' (' + row.key + ')' : row.key }),
        el('td', { text: int(row.receivedTotal) }),
        el('td', { text: int(row.resolvedTotal) }),
        el('td', { text: int(r.numerator) }),
        el('td', { text: int(row.resolvedLate) }),
        el('td', { class: 'rate', text: rateText(r) }),
      ]));
    }
    if (rows.length === 0) {
      body.append(el('tr', {}, [el('td', { class: 'name', colspan: '6', text: 'Không có đơn vị trực thuộc.' })]));
    }
    table.append(body);
  }

  async function load() {
    Motcua.showError(null);
    const choice = readForm();
    const scope = choice.scope ? Motcua.parseScope(choice.scope) : Motcua.ownScope(who);
    const period = Motcua.periodOf(choice);
    document.getElementById('caption').textContent =
      (Motcua.SCOPE_KIND[scope.kind] || scope.kind) + (scope.code ? ' ' + scope.code : '') +
      ' · ' + Motcua.periodText(period);
    for (const id of ['rates', 'online', 'procedures', 'children']) clear(document.getElementById(id));
    try {
      const [rates, ratios, children] = await Promise.all([
        rpc('StatisticsService/GetRates', { scope, period, monthly: true }),
        rpc('StatisticsService/GetOnlineProcedureRatios', { scope }),
        rpc('StatisticsService/GetReport', { scope, period, breakdown: 'CHILD_UNIT' }),
      ]);
      const t = rates.total;
      document.getElementById('rates').append(
        card('on_time', 'Tỷ lệ giải quyết đúng hạn', t.onTime, 'hồ sơ'),
        card('early', 'Tỷ lệ giải quyết trước hạn', t.early, 'hồ sơ'),
        card('progress_index', 'Chỉ số tiến độ giải quyết (QĐ 766)', t.progressIndex, 'hồ sơ'));
      document.getElementById('online').append(
        card('online_level3', 'Tiếp nhận trực tuyến mức độ 3', t.onlineLevel3, 'hồ sơ'),
        card('online_level4', 'Tiếp nhận trực tuyến mức độ 4', t.onlineLevel4, 'hồ sơ'),
        card('online_partial', 'Trực tuyến một phần', t.onlinePartial, 'hồ sơ'),
        card('online_full', 'Trực tuyến toàn trình', t.onlineFull, 'hồ sơ'));
      document.getElementById('procedures').append(
        card('procedures_level3', 'Thủ tục mức độ 3', ratios.level3, 'thủ tục'),
        card('procedures_level4', 'Thủ tục mức độ 4', ratios.level4, 'thủ tục'),
        card('procedures_partial', 'Thủ tục trực tuyến một phần', ratios.partial, 'thủ tục'),
        card('procedures_full', 'Thủ tục trực tuyến toàn trình', ratios.full, 'thủ tục'));
      drawTrend(rates.months);
      childTable(children);
    } catch (e) {
      Motcua.showError(e);
    }
  }

  const readForm = Motcua.periodForm(load);
  load();
});
