// swift-tools-version:6.0
import PackageDescription

/// Version and commit reach the binary through the `FACTEUR_VERSION` and `FACTEUR_COMMIT`
/// environment variables at build time (see `scripts/build`); a plain `swift build` gets
/// the fallbacks below.
let version = Context.environment["FACTEUR_VERSION"] ?? "0.1.0-dev"
let commit = Context.environment["FACTEUR_COMMIT"] ?? Context.gitInformation?.currentCommit ?? "unknown"

func systemLibrary(_ name: String, pkgConfig: String?, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "facteur",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "facteur", targets: ["facteur"]),
        // For the fuzzing package under Fuzz/, which builds with sanitizer flags of its own.
        .library(name: "FacteurContracts", targets: ["FacteurContracts"]),
    ],
    targets: [
        systemLibrary("CMicroHTTPD", pkgConfig: "libmicrohttpd", apt: "libmicrohttpd-dev"),
        // Headers only: CCurlLoader opens libcurl on first use (see its header for why).
        systemLibrary("CCurl", pkgConfig: nil, apt: "libcurl4-openssl-dev"),
        .target(name: "CCurlLoader", dependencies: ["CCurl"]),
        // hiredis.pc adds -D_FILE_OFFSET_BITS=64, a flag SwiftPM refuses with a warning on
        // every build; it changes nothing on 64-bit targets, and the header and library sit
        // in the default search paths, so this one binding skips pkg-config.
        systemLibrary("CHiredis", pkgConfig: nil, apt: "libhiredis-dev"),
        systemLibrary("CRdKafka", pkgConfig: "rdkafka", apt: "librdkafka-dev"),
        systemLibrary("CYAML", pkgConfig: "yaml-0.1", apt: "libyaml-dev"),
        systemLibrary("CSodium", pkgConfig: "libsodium", apt: "libsodium-dev"),
        .target(name: "CBuildInfo", cSettings: [
            .define("FACTEUR_VERSION", to: "\"\(version)\""),
            .define("FACTEUR_COMMIT", to: "\"\(commit)\""),
        ]),

        .target(name: "FacteurLogging"),
        .target(name: "FacteurCommandLine"),
        .target(name: "FacteurYAML", dependencies: ["CYAML"]),
        .target(name: "FacteurConfig", dependencies: ["FacteurYAML"]),
        .target(name: "FacteurHTTP", dependencies: ["CMicroHTTPD", "FacteurLogging"]),
        .target(name: "FacteurHTTPClient", dependencies: ["CCurl", "CCurlLoader", "FacteurLogging"]),
        .target(name: "FacteurProtobuf"),
        .target(name: "FacteurContracts", dependencies: ["FacteurProtobuf"]),
        .target(name: "FacteurCore", dependencies: ["FacteurLogging", "FacteurContracts"]),
        .target(name: "FacteurTelemetry", dependencies: ["FacteurProtobuf", "FacteurHTTPClient", "FacteurLogging"]),
        .target(name: "FacteurRedis", dependencies: ["CHiredis", "FacteurCore", "FacteurLogging"]),
        .target(name: "FacteurKubernetes", dependencies: [
            "FacteurCore",
            "FacteurHTTPClient",
            "FacteurLogging",
            "FacteurYAML",
        ]),
        .target(name: "FacteurApp", dependencies: [
            "CBuildInfo",
            "FacteurLogging",
            "FacteurCommandLine",
            "FacteurConfig",
            "FacteurHTTP",
            "FacteurContracts",
            "FacteurProtobuf",
            "FacteurCore",
            "FacteurKubernetes",
            "FacteurRedis",
            "FacteurTelemetry",
        ]),
        .executableTarget(name: "facteur", dependencies: ["FacteurApp"]),

        // Process harnesses and test doubles the test targets share (STYLE.md, Tests).
        .target(
            name: "FacteurTestSupport",
            dependencies: ["FacteurHTTPClient", "FacteurKubernetes", "FacteurLogging", "FacteurRedis"],
            path: "Tests/FacteurTestSupport"
        ),

        .testTarget(name: "FacteurLoggingTests", dependencies: ["FacteurLogging"]),
        .testTarget(name: "FacteurCommandLineTests", dependencies: ["FacteurCommandLine"]),
        .testTarget(name: "FacteurConfigTests", dependencies: ["FacteurConfig", "FacteurYAML"]),
        .testTarget(name: "FacteurHTTPTests", dependencies: ["FacteurHTTP", "FacteurLogging"]),
        .testTarget(name: "FacteurHTTPClientTests", dependencies: ["FacteurHTTPClient", "FacteurTestSupport"]),
        .testTarget(name: "FacteurCoreTests", dependencies: ["FacteurCore"]),
        .testTarget(name: "FacteurTelemetryTests", dependencies: [
            "FacteurTelemetry",
            "FacteurLogging",
            "FacteurHTTPClient",
            "FacteurTestSupport",
        ]),
        .testTarget(name: "FacteurContractsTests", dependencies: ["FacteurContracts", "FacteurProtobuf"]),
        .testTarget(name: "FacteurRedisTests", dependencies: ["FacteurRedis", "FacteurCore", "FacteurTestSupport"]),
        .testTarget(name: "FacteurKubernetesTests", dependencies: [
            "FacteurKubernetes",
            "FacteurCore",
            "FacteurHTTPClient",
            "FacteurLogging",
            "FacteurTestSupport",
        ]),
        .testTarget(name: "FacteurIntegrationTests", dependencies: [
            "FacteurApp",
            "FacteurContracts",
            "FacteurProtobuf",
            "FacteurTestSupport",
            "facteur",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
