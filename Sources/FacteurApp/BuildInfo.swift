import CBuildInfo

/// The version and commit stamped into the binary at build time (see `scripts/env.sh`).
public enum BuildInfo {
    public static let version = String(cString: facteur_build_version())
    public static let commit = String(cString: facteur_build_commit())
}
