# Sourced by the scripts: puts the Swift toolchain on PATH and names the build.
if ! command -v swift >/dev/null && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FACTEUR_COMMIT="${FACTEUR_COMMIT:-$(git -C "$repo_root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}"
FACTEUR_VERSION="${FACTEUR_VERSION:-$(git -C "$repo_root" describe --tags --always 2>/dev/null || echo 0.1.0-dev)}"
export FACTEUR_COMMIT FACTEUR_VERSION
