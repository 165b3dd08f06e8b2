import Foundation
import Testing

@testable import TSAModel

@Suite struct MoneyTests {
  @Test func amountsAreParsedExactly() {
    #expect(Money.parse("847", currency: "CZK") == Decimal(847))
    #expect(Money.parse("847.5", currency: "CZK") == Decimal(string: "847.5"))
    #expect(Money.minorUnits(Money.parse("0.10", currency: "CZK")!, currency: "CZK") == 10)
  }

  @Test(arguments: ["847.505", "-5", "8,47", "1e3", "", ".5", "5."])
  func whatIsNotAPlainAmountIsRefused(_ text: String) {
    #expect(Money.parse(text, currency: "CZK") == nil)
  }

  @Test func formattingRoundsHalfAwayFromZeroToTheMinorUnit() {
    #expect(Money.format(Decimal(847) / Decimal(350), currency: "CZK") == "2.42")
    #expect(Money.format(Decimal(string: "0.005")!, currency: "CZK") == "0.01")
    #expect(Money.format(Decimal(599) / Decimal(150), currency: "CZK") == "3.99")
    #expect(Money.format(Decimal(1000), currency: "JPY") == "1000")
    #expect(Money.format(Decimal(string: "0.05")!, currency: "EUR") == "0.05")
  }
}
