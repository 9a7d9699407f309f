// Tra cứu: the public lookup (no sign-in), under the server's rate limit.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const { el, clear } = Motcua;
  const form = document.getElementById('lookup');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Motcua.showError(null);
    const result = document.getElementById('result');
    result.hidden = true;
    try {
      const s = await Motcua.rpc('DossierService/LookupDossierStatus', {
        code: form.elements.code.value.trim(),
        applicantIdNumber: form.elements.id_number.value.trim(),
      });
      const facts = document.getElementById('facts');
      clear(facts);
      const row = (label, value, id) =>
        facts.append(el('dt', { text: label }), el('dd', { text: value, id }));
      row('Mã hồ sơ', s.code, 'code');
      row('Tình trạng', Motcua.STATUS[s.status] || s.status, 'status');
      row('Ngày tiếp nhận', Motcua.date(s.receivedAt), 'received');
      row('Ngày hẹn trả', Motcua.date(s.dueAt), 'due');
      if (s.extendedDueAt) row('Ngày hẹn trả lại', Motcua.date(s.extendedDueAt), 'extended');
      if (s.returnedAt) row('Ngày trả kết quả', Motcua.date(s.returnedAt), 'returned');
      result.hidden = false;
    } catch (e) {
      Motcua.showError(e);
    }
  });
});
