// What the pages tell people when a request fails: one short sentence with
// a next step. The sentence is chosen by the HTTP status and the gRPC code
// of the SDK's TgauthError (sdk/tgauth.js: the gateway's error body,
// gateway/grpc_http_status.cc), never by the message text: that is written
// for developers and goes to the console only. Sentences are in the
// page's language (i18n.js).
import { t } from '/i18n.js';

// Failures every request can meet, in the words each page uses unless it
// has its own for the same kind.
export const COMMON_SENTENCES = { offline: t.offline, busy: t.busy, other: t.other };

// gRPC status codes by the kind of failure they mean here.
const KIND_BY_CODE = {
  3: 'invalid',          // INVALID_ARGUMENT: the request or a token in it is malformed.
  5: 'notFound',         // NOT_FOUND: unknown or expired.
  7: 'denied',           // PERMISSION_DENIED.
  9: 'used',             // FAILED_PRECONDITION: already redeemed or ended.
  16: 'unauthenticated', // UNAUTHENTICATED: the credential is refused for good.
};

// 'offline' (no answer: `error` null or of status 0), 'busy' (worth
// retrying: 429, 5xx), or a KIND_BY_CODE kind; 'other' for the rest.
export function failureKind(error) {
  if (!error || !error.status) return 'offline';
  if (error.status === 429 || error.status >= 500) return 'busy';
  return KIND_BY_CODE[error.code] || 'other';
}

export const isTransient = (error) => ['offline', 'busy'].includes(failureKind(error));

// The sentence for `error` (a TgauthError, or null when no answer came):
// `sentences[kind]`, else COMMON_SENTENCES[kind], else `sentences.other`.
// The technical detail goes to the console.
export function explain(error, sentences = {}) {
  console.warn(error ? `tgauth: HTTP ${error.status}, code ${error.code}: ${error.message}`
                     : 'tgauth: no answer from the sign-in service');
  const kind = failureKind(error);
  return sentences[kind] || COMMON_SENTENCES[kind] || sentences.other || COMMON_SENTENCES.other;
}
