// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "tsa-report",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "tsa-report", targets: ["tsa-report"]),
    .library(name: "TSAReport", targets: ["TSAReport"]),
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
    .target(
      name: "TSAReport",
      dependencies: [
        "CSQLite", "CLibCrypto", "CZlib", "CXlsxWriter",
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ]
    ),
    .executableTarget(
      name: "tsa-report",
      dependencies: [
        "TSAReport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "TSAReportTests",
      dependencies: ["TSAReport", .product(name: "SwiftASN1", package: "swift-asn1")],
      path: "Tests/TSAReportTests"
    ),
    .testTarget(
      name: "TSAReportCLITests",
      dependencies: ["TSAReport"],
      path: "Tests/TSAReportCLITests",
      exclude: [
        "check_workbook.py", "check_libreoffice.py", "smtp_sink.py", "dump_workbook.py",
        "serve_while_open.sh", "syslog_sink.py", "tsa_responder.py",
        "compare_bundles.py", "check_split_sheets.py",
      ]
    ),
  ]
)
