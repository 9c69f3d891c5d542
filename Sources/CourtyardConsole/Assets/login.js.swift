extension ConsoleAssets {
    static let loginJS = ConsoleAsset("login.js", #"""
// login.js — the sign-in page.
import { api, t, el, strings, registerPage, formError } from './core.js';
import { signedIn } from './app.js';

strings({
  'zh-CN': {
    'login.title': '登录庭院呼叫中心',
    'login.username': '用户名',
    'login.password': '密码',
    'login.submit': '登录',
    'login.missing': '请输入用户名和密码。',
    'login.wrong': '用户名或密码错误，或账号已停用。',
    'login.throttled': '尝试次数过多，请稍后再试。',
    'login.hint': '演示账号：cs-chen（坐席）、tech-zhang（维修师傅）、supervisor（现场主管）、analyst（总部分析）、admin，密码 courtyard-demo。',
  },
  en: {
    'login.title': 'Sign in to Courtyard',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.missing': 'Enter your username and password.',
    'login.wrong': 'Wrong username or password, or the account is disabled.',
    'login.throttled': 'Too many attempts; try again later.',
    'login.hint': 'Demo logins: cs-chen (agent), tech-zhang (technician), supervisor, analyst (HQ), admin; password courtyard-demo.',
  },
});

registerPage({
  id: 'login',
  render(view) {
    const username = el('input', { name: 'username', autocomplete: 'username', required: true, maxlength: 64, 'data-testid': 'login-username', autofocus: true });
    const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 256, 'data-testid': 'login-password' });
    const submit = el('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' }, t('login.submit'));
    const form = el('form', { class: 'panel login', novalidate: true },
      el('h1', {}, t('login.title')),
      el('label', { class: 'field' }, el('span', {}, t('login.username')), username),
      el('label', { class: 'field' }, el('span', {}, t('login.password')), password),
      submit,
      el('p', { class: 'muted small' }, t('login.hint')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formError(form, null);
      if (!username.value.trim() || !password.value) { formError(form, { message: t('login.missing') }); return; }
      submit.disabled = true;
      try {
        const session = await api('POST', '/api/v1/auth/login', { username: username.value.trim(), password: password.value });
        signedIn(session.account);
      } catch (e) {
        // The API's words are English; the page speaks the user's language.
        const message = e.status === 401 ? t('login.wrong') : e.status === 429 ? t('login.throttled') : e.message;
        formError(form, { message });
        password.value = '';
        password.focus();
      } finally {
        submit.disabled = false;
      }
    });
    view.append(form);
  },
});
"""#)
}
