// Where a page may send the person on to after sign-in: its `return_to`
// parameter (e.g. /?return_to=https://app.example/after-login), but only
// when the browser's own URL parser finds it is an http(s) URL whose origin
// is exactly one the gateway lists (--return_to_origins, GET
// /v1/web-config; gateway/web_config_route.h). Anything else is ignored, so
// a link to a page of ours can never send people to a site we do not know
// (an open redirect).

let target = null;  // The check, made once per page.

// The URL to continue to, or null.
export function returnTarget() {
  target ??= (async () => {
    const param = new URLSearchParams(window.location.search).get('return_to');
    if (!param) return null;
    let url;
    try {
      url = new URL(param);
    } catch (_) {
      console.warn('tgauth: return_to is not a URL; ignored');
      return null;
    }
    try {
      const response = await fetch('/v1/web-config', { cache: 'no-store' });
      const { returnToOrigins = [] } = response.ok ? await response.json() : {};
      if (['https:', 'http:'].includes(url.protocol) && returnToOrigins.includes(url.origin)) {
        return url;
      }
      console.warn(`tgauth: return_to origin ${url.origin} is not in --return_to_origins; ignored`);
    } catch (_) {
      console.warn('tgauth: could not read /v1/web-config; return_to ignored');
    }
    return null;
  })();
  return target;
}
