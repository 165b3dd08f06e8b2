// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "tsa-report",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "tsa-report", targets: ["tsa-report"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
  ],
  targets: [
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    .systemLibrary(
      name: "CLibCrypto",
      pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]
    ),
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .systemLibrary(
      name: "CXlsxWriter",
      pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"])]
    ),
    // The layers, each a target so that the compiler keeps the direction (README, "Layout"):
    // Model ← Store ← Ledger ← Report ← Render ← Alert; Import → Store; System beside them all.
    .target(name: "TSAModel", path: "Sources/Model"),
    .target(name: "TSASystem", dependencies: ["CLibCrypto"], path: "Sources/System"),
    .target(
      name: "TSAStore", dependencies: ["TSAModel", "TSASystem", "CSQLite"], path: "Sources/Store"),
    .target(
      name: "TSAImport",
      dependencies: [
        "TSAModel", "TSASystem", "TSAStore", "CZlib",
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ],
      path: "Sources/Import"),
    .target(
      name: "TSALedger", dependencies: ["TSAModel", "TSAStore", "TSASystem"],
      path: "Sources/Ledger"),
    .target(
      name: "TSAReport", dependencies: ["TSAModel", "TSALedger"], path: "Sources/Report"),
    .target(
      name: "TSARender",
      dependencies: ["TSAModel", "TSASystem", "TSALedger", "TSAReport", "CXlsxWriter"],
      path: "Sources/Render"),
    .target(
      name: "TSAAlert",
      dependencies: ["TSAModel", "TSASystem", "TSAStore", "TSALedger", "TSAReport", "TSARender"],
      path: "Sources/Alert"),
    .target(
      name: "TSADoctor", dependencies: ["TSAModel", "TSASystem", "TSAStore", "TSAImport"],
      path: "Sources/Doctor"),
    .executableTarget(
      name: "tsa-report",
      dependencies: [
        "TSAModel", "TSASystem", "TSAStore", "TSAImport", "TSALedger", "TSAReport", "TSARender",
        "TSAAlert", "TSADoctor",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "TSAReportTests",
      dependencies: [
        "TSAModel", "TSASystem", "TSAStore", "TSAImport", "TSALedger", "TSAReport", "TSARender",
        "TSAAlert",
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ],
      path: "Tests/TSAReportTests"
    ),
    .testTarget(
      name: "TSAReportCLITests",
      dependencies: [
        "TSAModel", "TSASystem", "TSAStore", "TSAImport", "TSALedger", "TSAReport", "TSARender",
        "TSAAlert", "tsa-report",
      ],
      path: "Tests/TSAReportCLITests",
      exclude: [
        "check_workbook.py", "check_libreoffice.py", "machine_names.py", "smtp_sink.py",
        "dump_workbook.py",
        "serve_while_open.sh", "syslog_sink.py", "tsa_responder.py",
        "compare_bundles.py", "check_split_sheets.py",
      ]
    ),
  ]
)
