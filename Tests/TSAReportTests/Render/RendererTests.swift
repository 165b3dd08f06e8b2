import Foundation
import Testing

@testable import TSAModel
@testable import TSARender
@testable import TSAReport
@testable import TSASystem

@Suite struct RendererTests {
  let report = Report(
    title: "TSA stamp usage",
    facts: [
      Fact("interval", "Interval", "2026-10-01 00:00 +02:00 … 2026-11-01 00:00 +01:00"),
      Fact("filters", "Filters", "none"),
    ],
    table: ReportTable(
      columns: [Column("user", "User"), Column("stamps", "Stamps")],
      rows: [
        Row(.body, [.text("alice"), .integer(12_345)]),
        Row(.body, [.text("=HYPERLINK(\"http://x\",\"y\")"), .integer(7)]),
        Row(.body, [.text("novák, jan"), .integer(0)]),
        Row(.total, [.term("total", text: "Total"), .integer(12_352)]),
      ]),
    notes: ["Seen but not billed: 0 rejected by TSA"], moment: Instant(seconds: 0), language: .en)

  @Test func textAlignsNumbersRightAndSetsTheTotalApart() {
    #expect(
      TextRenderer.render(report) == """
        TSA stamp usage
        Interval: 2026-10-01 00:00 +02:00 … 2026-11-01 00:00 +01:00
        Filters:  none

        User                        Stamps
        --------------------------  ------
        alice                       12,345
        =HYPERLINK("http://x","y")       7
        novák, jan                       0
        --------------------------  ------
        Total                       12,352

        Seen but not billed: 0 rejected by TSA

        """)
  }

  @Test func csvIsRFC4180WithFormulasNeutralised() {
    #expect(
      CSVRenderer.render(report)
        == "user,stamps,row\r\nalice,12345,body\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",7,body\r\n\"novák, jan\",0,body\r\ntotal,12352,total\r\n"
    )
  }

  /// The fast byte writer says exactly what the cell-by-cell formatter says.
  @Test(arguments: CSVDialect.allCases)
  func theByteWriterAgreesWithTheCellFormatter(_ dialect: CSVDialect) {
    var random = SeededRandom(seed: 17)
    let texts = [
      "alice", "Novák, Jan", "=1+1", "a;b", "say \"hi\"", "-x", "\tx", "ok\r", "@home", "",
    ]
    var rows: [Row] = []
    for _ in 0..<300 {
      rows.append(
        Row(
          .body,
          [
            .text(texts.randomElement(using: &random)!),
            .integer(Int64.random(in: -99_999...99_999, using: &random)),
            .dateTime(
              LocalDate(daysSinceEpoch: Int64.random(in: -719_000...2_900_000, using: &random)),
              secondOfDay: Int.random(in: 0..<86_400, using: &random)),
            .date(LocalDate(daysSinceEpoch: Int64.random(in: 0...30_000, using: &random))), .empty,
            .money(Decimal(Int.random(in: 0...100_000, using: &random)) / 100, currency: "CZK"),
          ]))
    }
    let report = Report(
      title: "t", facts: [],
      table: ReportTable(columns: (0..<6).map { Column("c\($0)", "C\($0)") }, rows: rows),
      notes: [], moment: Instant(seconds: 0), language: .en)
    let separator = dialect == .standard ? "," : ";"
    let reference =
      (dialect == .excelCZ ? "\u{FEFF}" : "")
      // Machine names in the standard dialect, titles in Excel's
      + (dialect == .standard ? "c0,c1,c2,c3,c4,c5,row" : "C0;C1;C2;C3;C4;C5") + "\r\n"
      + rows.map {
        $0.cells.map { CSVRenderer.format($0, dialect) }.joined(separator: separator)
          + (dialect == .standard ? ",body" : "") + "\r\n"
      }.joined()
    #expect(CSVRenderer.render(report, dialect: dialect) == reference)
  }

  @Test(arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
  func everyFormulaLeadIsNeutralised(_ text: String) {
    #expect(CSVRenderer.neutralised(text) == "'" + text)
  }

  @Test func moneyAndDatesHaveOneSpelling() {
    #expect(CSVRenderer.format(.money(Decimal(847) / Decimal(350), currency: "CZK")) == "2.42")
    #expect(CSVRenderer.format(.date(LocalDate(iso: "2026-10-05")!)) == "2026-10-05")
    #expect(TextRenderer.format(.integer(-1_234_567), Words(.en)) == "-1,234,567")
    #expect(TextRenderer.format(.integer(-1_234_567), Words(.cs)) == "-1 234 567")
    let money = Cell.money(Decimal(string: "1949.305")!, currency: "CZK")
    #expect(TextRenderer.format(money, Words(.en)) == "1,949.31")
    #expect(TextRenderer.format(money, Words(.cs)) == "1 949,31 Kč")
    #expect(TextRenderer.format(.date(LocalDate(iso: "2026-10-05")!), Words(.cs)) == "5. 10. 2026")
    #expect(TextRenderer.format(.decimal(Decimal(847) / 200), Words(.cs)) == "4,235")
  }
}

@Suite struct TerminalTextTests {
  @Test(arguments: [
    ("alice", "alice"), ("Nováková", "Nováková"), ("\u{1B}]0;pwned\u{07}x", "\\e]0;pwned\\u{7}x"),
    ("a\u{202E}b", "a\\u{202e}b"), ("c1\u{9B}31m", "c1\\u{9b}31m"), ("tab\there", "tab\\there"),
    ("del\u{7F}", "del\\u{7f}"), ("zero\u{200B}width", "zero\\u{200b}width"),
  ])
  func controlsAndFormatCharactersAreShownAsEscapes(_ text: String, _ shown: String) {
    #expect(TerminalText.escaped(text) == shown)
    #expect(TerminalText.escaped(shown) == shown)  // escaping twice changes nothing
  }

  /// A text report shows a hostile name escaped, and its columns stay aligned to what is shown.
  @Test func aTextReportNeverPrintsAControlCharacter() {
    let report = Report(
      title: "t", facts: [Fact("filters", "Filters", "user \u{1B}[2J")],
      table: ReportTable(
        columns: [Column("user", "User"), Column("stamps", "Stamps")],
        rows: [Row(.body, [.text("\u{1B}[2Jevil\u{202E}"), .integer(1)])]),
      notes: ["note \u{07}"], moment: Instant(seconds: 0), language: .en)
    let text = TextRenderer.render(report)
    #expect(
      !text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
    #expect(text.contains("\\e[2Jevil\\u{202e}       1\n"))
    #expect(CSVRenderer.render(report).contains("\u{1B}[2Jevil\u{202E}"))  // data keeps it
  }
}

@Suite struct WorkbookCellTests {
  /// A user name longer than a cell holds is cut with a mark, never a blank cell.
  @Test func aTextLongerThanACellHoldsIsCutVisibly() {
    let long = String(repeating: "a", count: 40_000)
    let fitted = XLSXSheetWriter.fitted(long)
    #expect(fitted.utf16.count <= 32_767)
    #expect(fitted.hasSuffix(" …[cut: 40000 characters]"))
    #expect(fitted.hasPrefix(String(repeating: "a", count: 30_000)))
    #expect(XLSXSheetWriter.fitted("alice") == "alice")
  }
}

@Suite struct TotalRowTests {
  /// A user named `Total` (or `total`) cannot pass for the total row in CSV: the standard
  /// dialect's `row` column says which row is the total; in Excel's only the total reads like one.
  @Test func aUserNamedTotalIsNotTheTotalRow() {
    let report = Report(
      title: "t", facts: [],
      table: ReportTable(
        columns: [Column("user", "User"), Column("stamps", "Stamps")],
        rows: [
          Row(.body, [.text("Total"), .integer(1)]), Row(.body, [.text("total"), .integer(2)]),
          Row(.total, [.term("total", text: "Total"), .integer(3)]),
        ]),
      notes: [], moment: Instant(seconds: 0), language: .en)
    #expect(
      CSVRenderer.render(report)
        == "user,stamps,row\r\nTotal,1,body\r\ntotal,2,body\r\ntotal,3,total\r\n")
    #expect(
      CSVRenderer.render(report, dialect: .excelCZ)
        == "\u{FEFF}User;Stamps\r\n'Total;1\r\ntotal;2\r\nTotal;3\r\n")
  }
}
