// Đăng nhập: the token goes to POST /api/v1/session once; the server
// answers an HttpOnly cookie, and the field is emptied at once. (No probe
// for an existing session here: a signed-in official follows the menu.)
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('sign-in');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = form.elements.token.value;
    form.elements.token.value = '';
    try {
      await Motcua.call('POST', 'session', { token });
      location.replace('/tong-quan.html');
    } catch (e) {
      Motcua.showError(e);
    }
  });
});
