import Foundation
import Testing

/// Packages known by their invoice: every package command takes the id or the invoice
/// reference, every message names the package with its contract and reference, and the usual
/// slips (an invoice entered twice, a VAT rate as a fraction, a reference with spaces) are
/// caught.
@Suite struct PackageNamingTests {
  @Test func packagesAreNamedByIdOrInvoiceAndTheSlipsAreCaught() throws {
    let session = Session()
    try session.demoBooks()
    // The demo's package 2: 1 000 stamps for 3 630 CZK, ordered 20 August, paid 28 August.
    let twin = [
      "package", "add", "--contract", "F2112000371", "--stamps", "1000", "--price", "3630",
      "--vat-rate", "21", "--ordered", "2026-08-20", "--paid", "2026-08-28",
    ]
    let refused = try session.run(twin)
    #expect(refused.status == 64)
    #expect(
      refused.stderr.contains(
        "package 2 (F2112000371, FV-2026-0820) has the same contract, stamps, price and days"))
    #expect(!(try session.run(["package", "list"]).stdout.contains("4  ")))
    // With its own invoice number it is a purchase of its own; --force records it without.
    let own = try session.run(twin + ["--ref", "  FV-2026-0821 "])
    #expect(own.status == 0, "\(own.stderr)")
    #expect(own.stderr.contains("Added package 4 (F2112000371, FV-2026-0821): 1,000 stamps"))
    #expect(try session.run(twin + ["--force"]).status == 0)

    // A VAT rate written as a fraction.
    let fraction = try session.run(twin + ["--ref", "FV-X", "--vat-rate", "0.21"])
    #expect(fraction.status == 64 && fraction.stderr.contains("did you mean 21?"))
    let blank = try session.run(twin + ["--ref", "  "])
    #expect(blank.status == 64 && blank.stderr.contains("--ref is empty"))

    // By reference (trimmed when recorded, found ignoring case) or by id, named in full.
    let edited = try session.run(["package", "edit", "fv-2026-0821", "--price", "3600"])
    #expect(edited.status == 0, "\(edited.stderr)")
    #expect(
      edited.stderr.contains(
        "Package 4 (F2112000371, FV-2026-0821): price 3,630.00 CZK → 3,600.00 CZK"),
      "\(edited.stderr)")
    // In Czech, as a Czech accountant writes amounts.
    let czech = try session.run([
      "package", "edit", "FV-2026-0821", "--price", "11500", "--lang", "cs",
    ])
    #expect(
      czech.stderr.contains(
        "Balíček 4 (F2112000371, FV-2026-0821): cena 3 600,00 Kč → 11 500,00 Kč"),
      "\(czech.stderr)")
    let paid = try session.run(["package", "pay", "FV-2026-1120", "--date", "2026-11-21"])
    #expect(paid.stderr.contains("Package 3 (F2112000371, FV-2026-1120) paid on 2026-11-21"))
    let removed = try session.run(["package", "remove", "5"])
    #expect(removed.stderr.contains("Removed package 5 (F2112000371): 1,000 stamps"))
    let unknown = try session.run(["package", "edit", "FV-1999-0001", "--price", "1"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("no package with the id or invoice reference 'FV-1999-0001'"))
    // The invoice's tax point (DUZP) beside paid; a correction says why, in the history and
    // in the month's changes.
    let dated = try session.run([
      "package", "edit", "FV-2026-0821", "--tax-point", "2026-08-28", "--note",
      "  dobropis FV-2026-0907 ",
    ])
    #expect(dated.status == 0, "\(dated.stderr)")
    let list = try session.run(["package", "list"]).stdout
    #expect(list.contains("Tax point"))
    #expect(
      list.split(separator: "\n").contains {
        $0.contains("FV-2026-0821") && $0.contains("2026-08-28  2026-08-28")
      }, "\(list)")
    // The history's CSV in plain values (for programs); its text names the package by its
    // invoice and writes amounts as money.
    let history = try session.run(["history", "--format", "csv"]).stdout
    #expect(
      history.contains(",package,4,changed,tax_point,,2026-08-28,dobropis FV-2026-0907,body\r\n"),
      "\(history)")
    #expect(history.contains(",package,4,changed,price,3600.00,11500.00,,body\r\n"), "\(history)")
    let czechHistory = try session.run(["history", "--lang", "cs"]).stdout
    #expect(
      czechHistory.split(separator: "\n").contains {
        $0.contains("4 (F2112000371, FV-2026-0821)") && $0.contains("3 600,00 Kč")
          && $0.contains("11 500,00 Kč")
      }, "\(czechHistory)")
    // balance as of a day lists the packages there were by then: the demo's package 3 was
    // ordered on 20 November.
    let october = try session.run(["balance", "--as-of", "2026-10-31"]).stdout
    #expect(!october.contains("FV-2026-1120") && october.contains("FV-2026-0820"), "\(october)")
    #expect(try session.run(["balance", "--as-of", "2026-11-30"]).stdout.contains("FV-2026-1120"))
    // A reference that is also another package's id is not guessed at.
    try session.run(["package", "edit", "4", "--ref", "1"])
    let ambiguous = try session.run(["package", "edit", "1", "--price", "1"])
    #expect(ambiguous.status == 64 && ambiguous.stderr.contains("is both package 1"))
  }
}

/// Two contracts behind one proxy: each line's login or user maps to its contract by the
/// accounts recorded with the contracts and by `user set --contract`; a stamp no rule maps is
/// refused, naming the rule to add, and nothing of the log is imported.
@Suite struct TwoContractsTests {
  @Test func oneProxyLogFillsTwoContracts() throws {
    let session = Session()
    for command in [
      ["contract", "add", "F2112000371", "--account", "alice", "--account", "bob"],
      ["contract", "add", "F2301000007", "--name", "Mzdy"],
      ["user", "set", "carol", "--contract", "F2301000007"],
    ] {
      #expect(try session.run(command).status == 0, "\(command)")
    }
    let refused = try session.run(["import", "samples/proxy/access.log"])
    #expect(refused.status == 65, "\(refused.stderr)")
    #expect(refused.stderr.contains("nothing says which contract user '"), "\(refused.stderr)")
    #expect(refused.stderr.contains("--contract F2112000371"))
    #expect(try session.run(["imports", "--limit", "1"]).stdout.contains("failed"))
    // The rules for the rest; then one import fills both contracts.
    for user in ["dave", "10.20.7.40"] {
      #expect(try session.run(["user", "set", user, "--contract", "F2301000007"]).status == 0)
    }
    let imported = try session.run(["import", "samples/proxy/access.log"])
    #expect(imported.status == 0, "\(imported.stderr)")
    let byUser = try session.run([
      "usage", "--period", "2026-10", "--by", "contract", "--by", "user", "--format", "csv",
    ]).stdout
    let rows = byUser.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",") }
    let contracts = Dictionary(grouping: rows.filter { $0.count > 2 && $0[0] != "Total" }) {
      String($0[0])
    }.mapValues { Set($0.map { String($0[1]) }) }
    #expect(contracts["F2112000371"] == ["alice", "bob"], "\(byUser)")
    #expect(contracts["F2301000007"] == ["carol", "dave", "10.20.7.40"], "\(byUser)")
  }
}
