// Shared by every page of the dashboard: calls to /api/v1/, Vietnamese
// number and date formats, safe element building (text only, never HTML),
// the session check and the navigation. No framework, no build step.
'use strict';

const Motcua = (() => {
  // ---- The JSON API ----
  class ApiError extends Error {
    constructor(httpStatus, status, message) {
      super(message);
      this.httpStatus = httpStatus;
      this.status = status;
    }
  }

  async function call(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch('/api/v1/' + path, init);
    let json = {};
    try {
      json = await response.json();
    } catch (e) {
      throw new ApiError(response.status, 'UNKNOWN',
                         'Máy chủ trả lời không đọc được (HTTP ' + response.status + ')');
    }
    if (!response.ok) {
      const e = json.error || {};
      throw new ApiError(response.status, e.status || 'UNKNOWN', e.message || '');
    }
    return json;
  }
  // A read call of motcua.v1: "StatisticsService/GetReport", request message.
  const rpc = (name, request) => call('POST', name, request || {});

  // ---- Vietnamese formats ----
  // 1234567 -> "1.234.567"
  function int(n) {
    const s = String(Math.trunc(Number(n) || 0));
    const neg = s.startsWith('-');
    const digits = neg ? s.slice(1) : s;
    const groups = [];
    for (let i = digits.length; i > 0; i -= 3) groups.unshift(digits.slice(Math.max(0, i - 3), i));
    return (neg ? '-' : '') + groups.join('.');
  }
  // numerator/denominator as "97,53%" (two decimals, half up), or null
  // when there is no data (never 0%).
  function percent(numerator, denominator) {
    const num = Number(numerator) || 0;
    const den = Number(denominator) || 0;
    if (den <= 0) return null;
    const hundredths = Math.floor((2 * num * 10000 + den) / (2 * den));
    const whole = Math.floor(hundredths / 100);
    const frac = String(hundredths % 100).padStart(2, '0');
    return int(whole) + ',' + frac + '%';
  }
  const NO_DATA = 'chưa có dữ liệu';
  // A rate message {numerator, denominator} as text.
  const rateText = (r) => percent(r && r.numerator, r && r.denominator) || NO_DATA;
  const rateValue = (r) => {
    const den = Number(r && r.denominator) || 0;
    return den > 0 ? (100 * Number(r.numerator)) / den : null;
  };

  // Dates are shown in Vietnam's time (UTC+7, no daylight saving).
  // The instant as a Date whose UTC fields are Vietnam's wall clock.
  const vnClock = (timestamp) => new Date(new Date(timestamp).getTime() + 7 * 3600 * 1000);
  function vnParts(timestamp) {
    const t = vnClock(timestamp);
    const p = (n) => String(n).padStart(2, '0');
    return {
      date: p(t.getUTCDate()) + '/' + p(t.getUTCMonth() + 1) + '/' + t.getUTCFullYear(),
      time: p(t.getUTCHours()) + ':' + p(t.getUTCMinutes()),
    };
  }
  const date = (ts) => (ts ? vnParts(ts).date : '—');
  // The Vietnamese calendar day of an instant, as a Date message.
  const vnDay = (ts) => {
    const t = vnClock(ts);
    return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
  };
  const dateTime = (ts) => {
    if (!ts) return '—';
    const p = vnParts(ts);
    return p.time + ' ' + p.date;
  };
  // A due instant, the day first as deadlines are read: "30/11/2026 17:00".
  const dueText = (ts) => {
    if (!ts) return '—';
    const p = vnParts(ts);
    return p.date + ' ' + p.time;
  };

  // ---- Elements: text goes in as text ----
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined) {
        node.append(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    }
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  // Shows `error` (an ApiError or any Error) in the page's error box.
  function showError(error) {
    const box = document.getElementById('error');
    if (!box) return;
    if (!error) {
      box.hidden = true;
      box.textContent = '';
      return;
    }
    const messages = {
      401: 'Chưa đăng nhập hoặc phiên đã hết hạn.',
      403: 'Không có quyền xem dữ liệu này.',
      404: 'Không tìm thấy.',
      429: 'Quá nhiều yêu cầu, vui lòng thử lại sau.',
    };
    const lead = messages[error.httpStatus] || 'Không thực hiện được yêu cầu.';
    box.textContent = lead + (error.message ? ' (' + error.message + ')' : '');
    box.hidden = false;
  }

  // ---- Labels ----
  const STATUS = {
    SUBMITTED: 'Mới đăng ký', RECEIVED: 'Đã tiếp nhận',
    NOT_ACCEPTED: 'Không được tiếp nhận', PROCESSING: 'Đang xử lý',
    AWAITING_SUPPLEMENT: 'Chờ bổ sung',
    AWAITING_FINANCIAL_OBLIGATION: 'Chờ thực hiện nghĩa vụ tài chính',
    WITHDRAWN: 'Công dân rút hồ sơ', STOPPED: 'Dừng xử lý',
    RESOLVED: 'Đã giải quyết xong', RETURNED: 'Đã trả kết quả',
  };
  const SCOPE_KIND = {
    DEPLOYMENT: 'Toàn hệ thống', PROVINCE: 'Tỉnh', DISTRICT: 'Huyện',
    COMMUNE: 'Xã', AGENCY: 'Cơ quan',
  };
  const ROLE = {
    DESK: 'Cán bộ một cửa', VIEWER: 'Lãnh đạo, theo dõi', BATCH: 'Tích hợp',
    ADMIN: 'Quản trị', IMPORT: 'Nhập dữ liệu',
  };

  // Form 06's columns: JSON field, official heading, its group.
  const FORM06 = {
    COLUMNS: [
      ['receivedTotal', 'Tổng số', 'Số hồ sơ nhận giải quyết'],
      ['receivedOnline', 'Trực tuyến', 'Số hồ sơ nhận giải quyết'],
      ['receivedDirectPostal', 'Trực tiếp, dịch vụ bưu chính', 'Số hồ sơ nhận giải quyết'],
      ['carriedOver', 'Từ kỳ trước chuyển qua', 'Số hồ sơ nhận giải quyết'],
      ['resolvedTotal', 'Tổng số', 'Số hồ sơ đã giải quyết'],
      ['resolvedEarly', 'Trả trước hạn', 'Số hồ sơ đã giải quyết'],
      ['resolvedOnTime', 'Trả đúng hạn', 'Số hồ sơ đã giải quyết'],
      ['resolvedLate', 'Trả quá hạn', 'Số hồ sơ đã giải quyết'],
      ['inProgressTotal', 'Tổng số', 'Số hồ sơ đang giải quyết'],
      ['inProgressWithinTime', 'Chưa đến hạn', 'Số hồ sơ đang giải quyết'],
      ['inProgressOverdue', 'Quá hạn', 'Số hồ sơ đang giải quyết'],
      ['awaitingSupplement', 'Chờ bổ sung', 'Khác'],
      ['withdrawn', 'Rút hồ sơ', 'Khác'],
      ['notAccepted', 'Không tiếp nhận', 'Khác'],
      ['lateWithApology', 'Quá hạn có văn bản xin lỗi', 'Khác'],
    ],
    STEPS: [
      ['stepsEarly', 'Trước hạn', 'Bước liên thông'],
      ['stepsOnTime', 'Đúng hạn', 'Bước liên thông'],
      ['stepsLate', 'Quá hạn', 'Bước liên thông'],
    ],
    KEY_HEADING: {
      FIELD: 'Lĩnh vực', CHILD_UNIT: 'Đơn vị', PROCEDURE: 'Thủ tục',
      MONTH: 'Tháng', AGENCY: 'Cơ quan',
    },
  };

  // A table of dossiers (#id): a header, then rows appended page by page,
  // each code a link to its page.
  function dossierTable(table) {
    clear(table);
    const body = el('tbody');
    table.append(el('thead', {}, [el('tr', {}, ['Mã hồ sơ', 'Cơ quan', 'Thủ tục', 'Trạng thái', 'Tiếp nhận', 'Hẹn trả']
      .map((h) => el('th', { class: 'name', text: h })))]), body);
    return (dossiers) => {
      for (const d of dossiers) {
        body.append(el('tr', { 'data-code': d.code }, [
          el('td', { class: 'name' }, [el('a', { href: '/ho-so.html?code=' + encodeURIComponent(d.code), text: d.code })]),
          el('td', { class: 'name', text: d.agencyCode }),
          el('td', { class: 'name', text: d.procedureCode }),
          el('td', { class: 'name', text: STATUS[d.status] || d.status }),
          el('td', { class: 'name', text: date(d.receivedAt) }),
          el('td', { class: 'name', text: date(d.dueAt) }),
        ]));
      }
    };
  }

  // ---- Scope and period, kept in the page's query string ----
  // "DISTRICT:436" <-> {kind, code}; "" is the caller's own unit.
  function parseScope(text) {
    const [kind, code] = String(text || '').split(':');
    return { kind: (kind || '').toUpperCase(), code: code || '' };
  }
  const scopeText = (s) => (s && s.kind ? s.kind + (s.code ? ':' + s.code : '') : '');
  // What the caller sees by default: its unit (VIEWER, BATCH), its first
  // agency (DESK), else everything (ADMIN).
  function ownScope(who) {
    if (who.unit && who.unit.kind && who.unit.kind !== 'KIND_UNSPECIFIED') {
      return { kind: who.unit.kind, code: who.unit.code || '' };
    }
    if (who.agencyCodes && who.agencyCodes.length) {
      return { kind: 'AGENCY', code: who.agencyCodes[0] };
    }
    return { kind: 'DEPLOYMENT', code: '' };
  }

  const day = (y, m, d) => ({ year: y, month: m, day: d });
  const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  // {type: 'year'|'quarter'|'month'|'range', year, part, from, to} -> Period
  function periodOf(p) {
    const y = Number(p.year);
    if (p.type === 'quarter') {
      const q = Number(p.part);
      return { from: day(y, 3 * q - 2, 1), to: day(y, 3 * q, lastDay(y, 3 * q)) };
    }
    if (p.type === 'month') {
      const m = Number(p.part);
      return { from: day(y, m, 1), to: day(y, m, lastDay(y, m)) };
    }
    if (p.type === 'range') {
      const parse = (s) => {
        const [yy, mm, dd] = String(s).split('-').map(Number);
        return day(yy, mm, dd);
      };
      return { from: parse(p.from), to: parse(p.to) };
    }
    return { from: day(y, 1, 1), to: day(y, 12, 31) };
  }
  const dayText = (d) =>
    String(d.day).padStart(2, '0') + '/' + String(d.month).padStart(2, '0') + '/' + d.year;
  const periodText = (period) => dayText(period.from) + ' – ' + dayText(period.to);

  // The scope and period a page's query string names (as periodForm writes
  // it): {type, year, part, from, to, scope}.
  function queryChoice(q) {
    return {
      type: q.get('period') || 'year',
      year: q.get('year') || String(new Date().getFullYear()),
      part: q.get('part') || '1',
      from: q.get('from') || '',
      to: q.get('to') || '',
      scope: q.get('scope') || '',
    };
  }

  // Builds the scope and period form in #query (plus `extra` selects,
  // each [label, name, [[value, text], ...]], such as a breakdown), fills it
  // from the query string, and calls `onSubmit` on each submission (the
  // choice goes back to the query string). Returns a reader of the form's
  // current choice.
  function periodForm(onSubmit, extra) {
    const more = extra || [];
    const form = document.getElementById('query');
    const label = (text, control, id) => el('label', { id }, [text, control]);
    const options = (pairs) => pairs.map(([value, text]) => el('option', { value, text }));
    form.append(
      label('Phạm vi', el('input', { name: 'scope', placeholder: 'DISTRICT:436', size: '14' })),
      label('Kỳ báo cáo', el('select', { name: 'type' }, options([
        ['year', 'Năm'], ['quarter', 'Quý'], ['month', 'Tháng'], ['range', 'Khoảng ngày']]))),
      label('Năm', el('input', { name: 'year', type: 'number', min: '2000', max: '2100' }), 'year-field'),
      label('Quý/tháng', el('select', { name: 'part' }), 'part-field'),
      el('span', { id: 'range-fields', hidden: '' }, [
        label('Từ ngày', el('input', { name: 'from', type: 'date' })),
        label('Đến ngày', el('input', { name: 'to', type: 'date' }))]),
      ...more.map(([text, name, pairs]) => label(text, el('select', { name }, options(pairs)))),
      el('button', { class: 'primary', type: 'submit', text: 'Xem' }));
    const q = new URLSearchParams(location.search);
    const fields = queryChoice(q);
    delete fields.part;  // set once the type has made its options
    for (const [, name] of more) fields[name] = q.get(name) || form.elements[name].value;
    for (const [name, value] of Object.entries(fields)) form.elements[name].value = value;
    const syncParts = () => {
      const type = form.elements.type.value;
      const part = form.elements.part;
      const keep = part.value;
      clear(part);
      const n = type === 'quarter' ? 4 : type === 'month' ? 12 : 0;
      for (let i = 1; i <= n; i++) {
        part.append(el('option', { value: String(i), text: (type === 'quarter' ? 'Quý ' : 'Tháng ') + i }));
      }
      part.value = keep && Number(keep) <= n ? keep : '1';
      document.getElementById('part-field').hidden = n === 0;
      document.getElementById('range-fields').hidden = type !== 'range';
      document.getElementById('year-field').hidden = type === 'range';
    };
    form.elements.type.addEventListener('change', syncParts);
    syncParts();
    if (q.get('part')) form.elements.part.value = q.get('part');
    const names = ['year', 'part', 'from', 'to', 'scope'].concat(more.map(([, name]) => name));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const params = new URLSearchParams();
      params.set('period', form.elements.type.value);
      for (const name of names) {
        if (form.elements[name].value) params.set(name, form.elements[name].value);
      }
      history.replaceState(null, '', '?' + params.toString());
      onSubmit();
    });
    return () => {
      const choice = { type: form.elements.type.value };
      for (const name of names) choice[name] = form.elements[name].value;
      return choice;
    };
  }

  // ---- Session and navigation ----
  // The signed-in caller (a Token message), or a trip to the sign-in page.
  async function requireSession() {
    try {
      const who = await call('GET', 'session');
      const line = document.getElementById('who');
      if (line) {
        const scope = ownScope(who);
        line.textContent = who.principal + ' · ' + (ROLE[who.role] || who.role) +
          (scope.kind !== 'DEPLOYMENT' ? ' · ' + (SCOPE_KIND[scope.kind] || scope.kind) + ' ' + scope.code : '');
      }
      return who;
    } catch (e) {
      if (e.httpStatus === 401) {
        location.replace('/');
        return new Promise(() => {});
      }
      throw e;
    }
  }

  // The page's header (header.top): the menu and sign-out on officials'
  // pages (data-page names the current one); on the public ones
  // (data-public) a link to the other side.
  const MENU = [['overview', '/tong-quan.html', 'Tổng quan'],
    ['warnings', '/canh-bao.html', 'Cảnh báo'], ['report', '/bao-cao.html', 'Báo cáo mẫu 06'],
    ['dossier', '/ho-so.html', 'Hồ sơ'], ['lookup', '/tra-cuu.html', 'Tra cứu']];
  function header() {
    const top = document.querySelector('header.top');
    if (!top) return;
    if (top.dataset.public !== undefined) {
      const [href, text] = top.dataset.public === 'lookup'
        ? ['/', 'Cán bộ đăng nhập'] : ['/tra-cuu.html', 'Tra cứu hồ sơ'];
      top.append(el('span', { class: 'brand', text: 'Một cửa' }),
        el('nav', {}, [el('a', { href, text })]));
      return;
    }
    const signOut = el('button', { type: 'button', id: 'sign-out', text: 'Đăng xuất' });
    signOut.addEventListener('click', async () => {
      try {
        await call('DELETE', 'session', {});
      } finally {
        location.replace('/');
      }
    });
    top.append(el('span', { class: 'brand', text: 'Một cửa · Thống kê' }),
      el('nav', {}, MENU.map(([name, href, text]) =>
        el('a', { href, text, 'aria-current': name === top.dataset.page ? 'page' : null }))),
      signOut, el('span', { id: 'who' }));
  }
  document.addEventListener('DOMContentLoaded', header);

  // Runs `main(who)` once the page is loaded and the caller is signed in
  // (else it goes to the sign-in page; other failures go to the error box).
  function page(main) {
    document.addEventListener('DOMContentLoaded', async () => {
      let who;
      try {
        who = await requireSession();
      } catch (e) {
        showError(e);
        return;
      }
      main(who);
    });
  }

  return {
    ApiError, call, rpc, int, percent, NO_DATA, rateText, rateValue, date, vnDay,
    dateTime, dueText, el, clear, showError, STATUS, SCOPE_KIND, ROLE, parseScope,
    scopeText, ownScope, periodOf, periodText, periodForm, queryChoice, requireSession, page,
    FORM06, dossierTable,
  };
})();
