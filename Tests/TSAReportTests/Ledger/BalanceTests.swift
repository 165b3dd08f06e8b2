import Foundation
import Testing

@testable import TSAReport

@Suite struct BalanceTests {
  func package(
    _ id: Int64, stamps: Int64, paid: String?, until: String? = nil, contract: String = "F1"
  ) -> Package {
    Package(
      id: id, contractCode: contract, stamps: stamps, price: nil, currency: "CZK", vatRate: nil,
      ordered: nil, paid: paid.flatMap { LocalDate(iso: $0) }, validYears: until == nil ? 25 : nil,
      explicitValidUntil: until.flatMap { LocalDate(iso: $0) }, ref: nil)
  }

  let today = LocalDate(iso: "2026-11-25")!

  @Test func stampsAreDrawnFromThePackageThatExpiresFirst() {
    let packages = [
      package(1, stamps: 200, paid: "2026-01-10"),  // valid until 2051-01-10
      package(2, stamps: 100, paid: "2026-03-01", until: "2027-03-01"),
    ]
    let balance = Ledger.balances(packages: packages, stampsByContract: ["F1": 150], today: today)[
      0]
    #expect(balance.packages.map(\.used) == [50, 100])
    #expect(balance.packages.map(\.remaining) == [150, 0])
    #expect(balance.packages.map(\.status) == [.active, .exhausted])
    #expect(balance.unfunded == 0)
  }

  @Test func unpaidPackagesAreListedButNeverDrawnFrom() {
    let packages = [package(1, stamps: 10, paid: "2026-01-10"), package(2, stamps: 100, paid: nil)]
    let balance = Ledger.balances(packages: packages, stampsByContract: ["F1": 15], today: today)[0]
    #expect(balance.packages.map(\.used) == [10, 0])
    #expect(balance.packages[1].status == .unpaid)
    #expect(balance.unfunded == 5)
    #expect(balance.stamps == 10)
    #expect(balance.used + balance.unfunded == 15)
  }

  @Test func aContractWithStampsButNoPackagesIsAllUnfunded() {
    let balances = Ledger.balances(packages: [], stampsByContract: ["F2": 3], today: today)
    #expect(balances.map(\.contractCode) == ["F2"])
    #expect(balances[0].unfunded == 3)
  }
}
