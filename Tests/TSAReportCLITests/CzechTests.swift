import Foundation
import Testing

/// Czech everywhere: with `--lang cs` (or `lang = "cs"`) every command says what a person reads
/// in Czech — notes, listings, the import summary, errors — while the files for programs keep
/// their shape and their values in every language.
@Suite struct CzechTests {
  /// An accountant's session in Czech, pinned as a whole: the wording is read when recorded.
  @Test func anAccountantsSessionInCzechAsCommitted() throws {
    let session = Session()
    try session.demoBooks()
    var text = ""
    for command in [
      ["import", "--lang", "cs", "samples/proxy/access.log"],
      ["package", "list", "--lang", "cs"],
      [
        "package", "add", "--contract", "F2112000371", "--stamps", "200", "--price", "847",
        "--vat-rate", "21", "--ref", "FV-2026-1201", "--lang", "cs",
      ],
      ["package", "pay", "FV-2026-1201", "--date", "2026-12-01", "--lang", "cs"],
      ["package", "edit", "FV-2026-1201", "--price", "850", "--lang", "cs"],
      ["package", "remove", "FV-2026-1201", "--lang", "cs"],
      ["balance", "--as-of", "2026-11-30", "--lang", "cs"],
      ["usage", "--period", "2026-10", "--by", "user", "--lang", "cs"],
      [
        "reconcile", "--contract", "F2112000371", "--provider-left", "113", "--provider-used",
        "1087", "--as-of", "2026-11-30", "--lang", "cs",
      ],
      ["user", "list", "--lang", "cs"],
      ["contract", "list", "--lang", "cs"],
      ["closed", "--lang", "cs"],
      // Mistakes, explained in Czech.
      ["usage", "--from", "2026-10-1", "--to", "2026-10-31", "--lang", "cs"],
      ["package", "edit", "99", "--price", "1", "--lang", "cs"],
      ["contract", "remove", "F2112000372", "--lang", "cs"],
      // Closing September, twice, and reopening a month not closed.
      ["close", "--month", "2026-09", "--out", session.folder + "/reports", "--lang", "cs"],
      ["close", "--month", "2026-09", "--out", session.folder + "/reports", "--lang", "cs"],
      ["reopen", "--month", "2026-08", "--reason", "omyl", "--lang", "cs"],
    ] {
      text += try session.transcript(command)
    }
    try expectGolden(text, "workflow/czech-session.txt")
  }

  /// The setting `lang = "cs"` does what `--lang cs` does, for errors too; `--lang en` wins.
  @Test func theSettingSpeaksCzechAndTheFlagWins() throws {
    let session = Session()
    let config = session.folder + "/config.toml"
    try "lang = \"cs\"\n".write(toFile: config, atomically: true, encoding: .utf8)
    session.environment["TSA_REPORT_CONFIG"] = config
    let refused = try session.run(["usage", "--from", "2026-10-1", "--to", "2026-10-31"])
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("'2026-10-1' není kalendářní datum"), "\(refused.stderr)")
    let added = try session.run(["contract", "add", "F2112000371"])
    #expect(added.stderr == "Přidána smlouva F2112000371.\n", "\(added.stderr)")
    let english = try session.run(["contract", "add", "F2112000371", "--lang", "en"])
    #expect(english.stderr.hasPrefix("Error: contract 'F2112000371' already exists."))
    let czech = try session.run(["contract", "add", "F2112000371"])
    #expect(czech.stderr.hasPrefix("Chyba: smlouva 'F2112000371' už existuje."))
    // A mistake in a settings file, and in alert's thresholds, said in Czech too.
    let broken = session.folder + "/broken.toml"
    try "foo = 1\n".write(toFile: broken, atomically: true, encoding: .utf8)
    let unknown = try session.run([
      "usage", "--period", "2026-10", "--config", broken, "--lang", "cs",
    ])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.hasPrefix("Chyba: \(broken):1 — neznámé nastavení 'foo'; známá jsou"))
    let threshold = try session.run(["alert", "--warn-below", "5,5%", "--dry-run"])
    #expect(
      threshold.stderr.contains("'5,5%' není počet razítek (20) ani podíl (10%)"),
      "\(threshold.stderr)")
    // doctor's checklist too.
    let doctor = try session.run(["doctor"]).stdout
    for line in [
      "OK   Soubor nastavení: \(config) (TSA_REPORT_CONFIG)",
      "OK   Časové pásmo: Europe/Prague (TSA_REPORT_TZ)",
      "FIX  Logy: soubor nastavení žádné neuvádí",
    ] {
      #expect(doctor.contains(line), "\(doctor)")
    }
    #expect(doctor.contains(" kontrol potřebuje opravu (FIX výše)."), "\(doctor)")
  }

  /// What programs read is the same in both languages: the standard CSV byte for byte, JSON's
  /// facts (ISO dates), rows and totals; Czech is for people (text, the excel-cz dialect, the
  /// workbook).
  @Test func filesForProgramsAreTheSameInEveryLanguage() throws {
    let session = Session()
    try session.demoBooks()
    for command in [
      ["usage", "--period", "2026-10", "--by", "user"],
      ["usage", "--period", "2026-10", "--by", "cost-centre", "--by", "package"],
      ["balance", "--as-of", "2026-11-30"],
      ["history"],
    ] {
      let english = try session.run(command + ["--format", "csv"]).stdout
      let czech = try session.run(command + ["--format", "csv", "--lang", "cs"]).stdout
      #expect(!english.isEmpty && english == czech, "\(command)")
      #expect(!english.contains("Total") && !english.contains("Celkem"), "\(english)")
      func data(_ json: String) throws -> [String: Any] {
        var object = try #require(
          try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["title"] = nil
        object["notes"] = nil
        return object
      }
      let englishJSON = try data(try session.run(command + ["--format", "json"]).stdout)
      let czechJSON = try data(
        try session.run(command + ["--format", "json", "--lang", "cs"]).stdout)
      #expect(NSDictionary(dictionary: englishJSON) == NSDictionary(dictionary: czechJSON))
    }
    // The balance's statuses by name; the Czech Excel dialect in words.
    let balance = try session.run(["balance", "--as-of", "2026-11-30", "--format", "csv"]).stdout
    #expect(balance.contains(",exhausted,") && balance.contains(",unpaid,"), "\(balance)")
    let excel = try session.run([
      "balance", "--as-of", "2026-11-30", "--format", "csv", "--csv-dialect", "excel-cz",
      "--lang", "cs",
    ]).stdout
    #expect(excel.contains(";vyčerpáno;") && excel.contains("F2112000371 celkem;"), "\(excel)")
  }
}
