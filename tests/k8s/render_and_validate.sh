#!/usr/bin/env bash
# Renders every overlay of k8s/ (with throwaway secrets from
# k8s/make-secrets) and checks the result offline: each object against the
# Kubernetes API schemas (validate.mjs), tgauth's own rules (policy.mjs, and
# that it catches each rule broken), and that no committed manifest holds a
# Secret.
#   tests/k8s/render_and_validate.sh REPO_ROOT KUBECTL_DIR (see fetch-kubectl)
set -euo pipefail
root=$1
kubectl=$2/usr/bin/kubectl
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$kubectl" ] || { echo "no kubectl in $2: run tests/k8s/fetch-kubectl $2 (scripts/test does)" >&2; exit 1; }
[ -d "$here/node_modules" ] || { echo "run npm ci in $here (scripts/test does)" >&2; exit 1; }

committed=$(grep -rlE '^kind: *Secret *$' "$root/k8s" --include='*.yaml' --exclude-dir=secrets || true)
[ -z "$committed" ] || { echo "a Secret is committed in: $committed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy without anyone's real secrets/ folders.
tar -C "$root" --exclude='k8s/overlays/*/secrets' -cf - k8s | tar -C "$work" -xf -
rendered=()
for overlay in "$work"/k8s/overlays/*/; do
  name=$(basename "$overlay")
  "$work/k8s/make-secrets" "$name" "$overlay" 2>/dev/null
  "$kubectl" kustomize "$overlay" >"$work/$name.yaml"
  echo "rendered $name: $(grep -c '^kind:' "$work/$name.yaml") objects"
  node "$here/policy.mjs" "$work/$name.yaml"
  rendered+=("$work/$name.yaml")
done
[ ${#rendered[@]} -ge 2 ] || { echo "expected the dev and prod overlays" >&2; exit 1; }
node "$here/validate.mjs" "${rendered[@]}"
node "$here/policy.mjs" --self-test "${rendered[0]}"
