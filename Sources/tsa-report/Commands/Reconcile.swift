import ArgumentParser
import TSALedger
import TSAModel
import TSARender
import TSAReport

struct ReconcileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reconcile",
    abstract: "Compare the provider's counter of used stamps with the books.",
    discussion: """
      The provider's portal shows how many stamps were used. The books count every granted stamp of the contract up to the same moment: the end of --as-of (a day), or an exact time (2026-11-25T14:00:00+01:00). Exit 0 when they agree, 1 when they differ.

      Example:
        tsa-report reconcile --contract F2112000371 --provider-used 137 --as-of 2026-11-24
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The contract the provider's counter belongs to.", valueName: "id"))
  var contract: String

  @Option(
    name: .customLong("provider-used"),
    help: ArgumentHelp("Stamps used, as the provider's portal shows.", valueName: "n"))
  var providerUsed: Int64

  @OptionGroup var asOf: MomentOption<CounterReadHelp>

  /// Reconcile's `--as-of`.
  enum CounterReadHelp: OptionHelp {
    static let text =
      "When the provider's counter was read: a day (its end) or a time with an offset (default: now)."
  }

  func validate() throws {
    if providerUsed < 0 {
      throw ValidationError("--provider-used \(providerUsed) cannot be negative.")
    }
  }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let now = context.now
    let (end, description) = try asOf.moment?.end(in: zone) ?? (now, "now (\(zone.format(now)))")
    let reconciliation = try context.books().reconcile(
      contractCode: contract, providerUsed: providerUsed, end: end, zone: zone)
    print(TextRenderer.render(reconciliation.report(asOf: description)), terminator: "")
    if reconciliation.difference != 0 { throw ExitCode(1) }
  }
}
