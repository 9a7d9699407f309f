// Hồ sơ: one dossier with its history as a timeline (the applicant only
// when the server sends it, i.e. when the role may see it), and the
// dossiers of a scope, a page at a time.
'use strict';

Motcua.page((who) => {
  const { el, clear, rpc, date, dateTime, STATUS } = Motcua;
  const CHANNEL = { DIRECT: 'Trực tiếp', ONLINE: 'Trực tuyến', POSTAL: 'Bưu chính' };
  const TIMELINESS = { EARLY: 'Trước hạn', ON_TIME: 'Đúng hạn', LATE: 'Quá hạn' };
  const ONLINE_CLASS = { ONLINE_NONE: 'Không', ONLINE_PARTIAL: 'Một phần', ONLINE_FULL: 'Toàn trình' };
  const OUTCOME = { GRANTED: 'Giải quyết', REFUSED: 'Từ chối' };
  const EVENT = {
    CREATED: 'Tạo hồ sơ', TRANSITION: 'Chuyển trạng thái', APOLOGY: 'Văn bản xin lỗi, hẹn lại',
    STEP_STARTED: 'Chuyển liên thông', STEP_FINISHED: 'Hoàn thành bước liên thông',
  };

  function showDossier(answer) {
    const d = answer.dossier;
    const facts = document.getElementById('facts');
    clear(facts);
    const row = (label, value, id) => {
      if (value === undefined || value === null || value === '') return;
      facts.append(el('dt', { text: label }), el('dd', { text: String(value), 'data-fact': id }));
    };
    row('Mã hồ sơ', d.code, 'code');
    row('Trạng thái', STATUS[d.status] || d.status, 'status');
    row('Cơ quan tiếp nhận', d.agencyCode, 'agency');
    row('Thủ tục', d.procedureCode, 'procedure');
    row('Lĩnh vực', d.fieldCode, 'field');
    row('Kênh tiếp nhận', CHANNEL[d.channel] || d.channel, 'channel');
    row('Dịch vụ công trực tuyến', (ONLINE_CLASS[d.onlineClass] || '') +
        (d.onlineLevel ? ' (mức độ ' + d.onlineLevel + ')' : ''), 'online');
    row('Đơn vị', [d.provinceCode, d.districtCode, d.communeCode].filter(Boolean).join(' / '), 'units');
    row('Ngày tiếp nhận', dateTime(d.receivedAt), 'received');
    row('Ngày hẹn trả', dateTime(d.dueAt), 'due');
    if (d.extendedDueAt) row('Ngày hẹn trả lại', dateTime(d.extendedDueAt), 'extended');
    if (d.finishedAt) row('Ngày giải quyết xong', dateTime(d.finishedAt), 'finished');
    if (d.returnedAt) row('Ngày trả kết quả', dateTime(d.returnedAt), 'returned');
    if (d.timeliness && d.timeliness !== 'TIMELINESS_UNSPECIFIED') row('Kết quả đúng hạn', TIMELINESS[d.timeliness], 'timeliness');
    if (d.outcome && d.outcome !== 'OUTCOME_UNSPECIFIED') row('Kết quả giải quyết', OUTCOME[d.outcome], 'outcome');
    const a = d.applicant;
    if (a && a.name) {
      row('Người nộp', a.name, 'applicant');
      row('Số giấy tờ', a.idNumber, 'id_number');
      row('Điện thoại', a.phone, 'phone');
      row('Địa chỉ', a.address, 'address');
    }
    const timeline = document.getElementById('timeline');
    clear(timeline);
    for (const e of answer.history) {
      let what = EVENT[e.kind] || e.kind;
      if (e.kind === 'TRANSITION' || e.kind === 'CREATED') {
        what += ': ' + (e.fromStatus && e.fromStatus !== 'DOSSIER_STATUS_UNSPECIFIED' ? (STATUS[e.fromStatus] || e.fromStatus) + ' → ' : '') +
          (STATUS[e.toStatus] || e.toStatus);
      }
      if (e.stepAgencyCode) what += ' (' + e.stepAgencyCode + ')';
      if (e.newDueAt) what += ', hẹn trả ' + date(e.newDueAt);
      timeline.append(el('li', {}, [
        el('div', { class: 'when', text: dateTime(e.occurredAt) + (e.principal ? ' · ' + e.principal : '') }),
        el('div', { class: 'what', text: what }),
        e.note ? el('div', { class: 'note', text: e.note }) : null,
      ]));
    }
    document.getElementById('dossier').hidden = false;
    nameFacts(d);
  }

  // The agency's and procedure's names from the catalogue as on the
  // reception day (the codes stay shown when a name cannot be read).
  async function nameFacts(d) {
    const day = d.receivedAt ? Motcua.vnDay(d.receivedAt) : undefined;
    const named = async (call, code, fact) => {
      try {
        const entry = await rpc('CatalogueService/' + call, { code, asOf: day });
        const dd = document.querySelector('[data-fact="' + fact + '"]');
        if (dd && entry.name) dd.textContent = entry.name + ' (' + code + ')';
      } catch (e) {
        // the code alone says enough
      }
    };
    await Promise.all([named('GetAgency', d.agencyCode, 'agency'),
      named('GetProcedure', d.procedureCode, 'procedure')]);
  }

  async function open(code) {
    Motcua.showError(null);
    document.getElementById('dossier').hidden = true;
    try {
      showDossier(await rpc('DossierService/GetDossier', { code }));
    } catch (e) {
      Motcua.showError(e);
    }
  }

  const find = document.getElementById('find');
  find.addEventListener('submit', (event) => {
    event.preventDefault();
    open(find.elements.code.value.trim());
  });

  // ---- The list ----
  const list = document.getElementById('list');
  for (const [value, text] of Object.entries(STATUS)) {
    list.elements.status.append(el('option', { value, text }));
  }
  let nextToken = '';
  let append = null;
  function listRequest(pageToken) {
    const scope = list.elements.scope.value ? Motcua.parseScope(list.elements.scope.value) : Motcua.ownScope(who);
    const request = { scope, pageSize: 20, pageToken, overdueOnly: list.elements.overdue.checked };
    if (list.elements.status.value) request.status = list.elements.status.value;
    return request;
  }
  async function loadList(pageToken) {
    Motcua.showError(null);
    try {
      const page = await rpc('DossierService/ListDossiers', listRequest(pageToken));
      if (!pageToken) append = Motcua.dossierTable(document.getElementById('dossiers'));
      append(page.dossiers);
      nextToken = page.nextPageToken || '';
      document.getElementById('more').hidden = !nextToken;
    } catch (e) {
      Motcua.showError(e);
    }
  }
  list.addEventListener('submit', (event) => {
    event.preventDefault();
    loadList('');
  });
  document.getElementById('more').addEventListener('click', () => loadList(nextToken));

  const code = new URLSearchParams(location.search).get('code');
  if (code) {
    find.elements.code.value = code;
    open(code);
  }
  loadList('');
});
