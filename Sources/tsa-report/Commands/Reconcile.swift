import ArgumentParser
import TSALedger
import TSAModel
import TSARender
import TSAReport

struct ReconcileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reconcile",
    abstract: "Compare the provider's counters of stamps used and left with the books.",
    discussion: """
      The provider's customer portal shows, per contract, the stamps taken ("Odebraných časových razítek" at PostSignum: give it as --provider-used), the stamps left to use ("Počet časových razítek k použití": --provider-left) and the date until which stamps can be taken. Give either or both, read at the same moment: the end of --as-of (a day), or an exact time (2026-11-25T14:00:00+01:00). The books count every granted stamp of the contract up to then, and the paid, unexpired stamps left, naming the packages they are left in. Exit 0 when they agree, 1 when they differ.

      Example:
        tsa-report reconcile --contract F2112000371 --provider-used 137 \\
          --as-of 2026-11-24
        tsa-report reconcile --contract F2112000371 --provider-left 863 \\
          --provider-used 137
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The contract the provider's counter belongs to.", valueName: "id"))
  var contract: String

  @Option(
    name: .customLong("provider-used"),
    help: ArgumentHelp(
      "Stamps used, as the provider's portal shows them (PostSignum: Odebraných časových"
        + " razítek).", valueName: "n"))
  var providerUsed: Int64?

  @Option(
    name: .customLong("provider-left"),
    help: ArgumentHelp(
      "Stamps left to use, as the portal shows them (PostSignum: Počet časových razítek k"
        + " použití).", valueName: "n"))
  var providerLeft: Int64?

  @OptionGroup var asOf: MomentOption<CounterReadHelp>

  /// Reconcile's `--as-of`.
  enum CounterReadHelp: OptionHelp {
    static let text =
      "When the provider's counter was read: a day (its end) or a time with an offset (default: now)."
  }

  func validate() throws {
    if providerUsed == nil && providerLeft == nil {
      throw ValidationError(
        Speech.say(
          en: "give --provider-used, --provider-left or both, as the provider's portal shows them.",
          cs: "uveďte --provider-used, --provider-left nebo obojí, jak je ukazuje portál"
            + " poskytovatele."))
    }
    for (name, value) in [("--provider-used", providerUsed), ("--provider-left", providerLeft)] {
      if let value, value < 0 {
        throw ValidationError(
          Speech.say(
            en: "\(name) \(value) cannot be negative.", cs: "\(name) \(value) nemůže být záporné."))
      }
    }
  }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let now = context.now
    let language = try context.language()
    let (end, description) =
      try asOf.moment?.end(in: zone, language: language)
      ?? (now, language.pick(en: "now", cs: "teď") + " (\(Words(language).instant(now, in: zone)))")
    let reconciliation = try context.books().reconcile(
      contractCode: contract, providerUsed: providerUsed, providerLeft: providerLeft, end: end,
      zone: zone)
    print(
      TextRenderer.render(reconciliation.report(asOf: description, language: language)),
      terminator: "")
    if !reconciliation.agrees { throw ExitCode(1) }
  }
}
