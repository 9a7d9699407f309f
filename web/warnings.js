// Cảnh báo: the open dossiers of the caller's scope (or of one agency in it)
// that are overdue or due soon, grouped by receiving agency, and the
// inter-agency steps overdue or due soon, grouped by the agency holding
// them (StatisticsService.ListDeadlineWarnings).
'use strict';

Motcua.page(async (who) => {
  const { el, clear, rpc, int, dueText, STATUS } = Motcua;
  const form = document.getElementById('query');
  const picker = form.elements.agency;
  const names = { agency: new Map(), procedure: new Map() };
  let agencies = [];
  let units = [];

  // Working time from a Duration ("-187200s", "12600.5s") in hours and
  // minutes, the minutes left out from 24 hours on (they no longer matter).
  // Not in days: a working day's length is the deployment's work schedule
  // (7.5 hours by default), which the page does not know.
  function span(duration) {
    const minutes = Math.floor(Math.abs(parseFloat(duration) || 0) / 60);
    if (minutes === 0) return 'dưới 1 phút';
    const hours = Math.floor(minutes / 60);
    const parts = [];
    if (hours) parts.push(int(hours) + ' giờ');
    if (minutes % 60 && hours < 24) parts.push((minutes % 60) + ' phút');
    return parts.join(' ');
  }
  function timeLeft(deadline) {
    const seconds = parseFloat(deadline.workingTimeLeft) || 0;
    if (seconds < 0) return 'quá hạn ' + span(seconds) + ' làm việc';
    // Overdue by the deployment's granularity (a due day) with time left.
    if (deadline.urgency === 'OVERDUE') return 'đã quá hạn';
    return 'còn ' + span(seconds) + ' làm việc';
  }
  const ALLOTTED = { WORKING_DAYS: 'ngày làm việc', WORKING_HOURS: 'giờ làm việc', CALENDAR_DAYS: 'ngày' };
  const allotted = (t) => (t && t.amount ? t.amount + ' ' + (ALLOTTED[t.unit] || t.unit) : '—');
  const named = (kind, code) => {
    const name = names[kind].get(code);
    return name ? name + ' (' + code + ')' : code;
  };
  const scopeLabel = (s) => (s.kind === 'AGENCY' ? named('agency', s.code)
    : (Motcua.SCOPE_KIND[s.kind] || s.kind) + (s.code ? ' ' + s.code : ''));

  // Every page of a catalogue list (the catalogue is small).
  async function everything(call, key) {
    const out = [];
    let pageToken = '';
    do {
      const page = await rpc('CatalogueService/' + call, { pageSize: 5000, pageToken });
      out.push(...(page[key] || []));
      pageToken = page.nextPageToken || '';
    } while (pageToken);
    return out;
  }
  async function readCatalogue() {
    try {
      const [a, u, p] = await Promise.all([everything('ListAgencies', 'agencies'),
        everything('ListUnits', 'units'), everything('ListProcedures', 'procedures')]);
      agencies = a;
      units = u;
      for (const x of a) names.agency.set(x.code, x.name);
      for (const x of p) names.procedure.set(x.code, x.name);
    } catch (e) {
      // Codes alone still say which agency and procedure.
    }
  }

  const typedScope = () => (form.elements.scope.value ? Motcua.parseScope(form.elements.scope.value) : null);
  const scopeOf = () => typedScope() || Motcua.ownScope(who);

  // The agencies the picker offers: a desk's own, or those of the scope's
  // units (the unit and the units below it).
  function agenciesOf(scope) {
    if (!typedScope() && who.agencyCodes && who.agencyCodes.length) return who.agencyCodes;
    if (scope.kind === 'AGENCY') return [scope.code];
    if (scope.kind === 'DEPLOYMENT') return agencies.map((a) => a.code);
    const within = new Set([scope.code]);
    for (let depth = 0; depth < 2; depth++) {
      for (const u of units) if (within.has(u.parentCode)) within.add(u.code);
    }
    return agencies.filter((a) => within.has(a.unitCode)).map((a) => a.code);
  }
  function fillPicker(chosen) {
    while (picker.options.length > 1) picker.remove(1);
    const codes = agenciesOf(scopeOf());
    for (const code of codes) picker.append(el('option', { value: code, text: named('agency', code) }));
    picker.value = codes.includes(chosen) ? chosen : '';
    picker.parentElement.hidden = codes.length < 2 && !picker.value;
  }

  // ---- The answer ----
  const link = (code) => el('a', { href: '/ho-so.html?code=' + encodeURIComponent(code), text: code });
  const mark = (text, bad) => el('span', { class: bad ? 'mark bad' : 'mark', text });
  const empty = (text) => el('p', { class: 'empty', text });
  const table = (headings, rows) => el('div', { class: 'table-wrap' }, [el('table', {}, [
    el('thead', {}, [el('tr', {}, headings.map((h) => el('th', { class: 'name', text: h })))]),
    el('tbody', {}, rows)])]);
  // Items by `keyOf`, each group in the order its first (most urgent)
  // item came.
  function grouped(items, keyOf) {
    const groups = new Map();
    for (const item of items) {
      const key = keyOf(item);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(item);
    }
    return groups;
  }
  function section(agency, count, noun, body) {
    return el('section', { class: 'group', 'data-agency': agency }, [
      el('h3', {}, [named('agency', agency), el('span', { class: 'count', text: ' · ' + int(count) + ' ' + noun })]),
      body]);
  }

  function dossierGroups(box, warnings, none) {
    clear(box);
    if (!warnings.length) {
      box.append(empty(none));
      return;
    }
    for (const [agency, list] of grouped(warnings, (w) => w.dossier.agencyCode)) {
      const applicant = list.some((w) => w.dossier.applicant && w.dossier.applicant.name);
      const headings = ['Mã hồ sơ', 'Thủ tục'].concat(applicant ? ['Người nộp'] : [],
        ['Trạng thái', 'Hạn xử lý', 'Thời gian làm việc', 'Ghi chú']);
      const rows = list.map((w) => {
        const d = w.dossier;
        const notes = [];
        if (w.needsApology) notes.push(mark('chưa có văn bản xin lỗi', true));
        if (w.deadline.clockPaused) notes.push(mark('đang tạm dừng', false));
        return el('tr', { 'data-code': d.code }, [
          el('td', { class: 'name nowrap' }, [link(d.code)]),
          el('td', { class: 'name wide', text: named('procedure', d.procedureCode) }),
          applicant ? el('td', { class: 'name', text: (d.applicant && d.applicant.name) || '' }) : null,
          el('td', { class: 'name', text: STATUS[d.status] || d.status }),
          el('td', { class: 'name nowrap', 'data-due': '', text: dueText(w.deadline.dueAt) }),
          el('td', { class: 'name left', 'data-left': '', text: timeLeft(w.deadline) }),
          el('td', { class: 'name' }, notes),
        ]);
      });
      box.append(section(agency, list.length, 'hồ sơ', table(headings, rows)));
    }
  }

  function stepGroups(box, steps) {
    clear(box);
    if (!steps.length) {
      box.append(empty('Không có bước liên thông quá hạn hoặc sắp đến hạn.'));
      return;
    }
    for (const [agency, list] of grouped(steps, (s) => s.holderAgencyCode)) {
      const rows = list.map((s) => el('tr', { 'data-code': s.dossierCode }, [
        el('td', { class: 'name nowrap' }, [link(s.dossierCode)]),
        el('td', { class: 'name wide', text: named('agency', s.dossierAgencyCode) }),
        el('td', { class: 'name', text: s.deadline.urgency === 'OVERDUE' ? 'Quá hạn' : 'Sắp đến hạn' }),
        el('td', { class: 'name', text: allotted(s.allotted) }),
        el('td', { class: 'name nowrap', text: dueText(s.startedAt) }),
        el('td', { class: 'name nowrap', 'data-due': '', text: dueText(s.deadline.dueAt) }),
        el('td', { class: 'name left', 'data-left': '', text: timeLeft(s.deadline) }),
        el('td', { class: 'name' }, s.deadline.clockPaused ? [mark('đang tạm dừng', false)] : []),
      ]));
      box.append(section(agency, list.length, 'bước', table(['Mã hồ sơ', 'Cơ quan tiếp nhận', 'Mức',
        'Thời hạn bước', 'Bắt đầu', 'Hạn', 'Thời gian làm việc', 'Ghi chú'], rows)));
    }
  }

  function show(answer, scope) {
    const dossiers = answer.dossiers || [];
    const steps = answer.steps || [];
    const overdue = dossiers.filter((w) => w.deadline.urgency === 'OVERDUE');
    const dueSoon = dossiers.filter((w) => w.deadline.urgency !== 'OVERDUE');
    document.getElementById('caption').textContent = scopeLabel(scope) + ' · tính đến ' +
      dueText(answer.asOf) + ' · sắp đến hạn: hạn trong ' + span(answer.window) + ' làm việc tới';
    const counts = document.getElementById('counts');
    clear(counts);
    for (const [id, label, n, noun] of [['overdue', 'Quá hạn', overdue.length, 'hồ sơ'],
      ['due-soon', 'Sắp đến hạn', dueSoon.length, 'hồ sơ'], ['steps', 'Bước liên thông', steps.length, 'bước']]) {
      counts.append(el('div', { class: 'card', id: 'count-' + id }, [
        el('div', { class: 'label', text: label }), el('div', { class: 'value', text: int(n) }),
        el('div', { class: 'ratio', text: noun })]));
    }
    const truncated = document.getElementById('truncated');
    truncated.hidden = !answer.truncated;
    truncated.textContent = answer.truncated
      ? 'Danh sách đã rút gọn: chỉ hiển thị ' + int(dossiers.length) + ' hồ sơ' +
        (steps.length ? ' và ' + int(steps.length) + ' bước liên thông' : '') +
        ' khẩn cấp nhất (tối đa 100 mỗi loại). Chọn một cơ quan để thu hẹp danh sách.'
      : '';
    dossierGroups(document.getElementById('overdue'), overdue, 'Không có hồ sơ quá hạn.');
    dossierGroups(document.getElementById('due-soon'), dueSoon, 'Không có hồ sơ sắp đến hạn.');
    stepGroups(document.getElementById('steps'), steps);
  }

  async function load() {
    Motcua.showError(null);
    for (const id of ['counts', 'overdue', 'due-soon', 'steps']) clear(document.getElementById(id));
    document.getElementById('truncated').hidden = true;
    const scope = picker.value ? { kind: 'AGENCY', code: picker.value } : scopeOf();
    const request = { scope };
    if (form.elements.within.value) request.within = form.elements.within.value;
    try {
      show(await rpc('StatisticsService/ListDeadlineWarnings', request), scope);
    } catch (e) {
      document.getElementById('caption').textContent = scopeLabel(scope);
      Motcua.showError(e);
    }
  }

  const q = new URLSearchParams(location.search);
  form.elements.scope.value = q.get('scope') || '';
  form.elements.within.value = q.get('within') || '';
  if (form.elements.within.selectedIndex < 0) form.elements.within.selectedIndex = 0;
  await readCatalogue();
  fillPicker(q.get('agency') || '');
  form.elements.scope.addEventListener('change', () => fillPicker(picker.value));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    fillPicker(picker.value);
    const params = new URLSearchParams();
    for (const name of ['scope', 'agency', 'within']) {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
    }
    history.replaceState(null, '', '?' + params.toString());
    load();
  });
  load();
});
