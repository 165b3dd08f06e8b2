import Foundation
import Testing

@testable import TSAModel
@testable import TSAReport

@Suite struct WordsTests {
  /// Every label has Czech words of its own (an exhaustive switch makes them exist; this finds
  /// one left in English by mistake).
  @Test func everyLabelIsCzechInCzech() {
    for label in Label.allCases {
      #expect(!label.czech.isEmpty)
      #expect(label.czech != label.english, "\(label) is not translated")
    }
  }

  @Test(arguments: [
    (1, "1 razítko", "1 den", "1 stamp", "1 day"), (2, "2 razítka", "2 dny", "2 stamps", "2 days"),
    (4, "4 razítka", "4 dny", "4 stamps", "4 days"),
    (5, "5 razítek", "5 dní", "5 stamps", "5 days"),
    (0, "0 razítek", "0 dní", "0 stamps", "0 days"),
    (1_087, "1 087 razítek", "1 087 dní", "1,087 stamps", "1,087 days"),
  ])
  func countsTakeTheFormTheirNumberWants(
    n: Int64, czechStamps: String, czechDays: String, englishStamps: String, englishDays: String
  ) {
    #expect(Words(.cs).counted(n, .stamp) == czechStamps)
    #expect(Words(.cs).counted(n, .day) == czechDays)
    #expect(Words(.en).counted(n, .stamp) == englishStamps)
    #expect(Words(.en).counted(n, .day) == englishDays)
  }

  /// The verb agrees too: `zbývá 1 razítko`, `zbývají 3 razítka`, `zbývá 5 razítek`.
  @Test func whatIsLeftReadsAsCzech() {
    let words = Words(.cs)
    let until = LocalDate(iso: "2026-11-06")!
    #expect(
      words.runway("F1", left: 3, perDay: "1.5", window: 30, days: 2, until: until)
        == "F1: zbývají 3 razítka; 1,5 razítka denně za posledních 30 dní; vystačí na 2 dny, přibližně"
        + " do 6. 11. 2026.")
    #expect(
      words.runway("F1", left: 1, perDay: "0.5", window: 30, days: 1, until: until)
        == "F1: zbývá 1 razítko; 0,5 razítka denně za posledních 30 dní; vystačí na 1 den, přibližně"
        + " do 6. 11. 2026.")
    #expect(
      words.runway("F1", left: 30, perDay: "15.3", window: 30, days: 1, until: until)
        .contains("; 15,3 razítka denně za posledních 30 dní;"))
    #expect(
      words.runway("F1", left: 30, perDay: "2", window: 30, days: 15, until: until)
        .contains("; 2 razítka denně za"))
    #expect(words.noRecentUse("F1", left: 5, window: 30).hasPrefix("F1: zbývá 5 razítek;"))
  }

  @Test func numbersMoneyAndDatesAsEachLanguageWritesThem() {
    let amount = Decimal(string: "1949.31")!
    #expect(Words(.en).money(amount, currency: "CZK") == "1,949.31")
    #expect(Words(.cs).money(amount, currency: "CZK") == "1 949,31 Kč")
    #expect(Words(.cs).money(amount, currency: "EUR") == "1 949,31 EUR")
    #expect(Words(.cs).date(LocalDate(iso: "2026-10-31")!) == "31. 10. 2026")
    #expect(Words(.en).date(LocalDate(iso: "2026-10-31")!) == "2026-10-31")
    #expect(Words(.cs).number(-1_234_567) == "-1 234 567")
  }

  /// Why a line is malformed, in Czech for the Czech import summary; English as it was stored.
  @Test func malformedReasonsReadAsCzech() {
    let reason = MalformedReason.badField("no quoted request")
    #expect(reason.description(in: .en) == "not a combined log line: no quoted request")
    #expect(
      reason.description(in: .cs) == "není řádek combined logu — chybí požadavek v uvozovkách")
    #expect(MalformedReason.emptyLine.description(in: .cs) == "prázdný řádek")
    // A phrase the list does not know stays as written.
    #expect(
      MalformedReason.haproxy("something new").description(in: .cs)
        == "není řádek HTTP logu HAProxy — something new")
  }
}
