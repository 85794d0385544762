// The pages in English, the default language. Every language is one file
// like this, with the same keys, registered in /i18n.js. Functions build
// sentences around names and numbers, so each language keeps its own word
// order and plural forms.
export default {
  name: 'English',  // In the language itself, for the language switch.
  languageLabel: 'Language',

  // Failures any request can meet (messages.js).
  offline: "Can't reach the sign-in service. Check your connection; we'll retry.",
  busy: "The sign-in service is busy right now. We'll try again in a moment.",
  other: 'Something went wrong. Reload the page to try again.',

  // The QR login page (index.html, login.js).
  signInHeading: 'Sign in with Telegram',
  creatingCode: 'Creating a sign-in code…',
  qrAlt: "QR code: scan it with your phone's camera to open Telegram",
  scanHint: 'Scan with your phone, or open the link on a device with Telegram.',
  matchHint: 'Check that Telegram shows this code:',
  openInTelegram: 'Open in Telegram',
  linkLabel: 'Sign-in link',
  copyLink: 'Copy link',
  copied: 'Copied',
  getNewCode: 'Get a new code',
  codeUsed: 'This code was already used, but the sign-in did not reach this page. ' +
            'Get a new code to sign in here.',
  codeFailed: 'Something went wrong with this code. Get a new code to try again.',
  codeExpired: 'This code has expired.',
  codeExpiresIn: (minutes, seconds) => `Code expires in ${minutes}:${seconds}`,
  waitingForScan: 'Waiting for you to scan the code…',
  declined: 'Sign-in was declined in Telegram.',
  startOver: 'Start over',
  confirmInTelegram: 'Confirm in Telegram',
  confirmInTelegramAs: (account) => `Confirm in Telegram — ${account}`,
  scanned: 'Your code was scanned. Tap Confirm in Telegram to sign in here.',
  signedInStatus: 'You are signed in.',
  signInAgain: 'Sign in again',

  // A web app sent the person to sign in (OAuth; login.js).
  signInTo: (app) => `Sign in to ${app} with Telegram`,
  returningToApp: 'Returning to the app…',
  cancelSignIn: 'Cancel and go back',
  authorizationGone: 'This sign-in request has expired or was already used. ' +
                     'Go back to the app and sign in again.',

  // The signed-in view (session.js).
  yourTelegramAccount: 'your Telegram account',
  signInMethods: {
    qr: 'QR code',
    widget: 'Telegram Login Widget',
    mini_app: 'Telegram Mini App',
    login_link: 'link from the bot',
  },
  unknownMethod: 'unknown method',
  browserOn: (browser, os) => `${browser} on ${os}`,
  unknownDevice: 'Unknown device',
  noLongerSignedIn: 'This device is no longer signed in. Sign in again to continue.',
  signedOutElsewhere: 'This device was signed out from another device.',
  deviceAlreadySignedOut: 'That device was already signed out.',
  actionOffline: "Can't reach the sign-in service. Check your connection and try again.",
  actionBusy: 'The sign-in service is busy right now. Try again in a moment.',
  actionFailed: 'That did not work. Reload the page and try again.',
  via: (method) => `via ${method}`,
  forApp: (app) => `for ${app}`,
  signedInAt: (time) => `signed in ${time}`,
  lastActiveAt: (time) => `last active ${time}`,
  thisDevice: 'This device',
  logOut: 'Log out',
  logOutDevice: (device) => `Log out ${device}`,
  deviceSignedOut: (device) => `${device} is signed out.`,
  youAreSignedOut: 'You are signed out.',
  signedOutOthers: (count) => (count === 1 ? 'Signed out 1 other device.'
                                           : `Signed out ${count} other devices.`),
  signedInHeading: "You're signed in",
  signedInAs: 'Signed in as',
  yourDevices: 'Your devices',
  logOutThisDevice: 'Log out this device',
  logOutOtherDevices: 'Log out other devices',
  subscription: (tier, until) => (until ? `Subscription: ${tier}, until ${until}`
                                        : `Subscription: ${tier}`),
  continueTo: (host) => `Continue to ${host}`,

  // The login link page (callback.html, callback.js).
  checkingLink: 'Checking your sign-in link…',
  linkSignsInAs: 'This link signs you in as',
  linkHint: 'Continue only if you asked the Telegram bot for this link yourself. ' +
            'If someone sent it to you, close this page.',
  continue: 'Continue',
  signInWithQr: 'Sign in with a QR code',
  isThisYou: 'Is this you?',
  signingIn: 'Signing you in…',
  linkExpired: 'This sign-in link has expired or was already used. Ask the bot for a new link.',
  linkDamaged: 'This sign-in link is damaged or incomplete. Ask the bot for a new link.',
  linkIncomplete: 'This sign-in link is incomplete, or was already opened here. ' +
                  'Ask the bot for a new link.',
  linkOffline: "Can't reach the sign-in service. Check your connection and open the link again.",
  linkBusy: 'The sign-in service is busy right now. Open the link again in a moment.',
  linkFailed: 'Something went wrong with this link. Ask the bot for a new link.',

  // The Mini App page (miniapp.html, miniapp.js).
  tryAgain: 'Try again',
  backToTelegram: 'Back to Telegram',
  miniAppUnconfirmed: 'Telegram could not confirm who you are. ' +
                      'Close this page and open it again from the bot.',
  miniAppDenied: 'This Telegram account cannot sign in here.',
  miniAppFailed: 'Something went wrong. Close this page and open it again from the bot.',
  miniAppOutsideTelegram: 'This page works inside Telegram: open it from the bot. ' +
                          'To sign in on this device, use a QR code.',
};
