// The pages in Russian (keys as in en.js).

// Russian plural forms: 1, 21 → one; 2–4, 22–24 → few; else many.
function plural(count, one, few, many) {
  const tens = count % 100;
  const units = count % 10;
  if (units === 1 && tens !== 11) return one;
  if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) return few;
  return many;
}

export default {
  name: 'Русский',
  languageLabel: 'Язык',

  offline: 'Нет связи с сервисом входа. Проверьте подключение — мы повторим попытку.',
  busy: 'Сервис входа сейчас перегружен. Мы повторим попытку через минуту.',
  other: 'Что-то пошло не так. Обновите страницу и попробуйте ещё раз.',

  signInHeading: 'Вход через Telegram',
  creatingCode: 'Создаём код для входа…',
  qrAlt: 'QR-код: отсканируйте его камерой телефона, чтобы открыть Telegram',
  scanHint: 'Отсканируйте код телефоном или откройте ссылку на устройстве с Telegram.',
  matchHint: 'Проверьте, что Telegram показывает этот код:',
  openInTelegram: 'Открыть в Telegram',
  linkLabel: 'Ссылка для входа',
  copyLink: 'Скопировать ссылку',
  copied: 'Скопировано',
  getNewCode: 'Получить новый код',
  codeUsed: 'Этот код уже использован, но вход не дошёл до этой страницы. ' +
            'Получите новый код, чтобы войти здесь.',
  codeFailed: 'С этим кодом что-то пошло не так. Получите новый код и попробуйте ещё раз.',
  codeExpired: 'Срок действия кода истёк.',
  codeExpiresIn: (minutes, seconds) => `Код действует ещё ${minutes}:${seconds}`,
  waitingForScan: 'Ждём, когда вы отсканируете код…',
  declined: 'Вход отклонён в Telegram.',
  startOver: 'Начать заново',
  confirmInTelegram: 'Подтвердите вход в Telegram',
  confirmInTelegramAs: (account) => `Подтвердите вход в Telegram — ${account}`,
  scanned: 'Код отсканирован. Нажмите «Подтвердить» в Telegram, чтобы войти здесь.',
  signedInStatus: 'Вы вошли.',
  signInAgain: 'Войти снова',

  signInTo: (app) => `Вход в ${app} через Telegram`,
  returningToApp: 'Возвращаемся в приложение…',
  cancelSignIn: 'Отменить и вернуться',
  authorizationGone: 'Этот запрос на вход истёк или уже использован. ' +
                     'Вернитесь в приложение и войдите снова.',

  yourTelegramAccount: 'ваш аккаунт Telegram',
  signInMethods: {
    qr: 'QR-код',
    widget: 'виджет входа Telegram',
    mini_app: 'мини-приложение Telegram',
    login_link: 'ссылка от бота',
  },
  unknownMethod: 'неизвестный способ',
  browserOn: (browser, os) => `${browser}, ${os}`,
  unknownDevice: 'Неизвестное устройство',
  noLongerSignedIn: 'На этом устройстве выполнен выход. Войдите снова, чтобы продолжить.',
  signedOutElsewhere: 'Выход на этом устройстве выполнен с другого устройства.',
  deviceAlreadySignedOut: 'На том устройстве выход уже выполнен.',
  actionOffline: 'Нет связи с сервисом входа. Проверьте подключение и попробуйте ещё раз.',
  actionBusy: 'Сервис входа сейчас перегружен. Попробуйте ещё раз через минуту.',
  actionFailed: 'Не получилось. Обновите страницу и попробуйте ещё раз.',
  via: (method) => `способ: ${method}`,
  forApp: (app) => `для ${app}`,
  signedInAt: (time) => `вход ${time}`,
  lastActiveAt: (time) => `активность ${time}`,
  thisDevice: 'Это устройство',
  logOut: 'Выйти',
  logOutDevice: (device) => `Выйти на устройстве ${device}`,
  deviceSignedOut: (device) => `На устройстве ${device} выполнен выход.`,
  youAreSignedOut: 'Вы вышли.',
  signedOutOthers: (count) => `Выполнен выход на ${count} ${
    plural(count, 'другом устройстве', 'других устройствах', 'других устройствах')}.`,
  signedInHeading: 'Вы вошли',
  signedInAs: 'Вы вошли как',
  yourDevices: 'Ваши устройства',
  logOutThisDevice: 'Выйти на этом устройстве',
  logOutOtherDevices: 'Выйти на других устройствах',
  subscription: (tier, until) => (until ? `Подписка: ${tier}, до ${until}`
                                        : `Подписка: ${tier}`),
  continueTo: (host) => `Перейти на ${host}`,

  checkingLink: 'Проверяем ссылку для входа…',
  linkSignsInAs: 'По этой ссылке вы войдёте как',
  linkHint: 'Продолжайте, только если вы сами запросили эту ссылку у бота Telegram. ' +
            'Если её вам кто-то прислал, закройте страницу.',
  continue: 'Продолжить',
  signInWithQr: 'Войти по QR-коду',
  isThisYou: 'Это вы?',
  signingIn: 'Выполняем вход…',
  linkExpired: 'Срок действия ссылки истёк, или она уже использована. Запросите у бота новую.',
  linkDamaged: 'Ссылка для входа повреждена или неполна. Запросите у бота новую.',
  linkIncomplete: 'Ссылка для входа неполна или уже была открыта здесь. Запросите у бота новую.',
  linkOffline: 'Нет связи с сервисом входа. Проверьте подключение и откройте ссылку снова.',
  linkBusy: 'Сервис входа сейчас перегружен. Откройте ссылку снова через минуту.',
  linkFailed: 'С этой ссылкой что-то пошло не так. Запросите у бота новую.',

  tryAgain: 'Попробовать ещё раз',
  backToTelegram: 'Вернуться в Telegram',
  miniAppUnconfirmed: 'Telegram не смог подтвердить, кто вы. ' +
                      'Закройте эту страницу и снова откройте её из бота.',
  miniAppDenied: 'С этим аккаунтом Telegram здесь войти нельзя.',
  miniAppFailed: 'Что-то пошло не так. Закройте эту страницу и снова откройте её из бота.',
  miniAppOutsideTelegram: 'Эта страница работает внутри Telegram: откройте её из бота. ' +
                          'Чтобы войти на этом устройстве, используйте QR-код.',
};
