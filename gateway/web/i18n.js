// The pages' language: the person's own pick if they made one (kept in
// localStorage, the language code only), else the first of the browser's
// languages (navigator.languages) that has a file under /i18n/, else
// English. <html lang> follows, so screen readers read the page in it.
//
// Adding a language: its file under /i18n/ (with en.js's keys) and one line
// in LANGUAGES.
import en from '/i18n/en.js';
import ru from '/i18n/ru.js';

// Primary language subtags (RFC 5646 section 2.2.1); the first is the default.
const LANGUAGES = { en, ru };
const STORAGE_KEY = 'tgauth.language';

function remembered() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch (_) {
    return null;  // Storage disabled: the browser's languages decide.
  }
}

function chooseLanguage() {
  const pick = remembered();
  if (Object.hasOwn(LANGUAGES, pick)) return pick;
  for (const tag of navigator.languages || [navigator.language]) {
    const primary = String(tag).split('-')[0].toLowerCase();
    if (Object.hasOwn(LANGUAGES, primary)) return primary;
  }
  return Object.keys(LANGUAGES)[0];
}

export const lang = chooseLanguage();
// The page's sentences (see i18n/en.js).
export const t = LANGUAGES[lang];

// A date and time, or a date, in the page's language and the browser's
// time zone.
export const formatDateTime = (timestamp) => new Date(timestamp).toLocaleString(lang, {
  dateStyle: 'medium', timeStyle: 'short',
});
export const formatDate = (timestamp) => new Date(timestamp).toLocaleDateString(lang);

// The HTML's own text: an element with data-i18n="key" gets t[key] as its
// text; data-i18n-alt and data-i18n-label set its alt text and its
// aria-label.
function translatePage() {
  document.documentElement.lang = lang;
  document.title = t.signInHeading;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t[node.dataset.i18n];
  }
  for (const node of document.querySelectorAll('[data-i18n-alt]')) {
    node.alt = t[node.dataset.i18nAlt];
  }
  for (const node of document.querySelectorAll('[data-i18n-label]')) {
    node.setAttribute('aria-label', t[node.dataset.i18nLabel]);
  }
}

// The switch in #language: each language named in itself. A pick is
// remembered and the page loads again in it (a signed-in page restores its
// session on load).
function showSwitch() {
  const root = document.getElementById('language');
  if (!root) return;
  const select = document.createElement('select');
  select.id = 'language-select';
  for (const [code, table] of Object.entries(LANGUAGES)) {
    const option = new Option(table.name, code, false, code === lang);
    option.lang = code;
    select.append(option);
  }
  select.addEventListener('change', () => {
    try {
      localStorage.setItem(STORAGE_KEY, select.value);
    } catch (_) { /* Storage disabled: nowhere to keep the pick. */ }
    window.location.reload();
  });
  const label = Object.assign(document.createElement('label'), {
    htmlFor: select.id, textContent: t.languageLabel,
  });
  root.replaceChildren(label, select);
}

// Module scripts run once the document is parsed: the elements are there.
translatePage();
showSwitch();
