// swift-tools-version:6.0
import PackageDescription

/// libFuzzer target for facteur's protobuf and JSON decoders; kept out of the root package so
/// its sanitizer flags never reach the service build. Build and run it with `run.sh`.
let package = Package(
    name: "FacteurFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "facteur", path: ".."),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "FacteurFuzz", dependencies: [
            "CFuzzerDriver",
            .product(name: "FacteurContracts", package: "facteur"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
